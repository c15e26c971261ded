import Foundation
import Parquet

/// Reads `tables/pairs.parquet`: `cv_id` (string), `job_id` (string), `anchor` (string),
/// `positive` (string), `negative` (string, nullable); other columns (scores) are ignored.
public enum PairsFile {
    public static let requiredColumns = ["cv_id", "job_id", "anchor", "positive"]

    /// - Throws: `TrainingError.invalidInput` naming the file and the field: a missing column, a
    ///   null or empty id or text (with its row), or an unreadable file.
    public static func read(_ url: URL) throws -> [TrainingPair] {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch {
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: "\(error)")
        }
        let names = Set(reader.schema.fields.map(\.name))
        for c in requiredColumns where !names.contains(c) {
            throw TrainingError.invalidInput(path: url.path, field: c, reason: "missing column (needs \(requiredColumns.joined(separator: ", ")) and optional negative)")
        }
        let hasNegative = names.contains("negative")
        var out: [TrainingPair] = []
        out.reserveCapacity(reader.rowCount)
        for g in 0..<reader.rowGroups.count {
            let batch = try reader.readRowGroup(g, columns: requiredColumns + (hasNegative ? ["negative"] : []))
            func column(_ name: String) throws -> [String?] {
                do { return try batch[name]!.strings() } catch {
                    throw TrainingError.invalidInput(path: url.path, field: name, reason: "not a string column: \(error)")
                }
            }
            let cv = try column("cv_id"), job = try column("job_id"), a = try column("anchor"), p = try column("positive")
            let n = hasNegative ? try column("negative") : [String?](repeating: nil, count: batch.rowCount)
            for i in 0..<batch.rowCount {
                let row = out.count
                func required(_ v: String?, _ field: String) throws -> String {
                    guard let v, !v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        throw TrainingError.invalidInput(path: url.path, field: field, reason: "row \(row) is null or empty")
                    }
                    return v
                }
                var neg = n[i]
                if let s = neg, s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw TrainingError.invalidInput(path: url.path, field: "negative", reason: "row \(row) is empty (use null for none)")
                }
                if neg?.isEmpty == true { neg = nil }
                out.append(TrainingPair(cvID: try required(cv[i], "cv_id"), jobID: try required(job[i], "job_id"),
                                        anchor: try required(a[i], "anchor"), positive: try required(p[i], "positive"), negative: neg))
            }
        }
        guard !out.isEmpty else { throw TrainingError.invalidInput(path: url.path, field: "rows", reason: "no pairs") }
        return out
    }
}
