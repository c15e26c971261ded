import Evaluation
import Enrichment
import ArgumentParser
import CommandLineSupport
import Foundation
import Tables
import Transformers
import Ingest
import JobMatchCore
import Matching
import Training

/// `jobmatch eval`: retrieval metrics of the base model, fine-tuned models and BM25.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Recall@1/10/100, MRR@10, NDCG@10, MAP@100 of models and BM25 on held-out CVs, a labelled set, or real texts.",
        discussion: """
            Default set: the held-out CVs (--held-out, --split-seed; as mine-pairs) against the held-out jobs of \
            WORKSPACE/tables/jobs.parquet (--held-out-jobs), judged by, in this order: --qrels FILE or raw/qrels.txt \
            (TREC qrels: cv_id 0 job_id grade; their CVs are the queries), raw/labels.jsonl (same occupation), \
            else silver labels (a keyword of the CV's category in the job's title), reported as such. \
            --relevance FILE.jsonl takes lines {"cv_id": "…", "relevant_job_ids": ["…"]} against every job instead. --real DIR evaluates the real resumes \
            (UpdatedResumeDataSet.csv, Resume) against the real LinkedIn job titles (linkedin_job_postings.csv), \
            relevant when a title holds a keyword of the resume's Category (RealTextRelevance; evaluation only). \
            Models: each --model (default: WORKSPACE/models/all-MiniLM-L6-v2 and every fine-tuned folder under \
            models/), at each --dims value (default: the model's dimension and the Matryoshka dimensions it was \
            trained with). Every figure has a 95% bootstrap interval over queries. Writes reports/eval-<time>.html; \
            --json prints {"model": {"metric": value, "metric low": …, "metric high": …}}.
            Example: jobmatch eval --workspace ws --max-seq-length 128 --json
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(name: .customLong("model"), help: ArgumentHelp("A model folder (repeatable).", valueName: "dir"))
    var models: [String] = []
    @Option(help: ArgumentHelp("Labelled set: JSONL of {\"cv_id\", \"relevant_job_ids\"}.", valueName: "file"))
    var relevance: String?
    @Option(help: ArgumentHelp("Evaluate on the real samples in this folder instead.", valueName: "dir"))
    var real: String?
    @Option(help: ArgumentHelp("Relevance judgments in TREC qrels format (cv_id 0 job_id grade); default raw/qrels.txt when present.", valueName: "file"))
    var qrels: String?
    @Option(help: "Dimensions to evaluate each model at, comma-separated (Matryoshka).") var dims: String?
    @Option(help: "Share of CVs held out (as mine-pairs).") var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Share of jobs held out (as mine-pairs): the corpus.") var heldOutJobs = HeldOutSplit.defaultJobFraction
    @Option(help: "Seed of the held-out split.") var splitSeed = HeldOutSplit.defaultSeed
    @Option(help: "Tokens per text (default: the model's max_seq_length).") var maxSeqLength: Int?
    @Option(help: "jobs: rank jobs for held-out CVs (match --cv-id); cvs: rank every CV for held-out jobs (match --job-id).")
    var direction = EvaluationSet.Direction.jobsForCV
    @Flag(help: "Also rank with each role the CV lists as a query of its own, fused with the whole CV (max and reciprocal rank), compared with the whole CV alone.")
    var roleQueries = false
    @Flag(help: "Also rank each model's top --candidates (100) fused with BM25 by reciprocal rank (what `match --ranking hybrid` serves), compared with the model alone.")
    var hybrid = false
    @Option(help: "With --hybrid: the model's candidates the BM25 fusion reorders (match --candidates; the pipeline's rerank stage measures with 30).")
    var candidates = RetrievalEvaluator.depth
    @Flag(help: "Leave out the BM25 baseline.") var noBm25 = false
    @Flag(help: "Print one JSON object keyed by model then metric.") var json = false
    @Flag(help: "Also print Precision@10 and MRR@10 per group of queries (occupation or category), where the relevance names groups.")
    var byGroup = false

    func validate() throws {
        if [relevance, real, qrels].compactMap({ $0 }).count > 1 { throw ValidationError("--relevance, --real and --qrels exclude each other") }
        if roleQueries, direction == .cvsForJob || real != nil { throw ValidationError("--role-queries needs CVs of the workspace as queries (not --direction cvs or --real)") }
        if direction == .cvsForJob, relevance != nil || real != nil { throw ValidationError("--direction cvs takes the workspace's held-out jobs, not --relevance or --real") }
        if !(0..<1).contains(heldOutJobs) { throw ValidationError("--held-out-jobs must be in [0, 1)") }
        if !(0..<1).contains(heldOut) { throw ValidationError("--held-out must be in [0, 1)") }
        if let l = maxSeqLength, l < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if !(1...RetrievalEvaluator.depth).contains(candidates) { throw ValidationError("--candidates must be in 1...\(RetrievalEvaluator.depth)") }
        _ = try parsedDims()
    }

    func parsedDims() throws -> [Int]? {
        guard let dims else { return nil }
        return try dims.split(separator: ",").map {
            guard let d = Int($0.trimmingCharacters(in: .whitespaces)), d >= 1 else { throw ValidationError("--dims: '\($0)' is not a positive number") }
            return d
        }
    }

    func run() throws { try runReportingErrors { try evaluate() } }

    func evaluate() throws {
        let ws = Workspace(options.workspace)
        var set: EvaluationSet
        if let real {
            set = try EvaluationSet.realTexts(folder: URL(fileURLWithPath: real))
        } else if let relevance {
            set = try EvaluationSet.relevanceFile(URL(fileURLWithPath: relevance), workspace: ws)
        } else {
            let judgments = try (qrels.map { try Judgments.qrels(URL(fileURLWithPath: $0)) } ?? Judgments.load(workspace: ws)).orThrow(ws)
            let split = HeldOutSplit(fraction: heldOut, seed: splitSeed, jobFraction: heldOutJobs)
            set = direction == .jobsForCV ? try EvaluationSet.heldOut(workspace: ws, split: split, judgments: judgments)
                : try EvaluationSet.heldOutJobs(workspace: ws, split: split, judgments: judgments)
        }
        if roleQueries {
            var texts: [String: String] = [:]
            let wanted = Set(set.queries.ids)
            try CVsTable.forEachRowGroup(ws.cvsTable, columns: [.cvID, .text]) { for r in $0 where wanted.contains(r.cvID) { texts[r.cvID] = r.text } }
            set.roles = set.queries.ids.map { RoleSections.split(texts[$0] ?? "") }
            let with = set.roles.filter { !$0.isEmpty }.count
            FileHandle.standardError.write(Data("role queries: \(with) of \(set.queries.count) CVs list two roles or more (\(set.roles.map(\.count).reduce(0, +)) roles)\n".utf8))
        }
        let modelURLs = models.isEmpty ? Self.defaultModels(ws) : models.map { URL(fileURLWithPath: $0) }
        guard !modelURLs.isEmpty || !noBm25 else {
            throw TrainingError.invalidSetting("nothing to evaluate: no model under \(ws.models.path) and --no-bm25")
        }
        let dims = try parsedDims()
        FileHandle.standardError.write(Data("\(set.name): \(set.queries.count) queries, \(set.corpus.count) documents\n".utf8))
        let progress = StageProgress()
        var results = try Evaluation.run(
            set: set, models: modelURLs.map { Evaluation.Model(url: $0, name: $0.standardizedFileURL.lastPathComponent, dims: dims) },
            bm25: !noBm25, hybrid: hybrid, hybridCandidates: candidates, maxSeqLength: maxSeqLength, encodedCorpus: real == nil ? ws.jobsEncodedTable : nil,
            jobsCache: real == nil ? EncodedJobsCache(folder: ws.encodedJobsCache) : nil
        ) { progress.update($0, $1, $2) }
        var comparisons: [String] = []
        /// One line: `candidate`'s paired differences from `baseline` with their intervals.
        func paired(_ candidate: RetrievalEvaluator.Result, _ baseline: RetrievalEvaluator.Result) -> String {
            "\(candidate.name) vs \(baseline.name): " + ["NDCG@10", "MRR@10", "Precision@10"].map {
                Comparison(metric: $0, candidate: candidate.perQuery, baseline: baseline.perQuery).summary }.joined(separator: ", ")
        }
        for h in results where h.name.hasSuffix("+bm25") {
            guard let whole = results.first(where: { $0.name == String(h.name.dropLast(5)) }) else { continue }
            comparisons.append(paired(h, whole))
        }
        // Each further model against the first one given, alone and fused with BM25: the paired
        // difference is what says whether fine-tuning helped beyond the noise.
        let names = modelURLs.map { $0.standardizedFileURL.lastPathComponent }
        for suffix in ["", "+bm25"] {
            guard let first = names.first, let baseline = results.first(where: { $0.name == first + suffix }) else { continue }
            for other in names.dropFirst() {
                guard let r = results.first(where: { $0.name == other + suffix }) else { continue }
                comparisons.append(paired(r, baseline))
            }
        }
        if roleQueries {
            var evaluator = RetrievalEvaluator(set: set, workspace: ws, maxSeqLength: maxSeqLength)
            evaluator.encodedCorpus = ws.jobsEncodedTable
            for url in modelURLs {
                let name = url.standardizedFileURL.lastPathComponent
                guard let whole = results.first(where: { $0.name == name }) else { continue }
                let fused = try evaluator.roleFused(model: url, name: name) { progress.update($0, $1, $2) }
                results += fused
                for f in fused { comparisons.append(paired(f, whole)) }
            }
        }
        progress.finish()
        let reportURL = ws.report("eval", at: Date())
        try HTMLReport.write(EvalReport.html(set: set, results: results, settings: [
            ("models", modelURLs.map(\.path).joined(separator: ", ")), ("max seq length", maxSeqLength.map(String.init) ?? "model's"),
            ("held-out split", real == nil && relevance == nil ? "CVs \(heldOut), jobs \(heldOutJobs), seed \(splitSeed)" : "n/a"),
        ]), to: reportURL)
        if json {
            let data = try JSONSerialization.data(withJSONObject: RetrievalEvaluator.json(results), options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            let width = max(10, results.map(\.name.count).max() ?? 0)
            print("model".padding(toLength: width, withPad: " ", startingAt: 0) + RetrievalMetrics.names.map { $0.leftPad(11) }.joined())
            for r in results {
                print(r.name.padding(toLength: width, withPad: " ", startingAt: 0)
                      + RetrievalMetrics.names.map { String(format: "%.4f", r.metrics[$0]).leftPad(11) }.joined())
            }
            print("95% bootstrap intervals over the \(set.queries.count) queries:")
            for r in results {
                print("  " + r.name.padding(toLength: width, withPad: " ", startingAt: 0)
                      + ["Precision@10", "MRR@10", "NDCG@10"].map { "  \($0) \(r.metrics.formatted($0))" }.joined())
            }
            if !comparisons.isEmpty { print("paired differences (95% interval):\n  " + comparisons.joined(separator: "\n  ")) }
            if byGroup { print(EvalGroupTable.text(results: results, set: set)) }
        }
        FileHandle.standardError.write(Data("report: \(reportURL.path)\n".utf8))
    }

    /// The base model and every fine-tuned model (a folder with the jobmatch.json marker) under models/.
    static func defaultModels(_ ws: Workspace) -> [URL] {
        let fm = FileManager.default
        var out: [URL] = []
        let base = ws.model(ModelLocator.baseModelName)
        if fm.fileExists(atPath: base.appendingPathComponent("config.json").path) { out.append(base) }
        let folders = ((try? fm.contentsOfDirectory(at: ws.models, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
        out += folders.filter { fm.fileExists(atPath: TrainedModelInfo.url(in: $0).path) && fm.fileExists(atPath: $0.appendingPathComponent("model.safetensors").path) }
        return out
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}

extension EvaluationSet.Direction: ExpressibleByArgument {}
