import Foundation
import Tables

/// Ids, embedding texts and canonical skills of `tables/jobs.parquet` or `tables/cvs.parquet`,
/// in table order: what pair mining and evaluation read.
public struct TextTable: Sendable {
    public var ids: [String]
    public var texts: [String]
    /// Canonical skill ids per row (empty when the table has no skills column and none is asked).
    public var skills: [[String]]
    public var count: Int { ids.count }

    public init(ids: [String], texts: [String], skills: [[String]]) {
        self.ids = ids
        self.texts = texts
        self.skills = skills
    }

    /// Ids, embedding texts and skills of `tables/jobs.parquet`, in table order.
    /// - Throws: `EvaluationError.invalidInput` naming the file and the missing column or empty field.
    public static func jobs(_ url: URL) throws -> TextTable {
        let rows = try tableRead(url) { try JobsTable.read(url, columns: [.jobID, .embeddingText, .skills]) }
        return try make(url, rows.map { ($0.jobID, $0.embeddingText, $0.skills) }, idColumn: JobsTable.Column.jobID.rawValue,
                        textColumn: JobsTable.Column.embeddingText.rawValue)
    }

    /// Ids, embedding texts and skills of `tables/cvs.parquet`, in table order.
    public static func cvs(_ url: URL) throws -> TextTable {
        let rows = try tableRead(url) { try CVsTable.read(url, columns: [.cvID, .embeddingText, .skills]) }
        return try make(url, rows.map { ($0.cvID, $0.embeddingText, $0.skills) }, idColumn: CVsTable.Column.cvID.rawValue,
                        textColumn: CVsTable.Column.embeddingText.rawValue)
    }

    private static func tableRead<T>(_ url: URL, _ read: () throws -> T) throws -> T {
        do { return try read() } catch let e as TablesError {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: e.message)
        }
    }

    private static func make(_ url: URL, _ rows: [(String, String, [String])], idColumn: String, textColumn: String) throws -> TextTable {
        var out = TextTable(ids: [], texts: [], skills: [])
        for (id, text, skills) in rows {
            guard !id.isEmpty else {
                throw EvaluationError.invalidInput(path: url.path, field: idColumn, reason: "row \(out.count) is null or empty")
            }
            guard !text.isEmpty else {
                throw EvaluationError.invalidInput(path: url.path, field: textColumn, reason: "row \(out.count) (\(id)) is null or empty")
            }
            out.ids.append(id)
            out.texts.append(text)
            out.skills.append(skills)
        }
        return out
    }

    /// The rows whose id passes `keep`, in order.
    public func filter(_ keep: (String) -> Bool) -> TextTable {
        var out = TextTable(ids: [], texts: [], skills: [])
        for i in ids.indices where keep(ids[i]) {
            out.ids.append(ids[i]); out.texts.append(texts[i]); out.skills.append(skills[i])
        }
        return out
    }
}
