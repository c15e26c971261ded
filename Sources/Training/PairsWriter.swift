import Foundation
import JobMatchCore
import Parquet

/// Writes mined pairs as `tables/pairs.parquet` (the contract `PairsFile` reads), durably: to a
/// temporary file, synced, then renamed into place.
///
/// Columns: `cv_id`, `job_id`, `anchor` (CV embedding text), `positive` (job embedding text),
/// `negative` (job embedding text, null when none), `negative_job_id` (null when none), `score`
/// (combined), `dense_score`, `skill_score`, `negative_dense_score`, `negative_skill_score`.
public enum PairsWriter {
    public static func schema() -> ParquetSchema {
        ParquetSchema([
            .column("cv_id", .string, nullable: false), .column("job_id", .string, nullable: false),
            .column("anchor", .string, nullable: false), .column("positive", .string, nullable: false),
            .column("negative", .string), .column("negative_job_id", .string),
            .column("score", .double, nullable: false), .column("dense_score", .double, nullable: false),
            .column("skill_score", .double, nullable: false),
            .column("negative_dense_score", .double), .column("negative_skill_score", .double),
        ])
    }

    public static func write(_ pairs: [PairMiner.Pair], cvs: TextTable, jobs: TextTable, to url: URL, metadata: [String: String] = [:]) throws {
        let tmp = DurableFile.temporary(for: url)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let w = try ParquetWriter(url: tmp, schema: schema(), options: ParquetWriterOptions(metadata: metadata))
            let chunk = 32_768
            for start in stride(from: 0, to: max(pairs.count, 1), by: chunk) where start < pairs.count {
                let part = pairs[start..<min(pairs.count, start + chunk)]
                try w.write([
                    .strings(part.map { cvs.ids[$0.cv] }), .strings(part.map { jobs.ids[$0.positive.job] }),
                    .strings(part.map { cvs.texts[$0.cv] }), .strings(part.map { jobs.texts[$0.positive.job] }),
                    .strings(part.map { $0.negative.map { jobs.texts[$0.job] } }),
                    .strings(part.map { $0.negative.map { jobs.ids[$0.job] } }),
                    .doubles(part.map(\.score)), .doubles(part.map(\.positive.dense)), .doubles(part.map(\.positive.skill)),
                    .doubles(part.map { $0.negative?.dense }), .doubles(part.map { $0.negative?.skill }),
                ])
            }
            try w.close()
            try DurableFile.commit(tmp, to: url)
        } catch let e as JobMatchError {
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: "\(e)")
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: "cannot write: \(error)")
        }
    }
}
