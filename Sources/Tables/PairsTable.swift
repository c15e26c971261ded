import Foundation
import JobMatchCore
import Parquet

/// One training pair: a CV's text (anchor), a job that suits it (positive) and optionally one
/// that does not (hard negative), with the mining scores when they were mined.
public struct PairRow: Sendable, Equatable {
    public var cvID: String
    public var jobID: String
    /// The CV's embedding text.
    public var anchor: String
    /// The positive job's embedding text.
    public var positive: String
    /// The hard negative job's embedding text; nil when none.
    public var negative: String?
    public var negativeJobID: String?
    /// Mining scores (nil in feedback pairs): combined, dense (base-model cosine) and skill overlap.
    public var score: Double?
    public var denseScore: Double?
    public var skillScore: Double?
    public var negativeDenseScore: Double?
    public var negativeSkillScore: Double?

    public init(cvID: String, jobID: String, anchor: String, positive: String, negative: String? = nil,
                negativeJobID: String? = nil, score: Double? = nil, denseScore: Double? = nil, skillScore: Double? = nil,
                negativeDenseScore: Double? = nil, negativeSkillScore: Double? = nil) {
        self.cvID = cvID
        self.jobID = jobID
        self.anchor = anchor
        self.positive = positive
        self.negative = negative
        self.negativeJobID = negativeJobID
        self.score = score
        self.denseScore = denseScore
        self.skillScore = skillScore
        self.negativeDenseScore = negativeDenseScore
        self.negativeSkillScore = negativeSkillScore
    }
}

/// `tables/pairs.parquet` (mined) and `tables/feedback_pairs.parquet` (from feedback): one schema,
/// of which feedback pairs write the first five columns (they have no mining scores).
///
/// | column | type | |
/// | --- | --- | --- |
/// | cv_id, job_id, anchor, positive | string | required |
/// | negative, negative_job_id | string | nullable: no hard negative |
/// | score, dense_score, skill_score | double | required in mined pairs |
/// | negative_dense_score, negative_skill_score | double | nullable |
public enum PairsTable {
    public enum Column: String, TableColumn {
        case cvID = "cv_id", jobID = "job_id", anchor, positive, negative, negativeJobID = "negative_job_id"
        case score, denseScore = "dense_score", skillScore = "skill_score"
        case negativeDenseScore = "negative_dense_score", negativeSkillScore = "negative_skill_score"
    }

    /// Which columns a file holds.
    public enum Layout: Sendable {
        /// Every column (what mining writes).
        case mined
        /// cv_id, job_id, anchor, positive, negative (what the feedback export writes).
        case feedback
    }

    public static func schema(_ layout: Layout) -> ParquetSchema {
        switch layout {
        case .mined:
            ParquetSchema([
                .column("cv_id", .string, nullable: false), .column("job_id", .string, nullable: false),
                .column("anchor", .string, nullable: false), .column("positive", .string, nullable: false),
                .column("negative", .string), .column("negative_job_id", .string),
                .column("score", .double, nullable: false), .column("dense_score", .double, nullable: false),
                .column("skill_score", .double, nullable: false),
                .column("negative_dense_score", .double), .column("negative_skill_score", .double),
            ])
        case .feedback:
            ParquetSchema([
                .column("cv_id", .string, nullable: false), .column("job_id", .string, nullable: false),
                .column("anchor", .string, nullable: false), .column("positive", .string, nullable: false),
                .column("negative", .string, nullable: true),
            ])
        }
    }

    /// The columns every pairs file has; `negative` is optional.
    public static let requiredColumns: [Column] = [.cvID, .jobID, .anchor, .positive]

