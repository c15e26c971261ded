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
        guard let n = raw[key] as? NSNumber, !(raw[key] is Bool), n.doubleValue == n.doubleValue.rounded() else {
            throw TransformersError.invalidField(path: path, field: field ?? key, reason: raw[key] == nil ? "missing" : "not an integer")
        }
        return n.intValue
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
