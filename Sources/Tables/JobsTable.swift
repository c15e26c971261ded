import Foundation
import Parquet

/// `tables/jobs.parquet`, written by processing and read by mining, indexing, evaluation, the
/// matcher and the feedback export: its schema, its writer and its typed reads. No other module
/// names its columns.
///
/// | column | type | |
/// | --- | --- | --- |
/// | job_id, source, title, language, embedding_text | string | required |
/// | url, company, location, country, level, type, first_seen, summary | string | nullable |
/// | skills_listed, skills, skill_spans | list<string> | required, no null elements; spans as `SkillSpan.stored` |
public enum JobsTable {
    public enum Column: String, TableColumn {
        case jobID = "job_id", source, url, title, company, location, country, level, type
        case firstSeen = "first_seen", language
        case skillsListed = "skills_listed", skills, skillSpans = "skill_spans"
        case summary, embeddingText = "embedding_text"
    }

    public static let schema = ParquetSchema([
        .column("job_id", .string, nullable: false), .column("source", .string, nullable: false),
        .column("url", .string), .column("title", .string, nullable: false), .column("company", .string),
        .column("location", .string), .column("country", .string), .column("level", .string),
        .column("type", .string), .column("first_seen", .string), .column("language", .string, nullable: false),
        .list("skills_listed", of: .string, nullable: false, elementNullable: false),
        .list("skills", of: .string, nullable: false, elementNullable: false),
        .list("skill_spans", of: .string, nullable: false, elementNullable: false),
        .column("summary", .string), .column("embedding_text", .string, nullable: false),
    ])

    static let what = "jobs table", hint = "run `jobmatch process` first"

    /// Appends rows to a new jobs table (row groups of 16,384 rows); the file is complete only
    /// after `close()`.
    public final class Writer {
        private let writer: ParquetWriter
        public private(set) var rows = 0

        public init(url: URL, metadata: [String: String] = [:]) throws {
            writer = try ParquetWriter(url: url, schema: JobsTable.schema,
                                       options: ParquetWriterOptions(rowGroupSize: 16_384, metadata: metadata))
        }

        public func append(_ r: JobRow) throws {
            func str(_ s: String?) -> ParquetValue { s.map { .string($0) } ?? .null }
            try writer.append(row: [
                .string(r.jobID), .string(r.source), str(r.url), .string(r.title), str(r.company), str(r.location),
                str(r.country), str(r.level), str(r.type), str(r.firstSeen), .string(r.language),
                .list(r.skillsListed.map { .string($0) }), .list(r.skills.map { .string($0) }),
                .list(r.skillSpans.map { .string($0.stored) }), str(r.summary), .string(r.embeddingText),
            ])
            rows += 1
        }

        public func close() throws { try writer.close() }
    }

    /// Rows in table order with only `columns` filled (the others keep `JobRow`'s defaults).
    /// A null in a string column the schema requires reads as "" (callers that need a value check it).
    /// - Throws: `TablesError` naming the file: missing, unreadable, a missing column, a null in a
    ///   required one.
    public static func read(_ url: URL, columns: [Column]) throws -> [JobRow] {
        var out: [JobRow] = []
        try forEachRowGroup(url, columns: columns) { out += $0 }
        return out
    }

    /// Reads a row group at a time (memory holds one row group of the asked columns).
    public static func forEachRowGroup(_ url: URL, columns: [Column], _ body: ([JobRow]) throws -> Void) throws {
        let file = try TableFileReader<Column>(url: url, what: what, hint: hint)
        try file.require(columns)
        for g in 0..<file.rowGroupCount { try body(rows(try file.batch(g, columns), columns)) }
    }

    /// The rows numbered `range` (0-based table rows), reading only the row groups they lie in.
    public static func rows(_ url: URL, in range: Range<Int>, columns: [Column]) throws -> [JobRow] {
        let file = try TableFileReader<Column>(url: url, what: what, hint: hint)
        try file.require(columns)
        guard range.lowerBound >= 0, range.upperBound <= file.rowCount else {
            throw TablesError(.schema, path: url.path, "rows \(range.lowerBound)..<\(range.upperBound) asked of a table of \(file.rowCount) rows")
        }
        var out: [JobRow] = []
        var first = 0
        for (g, info) in file.reader.rowGroups.enumerated() {
            let groupRows = first..<(first + info.rowCount)
            defer { first += info.rowCount }
            guard groupRows.overlaps(range) else { continue }
            let rows = try rows(try file.batch(g, columns), columns)
            let lo = max(range.lowerBound, groupRows.lowerBound) - groupRows.lowerBound
            let hi = min(range.upperBound, groupRows.upperBound) - groupRows.lowerBound
            out += rows[lo..<hi]
        }
        return out
    }

    /// Rows of the table (from the footer).
    public static func rowCount(_ url: URL) throws -> Int {
        try TableFileReader<Column>(url: url, what: what, hint: hint).rowCount
    }

    /// `embedding_text` by job id for the `wanted` ids (the first row of an id wins).
    public static func embeddingTexts(_ url: URL, ids wanted: Set<String>) throws -> [String: String] {
        var out: [String: String] = [:]
        try forEachRowGroup(url, columns: [.jobID, .embeddingText]) { rows in
            for r in rows where wanted.contains(r.jobID) && out[r.jobID] == nil { out[r.jobID] = r.embeddingText }
        }
        return out
    }

    static func rows(_ b: TableBatch<Column>, _ columns: [Column]) throws -> [JobRow] {
        var rows = [JobRow](repeating: JobRow(), count: b.count)
        for c in columns {
            switch c {
            case .jobID: for (i, v) in try b.strings(c).enumerated() { rows[i].jobID = v ?? "" }
            case .source: for (i, v) in try b.strings(c).enumerated() { rows[i].source = v ?? "" }
            case .title: for (i, v) in try b.strings(c).enumerated() { rows[i].title = v ?? "" }
            case .language: for (i, v) in try b.strings(c).enumerated() { rows[i].language = v ?? "" }
            case .embeddingText: for (i, v) in try b.strings(c).enumerated() { rows[i].embeddingText = v ?? "" }
            case .url: for (i, v) in try b.strings(c).enumerated() { rows[i].url = v }
            case .company: for (i, v) in try b.strings(c).enumerated() { rows[i].company = v }
            case .location: for (i, v) in try b.strings(c).enumerated() { rows[i].location = v }
            case .country: for (i, v) in try b.strings(c).enumerated() { rows[i].country = v }
            case .level: for (i, v) in try b.strings(c).enumerated() { rows[i].level = v }
            case .type: for (i, v) in try b.strings(c).enumerated() { rows[i].type = v }
            case .firstSeen: for (i, v) in try b.strings(c).enumerated() { rows[i].firstSeen = v }
            case .summary: for (i, v) in try b.strings(c).enumerated() { rows[i].summary = v }
            case .skillsListed: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skillsListed = v }
            case .skills: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skills = v }
            case .skillSpans: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skillSpans = v.compactMap(SkillSpan.init(stored:)) }
            }
        }
        return rows
    }
}