    /// Writes `rows` to `url` durably (a temporary file, synced, renamed into place), in chunks of
    /// 32,768 rows. Mined rows must carry their three scores.
    /// - Throws: `TablesError` naming the file.
    public static func write(_ rows: [PairRow], layout: Layout, to url: URL, metadata: [String: String] = [:]) throws {
        let tmp = DurableFile.temporary(for: url)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let w = try ParquetWriter(url: tmp, schema: schema(layout), options: ParquetWriterOptions(metadata: metadata))
            let chunk = 32_768
            for start in stride(from: 0, to: rows.count, by: chunk) {
                let part = rows[start..<min(rows.count, start + chunk)]
                var columns: [ColumnData] = [
                    .strings(part.map(\.cvID)), .strings(part.map(\.jobID)),
                    .strings(part.map(\.anchor)), .strings(part.map(\.positive)), .strings(part.map(\.negative)),
                ]
                if layout == .mined {
                    columns += [
                        .strings(part.map(\.negativeJobID)),
                        .doubles(part.map { $0.score ?? 0 }), .doubles(part.map { $0.denseScore ?? 0 }),
                        .doubles(part.map { $0.skillScore ?? 0 }),
                        .doubles(part.map(\.negativeDenseScore)), .doubles(part.map(\.negativeSkillScore)),
                    ]
                }
                try w.write(columns)
            }
            try w.close()
            try DurableFile.commit(tmp, to: url)
        } catch let e as JobMatchError {
            try? FileManager.default.removeItem(at: tmp)
            throw TablesError(.io, path: url.path, "\(e)")
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw TablesError(.io, path: url.path, "cannot write: \(error)")
        }
    }

    /// Every row with the required columns and `negative` (when the file has it) filled, in order.
    /// Scores and `negative_job_id` are read too when the file has them.
    /// - Throws: `TablesError` naming the file and the missing column.
    public static func read(_ url: URL) throws -> [PairRow] {
        let file = try TableFileReader<Column>(url: url, what: "pairs table", hint: "run `jobmatch mine-pairs` first")
        do { try file.require(requiredColumns) } catch let e as TablesError {
            throw TablesError(.schema, path: url.path, "\(e.message) (needs cv_id, job_id, anchor, positive and optional negative)")
        }
        let columns = requiredColumns + Column.allCases.filter { !requiredColumns.contains($0) && file.has($0) }
        var out: [PairRow] = []
        out.reserveCapacity(file.rowCount)
        for g in 0..<file.rowGroupCount {
            let b = try file.batch(g, columns)
            let cv = try b.strings(.cvID), job = try b.strings(.jobID), a = try b.strings(.anchor), p = try b.strings(.positive)
            func optionalStrings(_ c: Column) throws -> [String?] { b.has(c) ? try b.strings(c) : Array(repeating: nil, count: b.count) }
            func optionalDoubles(_ c: Column) throws -> [Double?] { b.has(c) ? try b.doubles(c) : Array(repeating: nil, count: b.count) }
            let n = try optionalStrings(.negative), nID = try optionalStrings(.negativeJobID)
            let s = try optionalDoubles(.score), d = try optionalDoubles(.denseScore), k = try optionalDoubles(.skillScore)
            let nd = try optionalDoubles(.negativeDenseScore), nk = try optionalDoubles(.negativeSkillScore)
            for i in 0..<b.count {
                out.append(PairRow(cvID: cv[i] ?? "", jobID: job[i] ?? "", anchor: a[i] ?? "", positive: p[i] ?? "",
                                   negative: n[i], negativeJobID: nID[i], score: s[i], denseScore: d[i], skillScore: k[i],
                                   negativeDenseScore: nd[i], negativeSkillScore: nk[i]))
            }
        }
        return out
    }

    /// The CV ids that have pairs (reading only that column).
    public static func cvIDs(_ url: URL) throws -> Set<String> {
        let file = try TableFileReader<Column>(url: url, what: "pairs table", hint: "run `jobmatch mine-pairs` first")
        try file.require([.cvID])
        var out = Set<String>()
        for g in 0..<file.rowGroupCount { out.formUnion(try file.batch(g, [.cvID]).strings(.cvID).compactMap { $0 }) }
        return out
    }
}
