/// Building batches from Swift arrays.
extension ColumnData {
    static func fromOptionals<T>(_ input: [T?], _ wrap: ([T]) -> ColumnValues) -> ColumnData {
        var dense: [T] = []
        dense.reserveCapacity(input.count)
        var validity: [Bool] = []
        validity.reserveCapacity(input.count)
        var anyNull = false
        for v in input {
            if let v { dense.append(v); validity.append(true) } else { validity.append(false); anyNull = true }
        }
        return ColumnData(values: wrap(dense), validity: anyNull ? validity : nil)
    }

    static func fromLists<T>(_ rows: [[T?]?], _ wrap: ([T]) -> ColumnValues) -> ColumnData {
        var dense: [T] = []
        var validity: [Bool] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(rows.count + 1)
        var listValidity: [Bool] = []
        listValidity.reserveCapacity(rows.count)
        var anyNullList = false, anyNullElement = false
        for row in rows {
            if let row {
                for e in row {
                    if let e { dense.append(e); validity.append(true) } else { validity.append(false); anyNullElement = true }
                }
                listValidity.append(true)
            } else {
                listValidity.append(false)
                anyNullList = true
            }
            offsets.append(validity.count)
        }
        return ColumnData(values: wrap(dense), validity: anyNullElement ? validity : nil,
                          offsets: offsets, listValidity: anyNullList ? listValidity : nil)
    }

    static func fromLists<T>(_ rows: [[T]?], _ wrap: ([T]) -> ColumnValues) -> ColumnData {
        var dense: [T] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(rows.count + 1)
        var listValidity: [Bool] = []
        listValidity.reserveCapacity(rows.count)
        var anyNullList = false
        for row in rows {
            if let row { dense += row; listValidity.append(true) } else { listValidity.append(false); anyNullList = true }
            offsets.append(dense.count)
        }
        return ColumnData(values: wrap(dense), offsets: offsets, listValidity: anyNullList ? listValidity : nil)
    }

    public static func booleans(_ v: [Bool?]) -> ColumnData { fromOptionals(v) { .boolean($0) } }
    public static func int32s(_ v: [Int32?]) -> ColumnData { fromOptionals(v) { .int32($0) } }
    public static func int64s(_ v: [Int64?]) -> ColumnData { fromOptionals(v) { .int64($0) } }
    public static func floats(_ v: [Float?]) -> ColumnData { fromOptionals(v) { .float($0) } }
    public static func doubles(_ v: [Double?]) -> ColumnData { fromOptionals(v) { .double($0) } }
    public static func strings(_ v: [String?]) -> ColumnData {
        fromOptionals(v) { .byteArray(ByteArrays(strings: $0)) }
    }
    public static func binaries(_ v: [[UInt8]?]) -> ColumnData {
        fromOptionals(v) { rows in
            var b = ByteArrays()
            for r in rows { b.append(bytes: r) }
            return .byteArray(b)
        }
    }

    public static func booleans(_ v: [Bool]) -> ColumnData { ColumnData(values: .boolean(v)) }
    public static func int32s(_ v: [Int32]) -> ColumnData { ColumnData(values: .int32(v)) }
    public static func int64s(_ v: [Int64]) -> ColumnData { ColumnData(values: .int64(v)) }
    public static func floats(_ v: [Float]) -> ColumnData { ColumnData(values: .float(v)) }
    public static func doubles(_ v: [Double]) -> ColumnData { ColumnData(values: .double(v)) }
    public static func strings(_ v: [String]) -> ColumnData { ColumnData(values: .byteArray(ByteArrays(strings: v))) }

    public static func stringLists(_ rows: [[String]?]) -> ColumnData {
        fromLists(rows) { .byteArray(ByteArrays(strings: $0)) }
    }
    public static func stringLists(_ rows: [[String?]?]) -> ColumnData {
        fromLists(rows) { .byteArray(ByteArrays(strings: $0)) }
    }
    public static func floatLists(_ rows: [[Float]?]) -> ColumnData { fromLists(rows) { .float($0) } }
    public static func floatLists(_ rows: [[Float?]?]) -> ColumnData { fromLists(rows) { .float($0) } }
    public static func doubleLists(_ rows: [[Double?]?]) -> ColumnData { fromLists(rows) { .double($0) } }
    public static func int32Lists(_ rows: [[Int32?]?]) -> ColumnData { fromLists(rows) { .int32($0) } }
    public static func int64Lists(_ rows: [[Int64?]?]) -> ColumnData { fromLists(rows) { .int64($0) } }
    public static func booleanLists(_ rows: [[Bool?]?]) -> ColumnData { fromLists(rows) { .boolean($0) } }

    /// Fixed-size float lists (embeddings) from a row-major matrix, without per-row arrays.
    ///
    /// - Parameters:
    ///   - flat: `rows × dimension` floats, row after row.
    ///   - dimension: the length of every list; must divide `flat.count`.
    public static func floatLists(flat: [Float], dimension: Int) -> ColumnData {
        precondition(dimension > 0 && flat.count % dimension == 0, "flat.count must be a multiple of dimension")
        let rows = flat.count / dimension
        return ColumnData(values: .float(flat), offsets: (0...rows).map { $0 * dimension })
    }
}
