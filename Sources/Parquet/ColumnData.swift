/// The dense values of a column, without nulls: one entry per present value (per present
/// element, for list columns).
public enum ColumnValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrays)

    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .byteArray(let v): v.count
        }
    }

    var physical: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .float: .float
        case .double: .double
        case .byteArray: .byteArray
        }
    }

    static func empty(_ type: PhysicalType) -> ColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .float: .float([])
        case .double: .double([])
        default: .byteArray(ByteArrays())
        }
    }

    func slice(_ r: Range<Int>) -> ColumnValues {
        switch self {
        case .boolean(let v): .boolean(Array(v[r]))
        case .int32(let v): .int32(Array(v[r]))
        case .int64(let v): .int64(Array(v[r]))
        case .float(let v): .float(Array(v[r]))
        case .double(let v): .double(Array(v[r]))
        case .byteArray(let v): .byteArray(v.slice(r))
        }
    }

    mutating func append(_ other: ColumnValues) throws {
        let mismatch = ParquetError(.typeMismatch, "cannot append \(other.physical) values to \(physical) values")
        // Each case empties `self` before appending so the array is uniquely referenced.
        switch self {
        case .boolean(var a):
            guard case .boolean(let b) = other else { throw mismatch }
            self = .int32([]); a += b; self = .boolean(a)
        case .int32(var a):
            guard case .int32(let b) = other else { throw mismatch }
            self = .boolean([]); a += b; self = .int32(a)
        case .int64(var a):
            guard case .int64(let b) = other else { throw mismatch }
            self = .boolean([]); a += b; self = .int64(a)
        case .float(var a):
            guard case .float(let b) = other else { throw mismatch }
            self = .boolean([]); a += b; self = .float(a)
        case .double(var a):
            guard case .double(let b) = other else { throw mismatch }
            self = .boolean([]); a += b; self = .double(a)
        case .byteArray(var a):
            guard case .byteArray(let b) = other else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b); self = .byteArray(a)
        }
    }
}

/// A batch of one column's values for a number of rows: what the writer takes and the reader
/// gives back.
///
/// Values are dense (`values` holds only present values); `validity` marks which slots are
/// present. For a list column, slots are list elements: row `r` holds slots
/// `offsets[r]..<offsets[r+1]`, and `listValidity` marks null lists. Build one with the static
/// constructors (`.strings(["a", nil])`, `.floatLists(flat:dimension:)`) and read one with the
/// typed accessors (`strings()`, `floatLists()`).
public struct ColumnData: Sendable, Equatable {
    public var values: ColumnValues
    /// Per slot; nil when every slot is present.
    public var validity: [Bool]?
    /// For list columns: `rowCount + 1` slot offsets, starting at 0.
    public var offsets: [Int]?
    /// For list columns: per row, whether the list is present; nil when all are.
    public var listValidity: [Bool]?
    public private(set) var rowCount: Int

    public init(values: ColumnValues, validity: [Bool]? = nil, offsets: [Int]? = nil,
                listValidity: [Bool]? = nil) {
        self.values = values
        self.validity = validity
        self.offsets = offsets
        self.listValidity = listValidity
        if let offsets {
            rowCount = offsets.count - 1
        } else {
            rowCount = validity?.count ?? values.count
        }
    }

    public var isList: Bool { offsets != nil }

    /// Number of slots (rows for value columns, elements for list columns).
    public var slotCount: Int { offsets.map { $0.last ?? 0 } ?? rowCount }

    /// Checks the parts agree with each other; the writer calls it on every batch.
    func validate(as field: ParquetField) throws {
        func bad(_ m: String) -> ParquetError { ParquetError(.invalidArgument, "column \(field.name): \(m)") }
        guard values.physical == field.type.physical else {
            throw ParquetError(.typeMismatch, "column \(field.name) is \(field.type) but was given \(values.physical) values")
        }
        guard field.isList == isList else {
            throw ParquetError(.typeMismatch, "column \(field.name) is \(field.isList ? "a list" : "not a list") but was given \(isList ? "lists" : "values")")
        }
        if let offsets {
            guard offsets.first == 0 else { throw bad("offsets must start at 0") }
            for i in 1..<offsets.count where offsets[i] < offsets[i - 1] { throw bad("offsets must not decrease") }
            if let listValidity, listValidity.count != rowCount { throw bad("list validity count differs from rows") }
        }
        let slots = slotCount
        let present: Int
        if let validity {
            guard validity.count == slots else { throw bad("validity has \(validity.count) entries for \(slots) slots") }
            present = validity.reduce(0) { $0 + ($1 ? 1 : 0) }
        } else {
            present = slots
        }
        guard present == values.count else { throw bad("\(values.count) values for \(present) present slots") }
        if !field.nullable {
            let nulls = isList ? (listValidity?.contains(false) ?? false) : (validity?.contains(false) ?? false)
            if nulls { throw ParquetError(.invalidArgument, "column \(field.name) is not nullable but has nulls") }
        }
        if isList && !field.elementNullable && (validity?.contains(false) ?? false) {
            throw ParquetError(.invalidArgument, "column \(field.name) has null list elements but its elements are not nullable")
        }
    }

    /// The rows `range` as a new batch.
    public func slice(rows range: Range<Int>) -> ColumnData {
        let slotRange = offsets.map { $0[range.lowerBound]..<$0[range.upperBound] } ?? range
        let valueStart: Int
        let valueEnd: Int
        if let validity {
            var before = 0
            for i in 0..<slotRange.lowerBound where validity[i] { before += 1 }
            var inside = 0
            for i in slotRange where validity[i] { inside += 1 }
            valueStart = before
            valueEnd = before + inside
        } else {
            valueStart = slotRange.lowerBound
            valueEnd = slotRange.upperBound
        }
        return ColumnData(
            values: values.slice(valueStart..<valueEnd),
            validity: validity.map { Array($0[slotRange]) },
            offsets: offsets.map { o in o[range.lowerBound...range.upperBound].map { $0 - slotRange.lowerBound } },
            listValidity: listValidity.map { Array($0[range]) })
    }

    /// Appends the rows of `other` (same kind of column).
    public mutating func append(_ other: ColumnData) throws {
        guard isList == other.isList else {
            throw ParquetError(.typeMismatch, "cannot append a \(other.isList ? "list" : "value") batch to a \(isList ? "list" : "value") batch")
        }
        let mySlots = slotCount, theirSlots = other.slotCount
        try values.append(other.values)
        if validity != nil || other.validity != nil {
            var v = validity ?? Array(repeating: true, count: mySlots)
            validity = nil
            v += other.validity ?? Array(repeating: true, count: theirSlots)
            validity = v
        }
        if listValidity != nil || other.listValidity != nil {
            var v = listValidity ?? Array(repeating: true, count: rowCount)
            listValidity = nil
            v += other.listValidity ?? Array(repeating: true, count: other.rowCount)
            listValidity = v
        }
        if var o = offsets, let theirs = other.offsets {
            offsets = nil
            let base = o.last ?? 0
            o.reserveGrowing(o.count + theirs.count - 1)
            for i in 1..<theirs.count { o.append(theirs[i] + base) }
            offsets = o
        }
        rowCount += other.rowCount
    }
}
