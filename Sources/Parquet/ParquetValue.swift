import Foundation

/// One cell, for generic display (`jobmatch cat`) and tests.
public enum ParquetValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    case timestamp(Int64, ParquetTimeUnit)
    case list([ParquetValue])

    /// The value as JSON text: lists as arrays, null as `null`, dates as `"YYYY-MM-DD"`,
    /// timestamps as ISO 8601 strings, bytes as base64 strings, non-finite floats as strings.
    public var json: String {
        var out = ""
        appendJSON(to: &out)
        return out
    }

    public func appendJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
            } else {
                out += d.isNaN ? "\"NaN\"" : (d > 0 ? "\"Infinity\"" : "\"-Infinity\"")
            }
        case .string(let s): ParquetValue.appendQuoted(s, to: &out)
        case .bytes(let b): ParquetValue.appendQuoted(Data(b).base64EncodedString(), to: &out)
        case .date(let days):
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withFullDate]
            ParquetValue.appendQuoted(f.string(from: Date(timeIntervalSince1970: Double(days) * 86_400)), to: &out)
        case .timestamp(let v, let unit):
            let seconds: Double = switch unit {
            case .milliseconds: Double(v) / 1e3
            case .microseconds: Double(v) / 1e6
            case .nanoseconds: Double(v) / 1e9
            }
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            ParquetValue.appendQuoted(f.string(from: Date(timeIntervalSince1970: seconds)), to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.appendJSON(to: &out)
            }
            out += "]"
        }
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
