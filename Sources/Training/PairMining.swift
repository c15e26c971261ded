import Evaluation
import Foundation
import JobMatchCore
import Tables
import Transformers
import VectorIndex

/// The `jobmatch mine-pairs` stage: reads the jobs and CVs tables, leaves out the held-out CVs and jobs,
/// finds each CV's candidates by base-model cosine (exact search, `FlatInnerProductIndex`, batched)
/// and by skill overlap, mines pairs with `PairMiner` and writes `tables/pairs.parquet`.
public struct PairMining {
    public struct Settings: Sendable, Codable, Equatable {
        public var miner = PairMiner.Options()
        public var split = HeldOutSplit()
        /// Tokens per text when encoding; nil: the model's max_seq_length.
        public var maxSeqLength: Int?
        public var batchSize = 32
        /// CVs searched per matrix product.
        public var searchBlock = 256
        public init() {}
    }

    public struct Report: Sendable {
        public var jobs = 0, heldOutJobs = 0, cvs = 0, heldOut = 0, trainingCVs = 0
        public var cvsWithPairs = 0, pairs = 0, withNegative = 0
        /// Job vectors reused from the index's encoded table (all of them) or the encoded-jobs cache.
        public var reusedJobVectors = false
        public var cachedJobVectors = 0
        /// Seconds per stage: read, encode jobs, encode CVs, search, skills + mining, write.
        public var seconds: [(stage: String, seconds: Double)] = []
        /// Mined positives with labels on both sides, and how many share the CV's occupation.
        public var labelledPositives = 0, correctPositives = 0
        public var labelledNegatives = 0, sameOccupationNegatives = 0
        public var precision: Double? { labelledPositives > 0 ? Double(correctPositives) / Double(labelledPositives) : nil }
        public var negativeSameOccupation: Double? {
            labelledNegatives > 0 ? Double(sameOccupationNegatives) / Double(labelledNegatives) : nil
        }
        public var totalSeconds: Double { seconds.reduce(0) { $0 + $1.seconds } }
    }

    public let workspace: Workspace
    public let model: URL
    public var settings: Settings

    public init(workspace: Workspace, model: URL, settings: Settings = Settings()) {
        self.workspace = workspace
        self.model = model
        self.settings = settings
    }

