import ArgumentParser
import CommandLineSupport
import Evaluation
import Foundation
import JobMatchCore
import Matching
import Tables

/// `jobmatch evaluate-rerank`: NDCG@10 of retrieval, retrieval + rerank and the fused score on
/// held-out generated CVs.
struct EvaluateRerankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-rerank",
        abstract: "NDCG@k of retrieval alone, retrieval + cross-encoder rerank, and the fused score, on held-out labelled CVs.",
        discussion: """
            A job is relevant to a CV when WORKSPACE/raw/labels.jsonl gives them the same occupation. CVs whose id \
            appears in the pairs file (--pairs, default WORKSPACE/tables/pairs.parquet when it exists) were seen in \
            training and are skipped. Each CV is retrieved once (--candidates), its candidates scored once by the \
            cross-encoder, and ordered three ways.
            Example: jobmatch evaluate-rerank --workspace ws --candidates 30 --limit 100
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("Encoder folder (default: the one the index was built with).", valueName: "dir")) var model: String?
    @Option(help: ArgumentHelp("Cross-encoder folder (default: WORKSPACE/models/reranker).", valueName: "dir")) var reranker: String?
    @Option(help: ArgumentHelp("Pairs file whose CVs are excluded (training CVs).", valueName: "file")) var pairs: String?
    @Option(help: "Candidates retrieved and reranked per CV.") var candidates = 30
    @Option(help: "Cut-off k of NDCG@k.") var k = 10
    @Option(help: "At most this many held-out CVs (in table order).") var limit = 100
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard candidates >= 1, k >= 1, limit >= 1 else { throw ValidationError("--candidates, -k and --limit must be at least 1") }
    }

    func run() throws { try runReportingErrors { try evaluate() } }

    func evaluate() throws {
        let ws = Workspace(options.workspace)
        let rerankerURL = reranker.map { URL(fileURLWithPath: $0) } ?? ws.rerankerModel
        let matcher = try Matcher(workspace: ws, model: model.map { URL(fileURLWithPath: $0) }, reranker: rerankerURL)
        let labels = try GeneratorLabels.read(ws.rawFile(.labels))
        let pairsURL = pairs.map { URL(fileURLWithPath: $0) } ?? ws.pairsTable
        var seen = Set<String>()
        if pairs != nil || FileManager.default.fileExists(atPath: pairsURL.path) {
            seen = try PairsTable.cvIDs(pairsURL)
        }
        let all = try CVsTable.ids(first: Int.max, ws.cvsTable)
        let heldOut = all.filter { !seen.contains($0) && labels.cvOccupation[$0] != nil }.prefix(limit)
        guard !heldOut.isEmpty else { throw MatchingError(.invalidArgument, path: ws.cvsTable.path, "no held-out labelled CVs") }
        var relevantCount: [String: Int] = [:]
        for j in matcher.catalog.jobs { if let o = labels.jobOccupation[j.jobID] { relevantCount[o, default: 0] += 1 } }
        var eval = RankingEvaluation(k: k)
        let started = Date()
        let opts = MatchOptions(top: k, candidates: candidates, ranking: .rerank)
        for (n, id) in heldOut.enumerated() {
            let cv = try CVQueryBuilder.query(cvID: id, table: ws.cvsTable)
            let occ = labels.cvOccupation[id]!
            let (cands, _) = try matcher.scoredCandidates(cv, options: opts)
            let rel = cands.map { labels.jobOccupation[matcher.catalog.jobs[$0.catalogRow].jobID] == occ }
            eval.add(relevant: rel, biScores: cands.map(\.score), logits: cands.map { $0.logit ?? 0 }, totalRelevant: relevantCount[occ] ?? 0)
            FileHandle.standardError.write(Data(String(format: "\r%d/%d CVs  %.1f s", n + 1, heldOut.count, Date().timeIntervalSince(started)).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let seconds = Date().timeIntervalSince(started)
        if json {
            let o: [String: Any] = ["cvs": eval.count, "candidates": candidates, "k": k, "seconds": seconds,
                                    "ndcg": Dictionary(uniqueKeysWithValues: Ranking.allCases.map { ($0.rawValue, eval.mean($0)) })]
            print(String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(eval.count) held-out CVs, \(candidates) candidates each, \(matcher.catalog.count) jobs; reranker \(rerankerURL.path); \(String(format: "%.1f", seconds)) s")
            for r in Ranking.allCases { print(String(format: "  NDCG@%d %-10@ %.4f", k, r.rawValue, eval.mean(r))) }
        }
    }
}
