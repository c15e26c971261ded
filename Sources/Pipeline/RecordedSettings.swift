import Foundation

/// A stage's settings as the manifest records them: the `Codable` settings value encoded whole,
/// kept as a JSON tree, so nothing is turned into text and parsed back by hand (that is how a
/// re-index once lost `--precision`) and `decode(_:)` gives back the value that was recorded.
///
/// Numbers keep their JSON text, so integers of any size and doubles survive exactly.
public struct RecordedSettings: Codable, Sendable, Equatable {
    public let json: JSONValue

    public init<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        json = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(value))
    }

    /// The recorded value.
    /// - Throws: `DecodingError` when it was recorded by another version of the settings type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(json))
    }

    public init(from decoder: any Decoder) throws { json = try JSONValue(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

/// A JSON value; numbers as their text.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .number(String(i)) }
        else if let u = try? c.decode(UInt64.self) { self = .number(String(u)) }
        else if let d = try? c.decode(Double.self) { self = .number("\(d)") }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let text):
            if let i = Int64(text) { try c.encode(i) } else if let u = UInt64(text) { try c.encode(u) } else { try c.encode(Double(text) ?? 0) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
