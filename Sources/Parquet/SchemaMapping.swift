/// One leaf column of a file's schema, with its levels and (when supported) its field.
struct LeafColumn {
    var path: [String]
    var physical: PhysicalType
    var maxDefinitionLevel: Int
    var maxRepetitionLevel: Int
    /// For list fields: the definition level of an empty (present) list.
    var listDefinitionLevel: Int
    /// Index into the reader's `schema.fields`, or nil for columns of unsupported shape.
    var fieldIndex: Int?
}

/// Maps the footer's flattened schema tree to `ParquetField`s and leaf columns.
struct SchemaMapping {
    var fields: [ParquetField] = []
    var leaves: [LeafColumn] = []
    /// Top-level names of columns this reader cannot read (maps, structs, INT96…), with why.
    var unsupported: [(String, String)] = []

    private final class Node {
        let element: SchemaElement
        var children: [Node] = []
        init(_ element: SchemaElement) { self.element = element }
    }

    init(_ elements: [SchemaElement]) throws {
        var index = 0
        func build(_ depth: Int) throws -> Node {
            guard index < elements.count else { throw ParquetError(.corruptMetadata, "schema tree ends early") }
            guard depth < 64 else { throw ParquetError(.corruptMetadata, "schema nested too deep") }
            let node = Node(elements[index])
            index += 1
            let n = Int(node.element.numChildren ?? 0)
            guard n >= 0, n <= elements.count - index else {
                throw ParquetError(.corruptMetadata, "schema element \(node.element.name) claims \(n) children")
            }
            for _ in 0..<n { node.children.append(try build(depth + 1)) }
            return node
        }
        let root = try build(0)
        guard index == elements.count else { throw ParquetError(.corruptMetadata, "schema has elements outside the tree") }
        for child in root.children { try add(child) }
    }

    private static func isOptional(_ e: SchemaElement) -> Bool { e.repetition == 1 }
    private static func isRepeated(_ e: SchemaElement) -> Bool { e.repetition == 2 }

    private mutating func addLeaves(_ node: Node, path: [String], def: Int, rep: Int, field: Int?, listDef: Int) throws {
        let e = node.element
        let d = def + (e.repetition == 1 || e.repetition == 2 ? 1 : 0)
        let r = rep + (e.repetition == 2 ? 1 : 0)
        if node.children.isEmpty && e.numChildren == nil {
            guard let physical = e.type else { throw ParquetError(.corruptMetadata, "leaf \(e.name) has no type") }
            leaves.append(LeafColumn(path: path + [e.name], physical: physical, maxDefinitionLevel: d,
                                     maxRepetitionLevel: r, listDefinitionLevel: listDef, fieldIndex: field))
        } else {
            for c in node.children { try addLeaves(c, path: path + [e.name], def: d, rep: r, field: field, listDef: listDef) }
        }
    }

    private mutating func unsupported(_ node: Node, _ why: String) throws {
        unsupported.append((node.element.name, why))
        try addLeaves(node, path: [], def: 0, rep: 0, field: nil, listDef: 0)
    }

    private mutating func add(_ node: Node) throws {
        let e = node.element
        let isLeaf = e.numChildren == nil
        if isLeaf {
            guard let type = Self.valueType(e) else { return try unsupported(node, "type \(Self.typeName(e)) is not supported") }
            if Self.isRepeated(e) {
                // Legacy one-level list: a repeated primitive.
                fields.append(.list(e.name, of: type, nullable: false, elementNullable: false))
                return try addLeaves(node, path: [], def: 0, rep: 0, field: fields.count - 1, listDef: 0)
            }
            fields.append(.column(e.name, type, nullable: Self.isOptional(e)))
            return try addLeaves(node, path: [], def: 0, rep: 0, field: fields.count - 1, listDef: 0)
        }
        let isList = e.logicalType == .list || e.convertedType == 3
        guard isList, !Self.isRepeated(e), node.children.count == 1, Self.isRepeated(node.children[0].element) else {
            return try unsupported(node, isList ? "list layout is not supported" : "nested groups (structs, maps) are not supported")
        }
        let repeated = node.children[0]
        let elementNode: Node
        if repeated.element.numChildren == nil {
            elementNode = repeated  // two-level list: the repeated field is the element
        } else if repeated.children.count == 1, repeated.children[0].element.numChildren == nil,
                  repeated.element.name != "array", repeated.element.name != "\(e.name)_tuple" {
            elementNode = repeated.children[0]
        } else {
            return try unsupported(node, "lists of structs are not supported")
        }
        guard let type = Self.valueType(elementNode.element) else {
            return try unsupported(node, "list element type \(Self.typeName(elementNode.element)) is not supported")
        }
        let elementNullable = elementNode !== repeated && Self.isOptional(elementNode.element)
        fields.append(.list(e.name, of: type, nullable: Self.isOptional(e), elementNullable: elementNullable))
        let listDef = Self.isOptional(e) ? 1 : 0
        try addLeaves(node, path: [], def: 0, rep: 0, field: fields.count - 1, listDef: listDef)
    }

    static func typeName(_ e: SchemaElement) -> String {
        guard let t = e.type else { return "group" }
        return ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"][Int(t.rawValue)]
    }

    /// The `ParquetType` of a primitive element, or nil when this module cannot read it.
    static func valueType(_ e: SchemaElement) -> ParquetType? {
        guard let physical = e.type else { return nil }
        if e.convertedType == 5 { return nil }  // DECIMAL
        if case .other = e.logicalType { return nil }
        switch physical {
        case .boolean: return .boolean
        case .int32:
            if e.logicalType == .date || e.convertedType == 6 { return .date }
            if e.convertedType == 7 { return nil }  // TIME_MILLIS
            return .int32
        case .int64:
            if case .timestamp(let utc, let unit) = e.logicalType { return .timestamp(unit, utc: utc) }
            if e.convertedType == 9 { return .timestamp(.milliseconds, utc: true) }
            if e.convertedType == 10 { return .timestamp(.microseconds, utc: true) }
            if e.convertedType == 8 { return nil }  // TIME_MICROS
            return .int64
        case .float: return .float
        case .double: return .double
        case .byteArray:
            switch e.logicalType {
            case .string, .enumeration, .json: return .string
            default: return [0, 4, 19].contains(e.convertedType ?? -1) ? .string : .binary
            }
        case .int96, .fixedLenByteArray: return nil
        }
    }
}
