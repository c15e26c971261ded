import Foundation

/// A JSON object read from a file, with typed field access whose errors name the file and field.
struct JSONFile {
    let path: String
    let raw: [String: Any]
    var count: Int { raw.count }

    init(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw TransformersError.missingFile(path: url.path) }
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            throw TransformersError.unreadable(path: url.path, reason: "cannot read file")
        }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TransformersError.unreadable(path: url.path, reason: "not a JSON object")
        }
        self.init(path: url.path, raw: obj)
    }

    init(path: String, raw: [String: Any]) {
        self.path = path
        self.raw = raw
    }

    func object(_ key: String) throws -> JSONFile {
        guard let v = raw[key] as? [String: Any] else {
            throw TransformersError.invalidField(path: path, field: key, reason: raw[key] == nil ? "missing" : "not an object")
        }
        return JSONFile(path: path, raw: v)
    }

    func string(_ key: String, path field: String? = nil) throws -> String {
        guard let v = raw[key] as? String else {
            throw TransformersError.invalidField(path: path, field: field ?? key, reason: raw[key] == nil ? "missing" : "not a string")
        }
        return v
    }

    func int(_ key: String, path field: String? = nil) throws -> Int {
        guard let n = Self.integer(raw[key]) else {
            throw TransformersError.invalidField(path: path, field: field ?? key, reason: raw[key] == nil ? "missing" : "not an integer in range")
        }
        return n
    }

    /// A JSON number as an `Int`, or nil when it is not an integer that fits (no trap or
    /// wrap-around on 1e30 or 2^64; a boolean is not a number). JSONSerialization gives booleans
    /// as NSNumber's boolean subclass; `is Bool` cannot tell them apart, as 0 and 1 cast to Bool.
    static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, type(of: number) != type(of: NSNumber(value: true)) else { return nil }
        let d = number.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 0x1p62 else { return nil }
        return number.int64Value == Int64(d) ? Int(number.int64Value) : Int(d)
    }

    /// A token id: an integer in 0...Int32.max, else nil (a larger id would wrap to another token).
    static func tokenID(_ value: Any?) -> Int32? {
        guard let n = integer(value), n >= 0, n <= Int(Int32.max) else { return nil }
        return Int32(n)
    }

    func double(_ key: String) throws -> Double {
        guard let n = raw[key] as? NSNumber else {
            throw TransformersError.invalidField(path: path, field: key, reason: raw[key] == nil ? "missing" : "not a number")
        }
        return n.doubleValue
    }

    func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = raw[key] else { return d }
        guard let b = v as? Bool else { throw TransformersError.invalidField(path: path, field: key, reason: "not a boolean") }
        return b
    }
}
