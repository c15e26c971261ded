/// Units of a Parquet timestamp.
public enum ParquetTimeUnit: String, Sendable, Equatable {
    case milliseconds, microseconds, nanoseconds
}

/// The value type of a column (of the elements, for a list column).
///
/// Each maps to one physical type and logical annotation: `string` is BYTE_ARRAY with the
/// STRING logical type, `date` is INT32 DATE (days since 1970-01-01), `timestamp` is INT64
/// TIMESTAMP in the given unit.
public enum ParquetType: Sendable, Equatable, CustomStringConvertible {
    case boolean
    case int32
    case int64
    case float
    case double
    case string
    case binary
    case date
    case timestamp(ParquetTimeUnit, utc: Bool = true)

    var physical: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestamp: .int64
        case .float: .float
        case .double: .double
        case .string, .binary: .byteArray
        }
    }

    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .float: "float"
        case .double: "double"
        case .string: "string"
        case .binary: "binary"
        case .date: "date32"
        case .timestamp(let unit, let utc): "timestamp[\(unit.rawValue)\(utc ? ", UTC" : "")]"
        }
    }
}

/// One top-level column: a value or a list of values (standard three-level LIST layout).
public struct ParquetField: Sendable, Equatable, CustomStringConvertible {
    /// Whether the field is a plain value or a list, and the nullability of list elements.
    public enum Shape: Sendable, Equatable {
        case value
        case list(elementNullable: Bool)
    }

    public var name: String
    public var type: ParquetType
    /// Whether the value (or the whole list) may be null.
    public var nullable: Bool
    public var shape: Shape

    public init(_ name: String, _ type: ParquetType, nullable: Bool = true, shape: Shape = .value) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.shape = shape
    }

    /// A value column. Example: `.column("title", .string)`.
    public static func column(_ name: String, _ type: ParquetType, nullable: Bool = true) -> ParquetField {
        ParquetField(name, type, nullable: nullable)
    }

    /// A list column. Example: `.list("skills", of: .string)`, `.list("embedding", of: .float,
    /// nullable: false, elementNullable: false)`.
    public static func list(_ name: String, of type: ParquetType, nullable: Bool = true,
                            elementNullable: Bool = true) -> ParquetField {
        ParquetField(name, type, nullable: nullable, shape: .list(elementNullable: elementNullable))
    }

    public var isList: Bool {
        if case .list = shape { return true }
        return false
    }

    var elementNullable: Bool {
        if case .list(let e) = shape { return e }
        return false
    }

    /// The definition level at which a present value (or element) is defined.
    var maxDefinitionLevel: Int {
        switch shape {
        case .value: nullable ? 1 : 0
        case .list(let e): (nullable ? 1 : 0) + 1 + (e ? 1 : 0)
        }
    }

    var maxRepetitionLevel: Int { isList ? 1 : 0 }

    public var description: String {
        let base = isList ? "list<\(type)\(elementNullable ? "" : " not null")>" : type.description
        return "\(name): \(base)\(nullable ? "" : " not null")"
    }
}

/// The columns of a Parquet file, in order.
///
/// ```swift
/// let schema = ParquetSchema([
///     .column("title", .string),
///     .list("skills", of: .string),
///     .list("embedding", of: .float, elementNullable: false),
/// ])
/// ```
public struct ParquetSchema: Sendable, Equatable, CustomStringConvertible {
    public var fields: [ParquetField]

    public init(_ fields: [ParquetField]) {
        self.fields = fields
    }

    /// The index of the field named `name`, or nil.
    public func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    public var description: String {
        fields.map(\.description).joined(separator: "\n")
    }

    /// The flattened schema elements of the footer for this schema.
    func schemaElements() -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(fields.count))]
        for field in fields {
            var leaf = SchemaElement(type: field.type.physical, name: field.name)
            switch field.type {
            case .string: leaf.logicalType = .string; leaf.convertedType = 0
            case .date: leaf.logicalType = .date; leaf.convertedType = 6
            case .timestamp(let unit, let utc):
                leaf.logicalType = .timestamp(utc: utc, unit: unit)
                if utc { leaf.convertedType = unit == .milliseconds ? 9 : unit == .microseconds ? 10 : nil }
            default: break
            }
            switch field.shape {
            case .value:
                leaf.repetition = field.nullable ? 1 : 0
                elements.append(leaf)
            case .list(let elementNullable):
                elements.append(SchemaElement(repetition: field.nullable ? 1 : 0, name: field.name,
                                              numChildren: 1, convertedType: 3, logicalType: .list))
                elements.append(SchemaElement(repetition: 2, name: "list", numChildren: 1))
                leaf.name = "element"
                leaf.repetition = elementNullable ? 1 : 0
                elements.append(leaf)
            }
        }
        return elements
    }
}
