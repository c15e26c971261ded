import Foundation
import Tables

/// Reads `tables/pairs.parquet` (or feedback pairs) as training pairs (`PairsTable`: `cv_id`,
/// `job_id`, `anchor`, `positive`, optional `negative`; scores are not used).
public enum PairsFile {
    /// - Throws: `TrainingError.invalidInput` naming the file and the field: a missing column, a
    ///   null or empty id or text (with its row), or an unreadable file.
    public static func read(_ url: URL) throws -> [TrainingPair] {
        let rows: [PairRow]
        do { rows = try PairsTable.read(url) } catch let e as TablesError {
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: e.message)
        }
        var out: [TrainingPair] = []
        out.reserveCapacity(rows.count)
        for (row, r) in rows.enumerated() {
            func required(_ v: String, _ column: PairsTable.Column) throws -> String {
                guard !v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw TrainingError.invalidInput(path: url.path, field: column.rawValue, reason: "row \(row) is null or empty")
                }
                return v
            }
            if let s = r.negative, s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw TrainingError.invalidInput(path: url.path, field: PairsTable.Column.negative.rawValue, reason: "row \(row) is empty (use null for none)")
            }
            out.append(TrainingPair(cvID: try required(r.cvID, .cvID), jobID: try required(r.jobID, .jobID),
                                    anchor: try required(r.anchor, .anchor), positive: try required(r.positive, .positive),
                                    negative: r.negative))
        }
        guard !out.isEmpty else { throw TrainingError.invalidInput(path: url.path, field: "rows", reason: "no pairs") }
        return out
    }
}
