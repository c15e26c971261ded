import Foundation
import Parquet

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

    /// - Throws: `TrainingError.invalidInput` naming the file and the missing column or null field.
    public static func read(_ url: URL, idColumn: String, textColumn: String = "embedding_text", skillsColumn: String? = "skills") throws -> TextTable {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch {
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: "cannot read: \(error) (run `jobmatch process` first)")
        }
        let columns = [idColumn, textColumn] + (skillsColumn.map { [$0] } ?? [])
        for c in columns where reader.schema.index(of: c) == nil {
            throw TrainingError.invalidInput(path: url.path, field: c, reason: "missing column")
        }
        var out = TextTable(ids: [], texts: [], skills: [])
        for g in reader.rowGroups.indices {
            let b: RowBatch
            do { b = try reader.readRowGroup(g, columns: columns) } catch {
                throw TrainingError.invalidInput(path: url.path, field: "row group \(g)", reason: "\(error)")
            }
            let ids = try strings(b, idColumn, url), texts = try strings(b, textColumn, url)
            var skills: [[String?]?] = Array(repeating: [], count: b.rowCount)
            if let s = skillsColumn {
                do { skills = try b[s]!.stringLists() } catch {
                    throw TrainingError.invalidInput(path: url.path, field: s, reason: "not a list of strings")
                }
            }
            for r in 0..<b.rowCount {
                guard let id = ids[r], !id.isEmpty else {
                    throw TrainingError.invalidInput(path: url.path, field: idColumn, reason: "row \(out.count) is null or empty")
                }
                guard let t = texts[r], !t.isEmpty else {
                    throw TrainingError.invalidInput(path: url.path, field: textColumn, reason: "row \(out.count) (\(id)) is null or empty")
                }
                out.ids.append(id)
                out.texts.append(t)
                out.skills.append((skills[r] ?? []).compactMap { $0 })
            }
        }
        return out
    }

    static func strings(_ b: RowBatch, _ name: String, _ url: URL) throws -> [String?] {
        do { return try b[name]!.strings() } catch {
            throw TrainingError.invalidInput(path: url.path, field: name, reason: "not a string column")
        }
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
