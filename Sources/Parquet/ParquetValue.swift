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
    /// Time since the epoch; `utc` is false for timestamps not adjusted to UTC (local times).
    case timestamp(Int64, ParquetTimeUnit, utc: Bool = true)
    case list([ParquetValue])

    /// The value as JSON text: lists as arrays, null as `null`, dates as `"YYYY-MM-DD"`,
    /// timestamps as ISO 8601 strings (with `Z` when UTC), bytes as base64 strings, non-finite floats as strings.
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
            out += "\"" + ParquetValue.civilDate(Int64(days)) + "\""
        case .timestamp(let v, let unit, let utc):
            let perSecond: Int64 = switch unit {
            case .milliseconds: 1_000
            case .microseconds: 1_000_000
            case .nanoseconds: 1_000_000_000
            }
            let (q, r) = v.quotientAndRemainder(dividingBy: perSecond)
            let seconds = r < 0 ? q - 1 : q
            let fraction = r < 0 ? r + perSecond : r
            let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
            let day = secondOfDay < 0 ? days - 1 : days
            let sod = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
            let digits = unit == .milliseconds ? 3 : unit == .microseconds ? 6 : 9
            var text = ParquetValue.civilDate(day) + "T" + ParquetValue.pad(sod / 3600, 2) + ":"
                + ParquetValue.pad(sod / 60 % 60, 2) + ":" + ParquetValue.pad(sod % 60, 2)
            if fraction != 0 { text += "." + ParquetValue.pad(fraction, digits) }
            out += "\"" + text + (utc ? "Z" : "") + "\""
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.appendJSON(to: &out)
            }
            out += "]"
        }
    }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Days since 1970-01-01 as "YYYY-MM-DD" (proleptic Gregorian; H. Hinnant's civil_from_days).
    static func civilDate(_ days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y < 0 ? "-" : "") + pad(abs(y), 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
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
