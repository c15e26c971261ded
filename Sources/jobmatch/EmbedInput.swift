import Foundation
import Ingest
import JobMatchCore
import Parquet

/// One text to embed, with its id.
struct EmbedRecord {
    var id: String
    var text: String
}

/// Streams the texts of `jobmatch embed` from JSON Lines, CSV or Parquet (chosen by extension),
/// through the pipeline's own readers, in chunks, so memory stays bounded however large the file.
///
/// A bad record (broken JSON, a missing or non-string text field, a cut-off CSV record, a null
/// text in Parquet) is reported to `rejects` with file, line (row for Parquet) and reason, and
/// skipped; the good ones go through. A missing text column stops the run with a clear error.
/// Records without an id field get their 1-based record number as id.
final class EmbedInput {
    enum Format { case jsonl, csv, parquet }

    let url: URL
    let format: Format
    let rejects: RejectLog
    private let textField: String
    private let idField: String
    private var records = 0
    // One of these is open, by format.
    private var lines: LineReader?
    private var csv: CSVReader?
    private var csvColumns: (text: Int, id: Int?) = (0, nil)
    private var parquet: ParquetReader?
    private var parquetGroup = 0
    private var parquetPending: [EmbedRecord] = []

    /// - Throws: `JobMatchError` or `ParquetError` naming the file when it cannot be opened or
    ///   lacks the text column.
    init(url: URL, textField: String, idField: String, rejects: RejectLog) throws {
        self.url = url
        self.textField = textField
        self.idField = idField
        self.rejects = rejects
        switch url.pathExtension.lowercased() {
        case "csv": format = .csv
        case "parquet": format = .parquet
        default: format = .jsonl
        }
        try open()
    }

    private func open() throws {
        switch format {
        case .jsonl: lines = try LineReader(path: url.path, rejects: rejects)
        case .csv:
            let reader = try CSVReader(path: url.path, rejects: rejects)
            csvColumns = (try reader.requireColumn(textField), reader.column(idField))
            csv = reader
        case .parquet:
            let reader = try ParquetReader(url: url)
            guard reader.schema.index(of: textField) != nil else {
                throw JobMatchError.format(path: url.path, reason: "no column '\(textField)' (columns: \(reader.schema.fields.map(\.name).joined(separator: ", ")))")
            }
            parquet = reader
        }
    }

    /// The number of good records, counted by a first pass (cheap next to encoding them).
    func count() throws -> Int {
        if let parquet { return parquet.rowCount }
        let counter = try EmbedInput(url: url, textField: textField, idField: idField, rejects: RejectLog(file: nil))
        var n = 0
        while case let chunk = try counter.next(1 << 12), !chunk.isEmpty { n += chunk.count }
        return n
    }

    /// Up to `limit` next good records; empty at the end of the input.
    func next(_ limit: Int) throws -> [EmbedRecord] {
        var out: [EmbedRecord] = []
        out.reserveCapacity(limit)
        switch format {
        case .jsonl:
            guard let lines else { break }
            while out.count < limit, try lines.next() {
                records += 1
                guard let object = try? JSONSerialization.jsonObject(with: Data(lines.bytes)) as? [String: Any] else {
                    rejects.record(Rejection(source: url.path, line: lines.line, reason: "not a JSON object"), raw: lines.bytes)
                    continue
                }
                guard let text = object[textField] as? String else {
                    rejects.record(Rejection(source: url.path, line: lines.line, reason: "no string field '\(textField)'"), raw: lines.bytes)
                    continue
                }
                out.append(EmbedRecord(id: object[idField].map { "\($0)" } ?? String(records), text: text))
            }
        case .csv:
            guard let csv else { break }
            while out.count < limit, try csv.next() {
                records += 1
                out.append(EmbedRecord(id: csvColumns.id.map(csv.string) ?? String(records), text: csv.string(csvColumns.text)))
            }
        case .parquet:
            guard let parquet else { break }
            while parquetPending.count < limit, parquetGroup < parquet.rowGroups.count {
                try readParquetGroup(parquet)
            }
            out = Array(parquetPending.prefix(limit))
            parquetPending.removeFirst(out.count)
        }
        return out
    }

    private func readParquetGroup(_ reader: ParquetReader) throws {
        let hasID = reader.schema.index(of: idField) != nil
        let batch = try reader.readRowGroup(parquetGroup, columns: hasID ? [textField, idField] : [textField])
        parquetGroup += 1
        guard let textColumn = batch[textField] else { return }
        let texts = try textColumn.strings()
        let ids: [String?]
        if hasID, let idColumn = batch[idField], let field = reader.schema.fields.first(where: { $0.name == idField }) {
            ids = idColumn.rowValues(as: field.type).map { value in
                switch value {
                case .null: nil
                case .string(let s): s
                case .int(let i): String(i)
                default: "\(value)"
                }
            }
        } else {
            ids = Array(repeating: nil, count: texts.count)
        }
        for (text, id) in zip(texts, ids) {
            records += 1
            guard let text else {
                rejects.record(Rejection(source: url.path, line: records, reason: "null '\(textField)' in row \(records)"))
                continue
            }
            parquetPending.append(EmbedRecord(id: id ?? String(records), text: text))
        }
    }
}

struct EmbedError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
