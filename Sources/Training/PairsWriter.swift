import Evaluation
import Foundation
import JobMatchCore
import Tables

/// Writes mined pairs as `tables/pairs.parquet` (`PairsTable`, mined layout), durably: to a
/// temporary file, synced, then renamed into place.
public enum PairsWriter {
    public static func write(_ pairs: [PairMiner.Pair], cvs: TextTable, jobs: TextTable, to url: URL, metadata: [String: String] = [:]) throws {
        let rows = pairs.map { p in
            PairRow(cvID: cvs.ids[p.cv], jobID: jobs.ids[p.positive.job], anchor: cvs.texts[p.cv], positive: jobs.texts[p.positive.job],
                    negative: p.negative.map { jobs.texts[$0.job] }, negativeJobID: p.negative.map { jobs.ids[$0.job] },
                    score: p.score, denseScore: p.positive.dense, skillScore: p.positive.skill,
                    negativeDenseScore: p.negative?.dense, negativeSkillScore: p.negative?.skill)
        }
        do { try PairsTable.write(rows, layout: .mined, to: url, metadata: metadata) } catch let e as TablesError {
            throw TrainingError.invalidInput(path: url.path, field: "file", reason: e.message)
        }
    }
}
