import Foundation
import Parquet

/// `tables/cvs.parquet`, written by processing and read by mining, evaluation, the matcher and
/// the feedback export: its schema, its writer and its typed reads.
///
/// | column | type | |
/// | --- | --- | --- |
/// | cv_id, text, embedding_text | string | required |
/// | name, headline, location, education, category | string | nullable |
/// | years_experience | double | nullable |
/// | skills_listed, skills, skill_spans | list<string> | required; spans as `SkillSpan.stored` |
/// | open_to_recruiters | boolean | required: the person lets recruiters find the CV (CV index) |
public enum CVsTable {
    public enum Column: String, TableColumn {
        case cvID = "cv_id", name, headline, location, education, yearsExperience = "years_experience", category
        case skillsListed = "skills_listed", skills, skillSpans = "skill_spans", text, embeddingText = "embedding_text"
        case openToRecruiters = "open_to_recruiters"
    }

    public static let schema = ParquetSchema([
        .column("cv_id", .string, nullable: false), .column("name", .string), .column("headline", .string),
        .column("location", .string), .column("education", .string), .column("years_experience", .double),
        .column("category", .string),
        .list("skills_listed", of: .string, nullable: false, elementNullable: false),
        .list("skills", of: .string, nullable: false, elementNullable: false),
        .list("skill_spans", of: .string, nullable: false, elementNullable: false),
        .column("text", .string, nullable: false), .column("embedding_text", .string, nullable: false),
        .column("open_to_recruiters", .boolean, nullable: false),
    ])

    static let what = "CVs table", hint = "run `jobmatch process` first"

    /// Appends rows to a new CVs table; the file is complete only after `close()`.
    public final class Writer {
        private let writer: ParquetWriter
        public private(set) var rows = 0

        public init(url: URL) throws {
            writer = try ParquetWriter(url: url, schema: CVsTable.schema)
        }

        public func append(_ r: CVRow) throws {
            func str(_ s: String?) -> ParquetValue { s.map { .string($0) } ?? .null }
            try writer.append(row: [
                .string(r.cvID), str(r.name), str(r.headline), str(r.location), str(r.education),
                r.yearsExperience.map { .double($0) } ?? .null, str(r.category),
                .list(r.skillsListed.map { .string($0) }), .list(r.skills.map { .string($0) }),
                .list(r.skillSpans.map { .string($0.stored) }), .string(r.text), .string(r.embeddingText),
                .bool(r.openToRecruiters),
            ])
            rows += 1
        }

        public func close() throws { try writer.close() }
    }

    /// Rows in table order with only `columns` filled.
    /// - Throws: `TablesError` naming the file and what is wrong.
    public static func read(_ url: URL, columns: [Column]) throws -> [CVRow] {
        var out: [CVRow] = []
        try forEachRowGroup(url, columns: columns) { out += $0 }
        return out
    }

    /// Reads a row group at a time.
    public static func forEachRowGroup(_ url: URL, columns: [Column], _ body: ([CVRow]) throws -> Void) throws {
        let file = try TableFileReader<Column>(url: url, what: what, hint: hint)
        try file.require(columns)
        for g in 0..<file.rowGroupCount { try body(rows(try file.batch(g, columns), columns)) }
    }

    /// The CV with this id (`columns` filled), reading the id column first and the rest of only
    /// the row group that holds it.
    /// - Throws: `TablesError.unknownID` naming the id and the table.
    public static func row(id: String, _ url: URL, columns: [Column]) throws -> CVRow {
        let file = try TableFileReader<Column>(url: url, what: what, hint: hint)
        try file.require(columns + [.cvID])
        for g in 0..<file.rowGroupCount {
            guard let r = try file.batch(g, [.cvID]).strings(.cvID).firstIndex(of: id) else { continue }
            return try rows(try file.batch(g, columns), columns)[r]
        }
        throw TablesError(.unknownID, path: url.path, "no CV with id '\(id)'")
    }

    /// The first `n` CV ids, in table order.
    public static func ids(first n: Int, _ url: URL) throws -> [String] {
        let file = try TableFileReader<Column>(url: url, what: what, hint: hint)
        try file.require([.cvID])
        var out: [String] = []
        for g in 0..<file.rowGroupCount where out.count < n {
            out += try file.batch(g, [.cvID]).strings(.cvID).compactMap { $0 }.prefix(n - out.count)
        }
        return out
    }

    /// `embedding_text` (the anchor of training pairs) by CV id for the `wanted` ids.
    public static func embeddingTexts(_ url: URL, ids wanted: Set<String>) throws -> [String: String] {
        var out: [String: String] = [:]
        try forEachRowGroup(url, columns: [.cvID, .embeddingText]) { rows in
            for r in rows where wanted.contains(r.cvID) && out[r.cvID] == nil { out[r.cvID] = r.embeddingText }
        }
        return out
    }

    static func rows(_ b: TableBatch<Column>, _ columns: [Column]) throws -> [CVRow] {
        var rows = [CVRow](repeating: CVRow(), count: b.count)
        for c in columns {
            switch c {
            case .cvID: for (i, v) in try b.strings(c).enumerated() { rows[i].cvID = v ?? "" }
            case .text: for (i, v) in try b.strings(c).enumerated() { rows[i].text = v ?? "" }
            case .embeddingText: for (i, v) in try b.strings(c).enumerated() { rows[i].embeddingText = v ?? "" }
            case .name: for (i, v) in try b.strings(c).enumerated() { rows[i].name = v }
            case .headline: for (i, v) in try b.strings(c).enumerated() { rows[i].headline = v }
            case .location: for (i, v) in try b.strings(c).enumerated() { rows[i].location = v }
            case .education: for (i, v) in try b.strings(c).enumerated() { rows[i].education = v }
            case .category: for (i, v) in try b.strings(c).enumerated() { rows[i].category = v }
            case .yearsExperience: for (i, v) in try b.doubles(c).enumerated() { rows[i].yearsExperience = v }
            case .skillsListed: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skillsListed = v }
            case .skills: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skills = v }
            case .skillSpans: for (i, v) in try b.stringLists(c).enumerated() { rows[i].skillSpans = v.compactMap(SkillSpan.init(stored:)) }
            case .openToRecruiters: for (i, v) in try b.booleans(c).enumerated() { rows[i].openToRecruiters = v ?? false }
            }
        }
        return rows
    }
}
