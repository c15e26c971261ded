import Foundation

/// One text to embed, with its id and where it came from (for reject messages).
struct EmbedRecord {
    var id: String
    var text: String
}

/// Reads the texts of `jobmatch embed` from JSONL or CSV (chosen by extension; Parquet later).
///
/// A bad record (broken JSON, missing text field, cut-off CSV record) is reported on stderr with
/// file, line and reason, counted, and skipped; the good ones go through.
struct EmbedInput {
    let url: URL
    let textField: String
    let idField: String

    enum Format { case jsonl, csv }

    var format: Format { url.pathExtension.lowercased() == "csv" ? .csv : .jsonl }

    /// The records and the rejects ("file:line: reason", never the text itself).
    func read() throws -> (records: [EmbedRecord], rejects: [String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EmbedError("\(url.path): cannot read file")
        }
        let text = String(decoding: data, as: UTF8.self)
        return format == .csv ? try readCSV(text) : readJSONL(text)
    }

    func readJSONL(_ text: String) -> ([EmbedRecord], [String]) {
        var records: [EmbedRecord] = [], rejects: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let obj = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                rejects.append("\(url.path):\(i + 1): not a JSON object"); continue
            }
            guard let t = obj[textField] as? String else {
                rejects.append("\(url.path):\(i + 1): no string field '\(textField)'"); continue
            }
            let id = obj[idField].map { "\($0)" } ?? String(i + 1)
            records.append(EmbedRecord(id: id, text: t))
        }
        return (records, rejects)
    }

    func readCSV(_ text: String) throws -> ([EmbedRecord], [String]) {
        var records: [EmbedRecord] = [], rejects: [String] = []
        var header: [String]?
        var textCol = 0, idCol: Int?
        for r in CSVRecords(text) {
            guard let h = header else {
                header = r.fields
                guard let t = r.fields.firstIndex(of: textField) else {
                    throw EmbedError("\(url.path):1: no column '\(textField)' (columns: \(r.fields.joined(separator: ", ")))")
                }
                textCol = t
                idCol = r.fields.firstIndex(of: idField)
                continue
            }
            if !r.complete { rejects.append("\(url.path):\(r.line): unterminated quoted field"); continue }
            guard r.fields.count == h.count else {
                rejects.append("\(url.path):\(r.line): \(r.fields.count) fields, header has \(h.count)"); continue
            }
            let id = idCol.map { r.fields[$0] } ?? String(records.count + rejects.count + 1)
            records.append(EmbedRecord(id: id, text: r.fields[textCol]))
        }
        return (records, rejects)
    }
}

/// RFC 4180 records with the line each starts on; `complete` is false for a record cut off
/// inside quotes at the end of the file.
struct CSVRecords: Sequence, IteratorProtocol {
    struct Record { var fields: [String]; var line: Int; var complete: Bool }
    private var scalars: String.UnicodeScalarView.Iterator
    private var pending: Unicode.Scalar?
    private var line = 1
    private var done = false

    init(_ text: String) { scalars = text.unicodeScalars.makeIterator() }

    mutating func next() -> Record? {
        if done { return nil }
        let start = line
        var fields: [String] = [], field = String.UnicodeScalarView()
        var quoted = false, sawAny = false
        while true {
            guard let c = pending ?? scalars.next() else {
                done = true
                if !sawAny { return nil }
                fields.append(String(field))
                return Record(fields: fields, line: start, complete: !quoted)
            }
            pending = nil
            sawAny = true
            if c == "\n" { line += 1 }
            if quoted {
                if c == "\"" {
                    let n = scalars.next()
                    if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(String(field)); field = .init()
            case "\r": continue
            case "\n":
                fields.append(String(field))
                return Record(fields: fields, line: start, complete: true)
            default: field.append(c)
            }
        }
    }
}

struct EmbedError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
