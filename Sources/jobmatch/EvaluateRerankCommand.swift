import ArgumentParser
import CommandLineSupport
import Evaluation
import Foundation
import JobMatchCore
import Matching
import Tables
import Transformers
import VectorIndex

/// `jobmatch evaluate-rerank`: retrieval, rerank and fused measured on the held-out set, as the
/// pipeline's rerank stage measures them.
struct EvaluateRerankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-rerank",
        abstract: "Metrics of retrieval alone, retrieval + cross-encoder rerank, and the fused score, on the held-out CVs.",
        discussion: """
            The set is `jobmatch eval`'s: the held-out CVs (--held-out, --split-seed) against the held-out jobs \
            (--held-out-jobs), judged by --qrels FILE or raw/qrels.txt, else raw/labels.jsonl, else silver labels. \
            Each CV's --candidates best jobs by the bi-encoder (--model; default the index's model) are scored once by \
            the cross-encoder (--reranker; default WORKSPACE/models/reranker) and ordered three ways; every figure has \
            a 95% bootstrap interval and rerank and fused are compared with retrieval query by query. The pipeline's \
            rerank stage runs the same measurement and records the best order in models/reranker/ranking.json. \
            --json prints {"queries", "candidates", "best", "metrics": {"ranking": {"metric": value, "metric low", \
            "metric high"}}}.
            Example: jobmatch evaluate-rerank --workspace ws --candidates 30
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("Encoder folder (default: the one the index was built with).", valueName: "dir")) var model: String?
    @Option(help: ArgumentHelp("Cross-encoder folder (default: WORKSPACE/models/reranker).", valueName: "dir")) var reranker: String?
    @Option(help: ArgumentHelp("Relevance judgments in TREC qrels format; default raw/qrels.txt when present.", valueName: "file"))
    var qrels: String?
    @Option(help: "Candidates retrieved and reranked per CV.") var candidates = 30
    @Option(help: "Share of CVs held out (as mine-pairs).") var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Share of jobs held out (as mine-pairs): the corpus.") var heldOutJobs = HeldOutSplit.defaultJobFraction
    @Option(help: "Seed of the held-out split.") var splitSeed = HeldOutSplit.defaultSeed
    @Option(help: "Tokens per text for the bi-encoder (default: the model's max_seq_length).") var maxSeqLength: Int?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard candidates >= 1 else { throw ValidationError("--candidates must be at least 1") }
        if !(0..<1).contains(heldOutJobs) { throw ValidationError("--held-out-jobs must be in [0, 1)") }
        if !(0..<1).contains(heldOut) { throw ValidationError("--held-out must be in [0, 1)") }
    }

    func run() throws { try runReportingErrors { try evaluate() } }

    func evaluate() throws {
        let ws = Workspace(options.workspace)
        let rerankerURL = reranker.map { URL(fileURLWithPath: $0) } ?? ws.rerankerModel
        let cross = try CrossEncoderReranker(directory: rerankerURL)
        let modelURL = try model.map { URL(fileURLWithPath: $0) } ?? Self.indexModel(ws)
        let judgments = try (qrels.map { try Judgments.qrels(URL(fileURLWithPath: $0)) } ?? Judgments.load(workspace: ws)).orThrow(ws)
        let set = try EvaluationSet.heldOut(workspace: ws, split: HeldOutSplit(fraction: heldOut, seed: splitSeed, jobFraction: heldOutJobs),
                                            judgments: judgments)
        FileHandle.standardError.write(Data("\(set.name): \(set.queries.count) queries, \(set.corpus.count) documents\n".utf8))
        let evaluator = RetrievalEvaluator(set: set, workspace: ws, maxSeqLength: maxSeqLength)
        let progress = StageProgress()
        let started = Date()
        let m = try RerankEvaluation(evaluator: evaluator, candidates: candidates).run(model: modelURL, reranker: cross) { progress.update($0, $1, $2) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            let o: [String: Any] = ["queries": set.queries.count, "candidates": candidates, "seconds": seconds, "best": m.best.rawValue,
                                    "metrics": RetrievalEvaluator.json(Ranking.allCases.compactMap { m.results[$0] })]
            print(String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(set.queries.count) held-out CVs × \(candidates) candidates from \(modelURL.lastPathComponent); reranker \(rerankerURL.path); \(String(format: "%.1f", seconds)) s")
            for r in Ranking.allCases {
                guard let x = m.results[r] else { continue }
                let vs = m.comparisons[r].map { "   vs retrieval: " + $0.map(\.summary).joined(separator: ", ") } ?? ""
                print("  \(r.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) NDCG@10 \(x.metrics.formatted("NDCG@10"))  MRR@10 \(x.metrics.formatted("MRR@10"))\(vs)")
            }
            print("best: \(m.best.rawValue)")
        }
    }

    /// The model the workspace's index was built with (what `match` retrieves with), else the base.
    static func indexModel(_ ws: Workspace) throws -> URL {
        if FileManager.default.fileExists(atPath: IndexInfo.url(forIndex: ws.jobsIndex).path) {
            return ws.model(try IndexInfo.read(forIndex: ws.jobsIndex).model)
        }
        return ws.model(ModelLocator.baseModelName)
    }
}