    /// Mines and writes the pairs.
    /// - Parameters:
    ///   - labels: the generator's labels, for the precision of mined positives (nil: not measured).
    ///   - progress: (stage, done, total).
    public func run(output: URL, labels: GeneratorLabels?, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> Report {
        var report = Report()
        var clock = Date()
        func lap(_ stage: String) { let now = Date(); report.seconds.append((stage, now.timeIntervalSince(clock))); clock = now }

        // Held out of mining: the split's CVs and jobs, and with qrels every judged CV and every
        // job judged relevant (the evaluation's queries and corpus, `EvaluationSet.heldOut`).
        let qrels = try Judgments.qrels(workspace: workspace)
        let judgedJobs = qrels?.relevantJobs ?? []
        let allJobs = try TextTable.jobs(workspace.jobsTable)
        let jobs = allJobs.filter { !settings.split.isHeldOutJob($0) && !judgedJobs.contains($0) }
        let allCVs = try TextTable.cvs(workspace.cvsTable)
        let cvs = allCVs.filter { !settings.split.isHeldOut($0) && qrels?.cvGroup[$0] == nil }
        report.jobs = allJobs.count
        report.heldOutJobs = allJobs.count - jobs.count
        report.cvs = allCVs.count
        report.trainingCVs = cvs.count
        report.heldOut = allCVs.count - cvs.count
        guard jobs.count > 0 else { throw TrainingError.invalidInput(path: workspace.jobsTable.path, field: "rows", reason: "no jobs") }
        guard cvs.count > 0 else { throw TrainingError.invalidInput(path: workspace.cvsTable.path, field: "rows", reason: "no CVs outside the held-out split") }
        let encoder = try SentenceEncoder(directory: model)
        let d = encoder.dimension
        let fingerprint = try ModelFingerprint.of(modelDirectory: model)
        lap("read tables")

        var jobVectors: [Float]
        if let v = EncodedJobsTable.vectors(workspace.jobsEncodedTable, fingerprint: fingerprint, ids: jobs.ids, dimension: d) {
            jobVectors = v
            report.reusedJobVectors = true
        } else {
            let encoded = try Embeddings.encodeJobs(
                encoder, ids: jobs.ids, texts: jobs.texts, maxSeqLength: settings.maxSeqLength, batchSize: settings.batchSize,
                cache: EncodedJobsCache(folder: workspace.encodedJobsCache), fingerprint: fingerprint, model: model.lastPathComponent
            ) { progress("encode jobs", $0, jobs.count) }
            jobVectors = encoded.vectors
            report.cachedJobVectors = encoded.reused
        }
        lap("encode jobs")
        let cvVectors = try Embeddings.encode(encoder, cvs.texts, role: .query, maxSeqLength: settings.maxSeqLength, batchSize: settings.batchSize) {
            progress("encode CVs", $0, cvs.count)
        }
        lap("encode CVs")

        let index = try FlatInnerProductIndex(vectors: jobVectors, ids: (0..<Int64(jobs.count)).map { $0 }, dimension: d)
        let k = min(settings.miner.candidates, jobs.count)
        var dense: [[SearchHit]] = []
        dense.reserveCapacity(cvs.count)
        for start in stride(from: 0, to: cvs.count, by: settings.searchBlock) {
            let end = min(cvs.count, start + settings.searchBlock)
            dense += try index.search(batch: Array(cvVectors[(start * d)..<(end * d)]), k: k)
            progress("search", end, cvs.count)
        }
        lap("search")

        let overlap = SkillOverlap(jobSkills: jobs.skills)
        var scratch = SkillOverlap.Scratch(jobs: jobs.count)
        let miner = PairMiner(options: settings.miner)
        var pairs: [PairMiner.Pair] = []
        func cosine(_ cv: Int, _ job: Int) -> Double {
            var s: Float = 0
            for j in 0..<d { s += cvVectors[cv * d + j] * jobVectors[job * d + j] }
            return Double(s)
        }
        for c in 0..<cvs.count {
            let skills = cvs.skills[c]
            let byDense = dense[c].map { PairMiner.Candidate(job: Int($0.id), dense: Double($0.score), skill: overlap.score(cv: skills, job: jobs.skills[Int($0.id)])) }
            let bySkill = overlap.top(cv: skills, k: k, scratch: &scratch).map { PairMiner.Candidate(job: $0.job, dense: cosine(c, $0.job), skill: $0.score) }
            let mined = miner.mine(cv: c, dense: byDense, skill: bySkill)
            if !mined.isEmpty { report.cvsWithPairs += 1 }
            pairs += mined
            if c % 64 == 63 || c == cvs.count - 1 { progress("mine", c + 1, cvs.count) }
        }
        report.pairs = pairs.count
        report.withNegative = pairs.filter { $0.negative != nil }.count
        if let labels {
            for p in pairs {
                if let same = labels.sameOccupation(cv: cvs.ids[p.cv], job: jobs.ids[p.positive.job]) {
                    report.labelledPositives += 1
                    if same { report.correctPositives += 1 }
                }
                if let n = p.negative, let same = labels.sameOccupation(cv: cvs.ids[p.cv], job: jobs.ids[n.job]) {
                    report.labelledNegatives += 1
                    if same { report.sameOccupationNegatives += 1 }
                }
            }
        }
        lap("skills + mining")
        guard !pairs.isEmpty else {
            throw TrainingError.invalidSetting("no pairs passed the thresholds (lower --min-dense, --min-skill or --min-score)")
        }
        try PairsWriter.write(pairs, cvs: cvs, jobs: jobs, to: output, metadata: [
            "mining.model": model.lastPathComponent, "mining.model_fingerprint": fingerprint,
            "mining.held_out_fraction": String(settings.split.fraction), "mining.held_out_seed": String(settings.split.seed),
        ])
        lap("write")
        return report
    }
}
