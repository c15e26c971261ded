/// Reading batches back as Swift arrays. Each accessor throws `typeMismatch` when the column
/// holds another physical type or shape.
extension ColumnData {
    func optionals<T>(_ dense: [T]) -> [T?] {
        guard let validity else { return dense.map { Optional($0) } }
        var out: [T?] = []
        out.reserveCapacity(validity.count)
        var k = 0
        for present in validity {
            if present { out.append(dense[k]); k += 1 } else { out.append(nil) }
        }
        return out
    }

    func lists<T>(_ dense: [T]) -> [[T?]?] {
        guard let offsets else { return [] }
        let elements = optionals(dense)
        var out: [[T?]?] = []
        out.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            if let listValidity, !listValidity[r] { out.append(nil); continue }
            out.append(Array(elements[offsets[r]..<offsets[r + 1]]))
        }
        return out
    }

    func mismatch(_ wanted: String) -> ParquetError {
        ParquetError(.typeMismatch, "asked for \(wanted) but the column holds \(isList ? "lists of " : "")\(values.physical) values")
    }

    func stringArray() -> [String]? {
        guard case .byteArray(let b) = values else { return nil }
        return (0..<b.count).map { b.string(at: $0) }
    }

    public func strings() throws -> [String?] {
        guard !isList, let s = stringArray() else { throw mismatch("strings") }
        return optionals(s)
    }
    public func int32s() throws -> [Int32?] {
        guard !isList, case .int32(let v) = values else { throw mismatch("int32 values") }
        return optionals(v)
    }
    public func int64s() throws -> [Int64?] {
        guard !isList, case .int64(let v) = values else { throw mismatch("int64 values") }
        return optionals(v)
    }
    public func floats() throws -> [Float?] {
        guard !isList, case .float(let v) = values else { throw mismatch("float values") }
        return optionals(v)
    }
    public func doubles() throws -> [Double?] {
        guard !isList, case .double(let v) = values else { throw mismatch("double values") }
        return optionals(v)
    }
    public func booleans() throws -> [Bool?] {
        guard !isList, case .boolean(let v) = values else { throw mismatch("boolean values") }
        return optionals(v)
    }
    public func stringLists() throws -> [[String?]?] {
        guard isList, let s = stringArray() else { throw mismatch("lists of strings") }
        return lists(s)
    }
    public func floatLists() throws -> [[Float?]?] {
        guard isList, case .float(let v) = values else { throw mismatch("lists of floats") }
        return lists(v)
    }
    public func doubleLists() throws -> [[Double?]?] {
        guard isList, case .double(let v) = values else { throw mismatch("lists of doubles") }
        return lists(v)
    }
    public func int64Lists() throws -> [[Int64?]?] {
        guard isList, case .int64(let v) = values else { throw mismatch("lists of int64 values") }
        return lists(v)
    }
    public func int32Lists() throws -> [[Int32?]?] {
        guard isList, case .int32(let v) = values else { throw mismatch("lists of int32 values") }
        return lists(v)
    }

    /// Every row as a `ParquetValue` (lists as `.list`, nulls as `.null`), read as `type`.
    public func rowValues(as type: ParquetType) -> [ParquetValue] {
        let scalars: [ParquetValue]
        switch values {
        case .boolean(let v): scalars = v.map { .bool($0) }
        case .int32(let v):
            scalars = type == .date ? v.map { .date($0) } : v.map { .int(Int64($0)) }
        case .int64(let v):
            if case .timestamp(let unit, let utc) = type { scalars = v.map { .timestamp($0, unit, utc: utc) } } else { scalars = v.map { .int($0) } }
        case .float(let v): scalars = v.map { .double(Double($0)) }
        case .double(let v): scalars = v.map { .double($0) }
        case .byteArray(let b):
            scalars = type == .string ? (0..<b.count).map { .string(b.string(at: $0)) }
                : (0..<b.count).map { .bytes(Array(b[$0])) }
        }
        let slots = optionals(scalars).map { $0 ?? .null }
        guard let offsets else { return slots }
        return (0..<rowCount).map { r in
            if let listValidity, !listValidity[r] { return .null }
            return .list(Array(slots[offsets[r]..<offsets[r + 1]]))
        }
    }
}
