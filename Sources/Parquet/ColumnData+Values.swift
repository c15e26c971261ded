/// Building a batch from generic `ParquetValue`s (the row-append path of `ParquetWriter`).
extension ColumnData {
    /// One column from one value per row, checked against `field`.
    ///
    /// - Throws: `typeMismatch` naming the column and row when a value does not fit the field.
    public static func from(_ cells: [ParquetValue], as field: ParquetField) throws -> ColumnData {
        guard field.isList else { return try scalars(cells, field) }
        var elements: [ParquetValue] = []
        var offsets = [0]
        offsets.reserveCapacity(cells.count + 1)
        var listValidity: [Bool] = []
        listValidity.reserveCapacity(cells.count)
        for (row, cell) in cells.enumerated() {
            switch cell {
            case .null: listValidity.append(false)
            case .list(let items): elements += items; listValidity.append(true)
            default:
                throw ParquetError(.typeMismatch, "column \(field.name), row \(row): expected a list")
            }
            offsets.append(elements.count)
        }
        let flat = try scalars(elements, field)
        return ColumnData(values: flat.values, validity: flat.validity, offsets: offsets,
                          listValidity: listValidity.contains(false) ? listValidity : nil)
    }

    private static func scalars(_ cells: [ParquetValue], _ field: ParquetField) throws -> ColumnData {
        func bad(_ index: Int) -> ParquetError {
            ParquetError(.typeMismatch, "column \(field.name), value \(index): expected \(field.type)")
        }
        switch field.type {
        case .boolean:
            return .booleans(try cells.enumerated().map { i, v -> Bool? in
                switch v { case .null: nil; case .bool(let b): b; default: throw bad(i) }
            })
        case .int32, .date:
            return .int32s(try cells.enumerated().map { i, v -> Int32? in
                switch v {
                case .null: return nil
                case .int(let x): guard let y = Int32(exactly: x) else { throw bad(i) }; return y
                case .date(let d): return d
                default: throw bad(i)
                }
            })
        case .int64, .timestamp:
            return .int64s(try cells.enumerated().map { i, v -> Int64? in
                switch v { case .null: nil; case .int(let x): x; case .timestamp(let x, _, _): x; default: throw bad(i) }
            })
        case .float:
            return .floats(try cells.enumerated().map { i, v -> Float? in
                switch v { case .null: nil; case .double(let d): Float(d); case .int(let x): Float(x); default: throw bad(i) }
            })
        case .double:
            return .doubles(try cells.enumerated().map { i, v -> Double? in
                switch v { case .null: nil; case .double(let d): d; case .int(let x): Double(x); default: throw bad(i) }
            })
        case .string:
            return .strings(try cells.enumerated().map { i, v -> String? in
                switch v { case .null: nil; case .string(let s): s; default: throw bad(i) }
            })
        case .binary:
            return .binaries(try cells.enumerated().map { i, v -> [UInt8]? in
                switch v { case .null: nil; case .bytes(let b): b; case .string(let s): Array(s.utf8); default: throw bad(i) }
            })
        }
    }
}
