import Foundation

/// A small RFC 4180 reader for the tests (quoted fields, doubled quotes, newlines in quotes);
/// stops at a cut-off record, as Python's csv module does for the fixture script.
enum SimpleCSV {
    /// Non-empty values of one column of the first rows, at most `limit` of them.
    static func column(_ name: String, in url: URL, limit: Int) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows = records(text)
        guard !rows.isEmpty, let col = rows.removeFirst().firstIndex(of: name) else { return [] }
        var out: [String] = []
        for r in rows where out.count < limit {
            if col < r.count, !r[col].isEmpty { out.append(r[col]) }
        }
        return out
    }

    static func records(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = String.UnicodeScalarView()
        var quoted = false, afterQuote = false
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = n } }
                    else { quoted = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(String(field)); field = .init(); afterQuote = false
            case "\r": continue
            case "\n": row.append(String(field)); rows.append(row); row = []; field = .init(); afterQuote = false
            default: field.append(c)
            }
        }
        if !quoted && (!field.isEmpty || !row.isEmpty) { row.append(String(field)); rows.append(row) }
        return rows
    }
}
