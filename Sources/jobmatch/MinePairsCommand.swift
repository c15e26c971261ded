import Evaluation
import ArgumentParser
import CommandLineSupport
import Foundation
import Indexing
import Tables
import Transformers
import JobMatchCore
import Matching
import Training

/// `jobmatch mine-pairs`: (CV, job) training pairs with hard negatives into tables/pairs.parquet.
struct MinePairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine-pairs",
        abstract: "Mine (CV, job, hard negative) training pairs into WORKSPACE/tables/pairs.parquet.",
        discussion: """
            For each CV outside the held-out split, candidate jobs come from the base model's cosine \
            similarity (exact search over every job) and from IDF-weighted skill overlap. Positives pass \
            --min-dense, --min-skill and --min-score (score = w·cosine + (1−w)·overlap); hard negatives are \
            near jobs by cosine that share few skills (overlap < --max-negative-skill), skipping any within \
            --relative-margin of the positive's cosine. Job vectors are reused from tables/jobs_encoded.parquet \
            when it was made by the same model, else from tables/encoded/ (the encoded-jobs cache). With \
            --engine spark the jobs the cache lacks are encoded on Spark's executors first (parts of \
            --part-rows jobs, as index --engine spark encodes them) and added to the cache; the CVs are \
            encoded and searched here. With raw/labels.jsonl, prints the precision of the positives \
            (same occupation).
            Example: jobmatch mine-pairs --workspace ws --max-seq-length 128
            Example: jobmatch mine-pairs --workspace ws --engine spark --spark-master spark://host:7077 --spark-task-threads 4
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("Base model folder (default: WORKSPACE/models/all-MiniLM-L6-v2).", valueName: "dir"))
    var model: String?
    @Option(help: ArgumentHelp("Output file (default: WORKSPACE/tables/pairs.parquet).", valueName: "file"))
    var output: String?
    @Option(help: "Candidates per CV from each view (cosine, skills).") var candidates = 100
    @Option(help: "Positives per CV at most.") var positivesPerCv = 10
    @Option(help: "Weight of cosine in the combined score (the rest is skill overlap).") var denseWeight = 0.5
    @Option(help: "Minimum cosine of a positive.") var minDense = 0.35
    @Option(help: "Minimum skill overlap of a positive.") var minSkill = 0.2
    @Option(help: "Minimum combined score of a positive.") var minScore = 0.35
    @Option(help: "A hard negative shares less skill overlap than this.") var maxNegativeSkill = 0.1
    @Option(help: "Skip negatives whose cosine exceeds (1 − margin) × the positive's.") var relativeMargin = 0.05
    @Option(help: "Share of CVs held out for evaluation (by CV id).") var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Share of jobs held out for evaluation (by job id): never mined.") var heldOutJobs = HeldOutSplit.defaultJobFraction
    @Option(help: "Seed of the held-out split.") var splitSeed = HeldOutSplit.defaultSeed
    @Option(help: "Tokens per text when encoding (default: the model's max_seq_length).") var maxSeqLength: Int?
    @Option(help: "Texts per forward pass.") var batchSize = 32
    @Flag(help: "Print the report as one JSON object on stdout.") var json = false
    @OptionGroup var spark: SparkOptions
    @Option(help: "With --engine spark: jobs per Spark task (a durable part; a rerun after a kill keeps the finished ones).") var partRows = 2_048

    func validate() throws {
        if candidates < 1 { throw ValidationError("--candidates must be at least 1") }
        if positivesPerCv < 1 { throw ValidationError("--positives-per-cv must be at least 1") }
        if !(0...1).contains(denseWeight) { throw ValidationError("--dense-weight must be in [0, 1]") }
        if !(0..<1).contains(heldOut) { throw ValidationError("--held-out must be in [0, 1)") }
        if !(0..<1).contains(relativeMargin) { throw ValidationError("--relative-margin must be in [0, 1)") }
        if let l = maxSeqLength, l < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if partRows < 1 { throw ValidationError("--part-rows must be at least 1") }
    }

    func run() throws { try runReportingErrors { try mine() } }

    func mine() throws {
        let ws = Workspace(options.workspace)
        let modelURL = model.map { URL(fileURLWithPath: $0) } ?? ws.model(ModelLocator.baseModelName)
        let out = output.map { URL(fileURLWithPath: $0) } ?? ws.pairsTable
        var s = PairMining.Settings()
        s.miner.candidates = candidates; s.miner.positivesPerCV = positivesPerCv; s.miner.denseWeight = denseWeight
        s.miner.minDense = minDense; s.miner.minSkill = minSkill; s.miner.minScore = minScore
        s.miner.maxNegativeSkill = maxNegativeSkill; s.miner.relativeMargin = relativeMargin
        s.split = HeldOutSplit(fraction: heldOut, seed: splitSeed, jobFraction: heldOutJobs)
        s.maxSeqLength = maxSeqLength; s.batchSize = batchSize
        let labelsURL = ws.rawFile(.labels)
        let labels = FileManager.default.fileExists(atPath: labelsURL.path) ? try GeneratorLabels.read(labelsURL) : nil
        if let engine = try spark.encoder(workspace: ws, logName: "spark-mine.log") {
            var o = JobIndexer.Options()
            o.maxSeqLength = maxSeqLength
            o.batchSize = batchSize
            o.partRows = partRows
            var indexer = JobIndexer(jobsTable: ws.jobsTable, modelDirectory: modelURL, encodedTable: ws.jobsEncodedTable,
                                     indexFile: ws.jobsIndex, options: o)
            indexer.spark = engine
            let r = try indexer.fillCache(EncodedJobsCache(folder: ws.encodedJobsCache))
            FileHandle.standardError.write(Data(("jobs on Spark: \(r.encoded) encoded in \(r.parts) parts; \(r.cached) of \(r.jobs) were "
                                                 + "already in tables/encoded/\n").utf8))
        }
        let progress = StageProgress()
        let report = try PairMining(workspace: ws, model: modelURL, settings: s).run(output: out, labels: labels) { progress.update($0, $1, $2) }
        progress.finish()
        let stages = report.seconds.map { String(format: "%@ %.1f s", $0.stage, $0.seconds) }.joined(separator: ", ")
        if json {
            var o: [String: Any] = [
                "output": out.path, "jobs": report.jobs, "cvs": report.cvs, "held_out_cvs": report.heldOut,
                "training_cvs": report.trainingCVs, "cvs_with_pairs": report.cvsWithPairs, "pairs": report.pairs,
                "pairs_with_negative": report.withNegative, "reused_job_vectors": report.reusedJobVectors,
                "cached_job_vectors": report.cachedJobVectors,
                "seconds": Dictionary(report.seconds.map { ($0.stage, $0.seconds) }, uniquingKeysWith: +),
                "total_seconds": report.totalSeconds,
            ]
            if let p = report.precision { o["positive_precision"] = p; o["labelled_positives"] = report.labelledPositives }
            if let n = report.negativeSameOccupation { o["negative_same_occupation"] = n }
            print(String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        print("mined \(report.pairs) pairs (\(report.withNegative) with a hard negative) from \(report.cvsWithPairs) of \(report.trainingCVs) training CVs "
              + "(\(report.heldOut) of \(report.cvs) held out) against \(report.jobs) jobs → \(out.path)")
        print(String(format: "time: %.1f s (%@)%@", report.totalSeconds, stages, report.reusedJobVectors ? "; job vectors reused from \(ws.jobsEncodedTable.lastPathComponent)"
                     : report.cachedJobVectors > 0 ? "; \(report.cachedJobVectors) job vectors from tables/encoded/" : ""))
        if let p = report.precision {
            print(String(format: "precision of positives (same occupation in %@): %.3f (%d of %d labelled)",
                         labelsURL.lastPathComponent, p, report.correctPositives, report.labelledPositives))
        }
        if let n = report.negativeSameOccupation {
            print(String(format: "hard negatives of the CV's own occupation (false negatives): %.3f (%d of %d)",
                         n, report.sameOccupationNegatives, report.labelledNegatives))
        }
    }
}

/// A progress line per stage on stderr ("stage done/total"), redrawn on a terminal, else one line per stage.
final class StageProgress {
    private var stage = ""
    private var bar: ProgressBar?

    func update(_ stage: String, _ done: Int, _ total: Int) {
        if stage != self.stage {
            bar?.finish(summary: true)
            self.stage = stage
            bar = ProgressBar(total: total, unit: stage)
        }
        bar?.update(done)
    }

    func finish() { bar?.finish(summary: true); bar = nil; stage = "" }
}
