import Foundation

/// `jobmatch eval --by-group`: Precision@10 / MRR@10 of every evaluated system per group of
/// queries (the occupation or category the relevance names), so a reader sees where a model wins
/// or loses, not only its mean.
public enum EvalGroupTable {
    /// One row per group (most queries first), one column per result; a note when the set has no
    /// groups (qrels judge each CV on its own).
    public static func text(results: [RetrievalEvaluator.Result], set: EvaluationSet) -> String {
        var counts: [String: Int] = [:]
        for g in set.groups { if let g { counts[g, default: 0] += 1 } }
        guard !counts.isEmpty else { return "by group: the relevance names no groups (each CV is judged on its own)" }
        let groups = counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        let first = max(12, groups.map { $0.count + 6 }.max() ?? 0)
        let widths = results.map { max(13, $0.name.count + 2) }
        func cell(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }
        var lines = ["Precision@10 / MRR@10 by group (queries):"]
        lines.append("group".padding(toLength: first, withPad: " ", startingAt: 0)
                     + zip(results, widths).map { cell($0.name, $1) }.joined())
        for g in groups {
            let label = "\(g) (\(counts[g]!))"
            lines.append(label.padding(toLength: max(first, label.count), withPad: " ", startingAt: 0) + zip(results, widths).map { r, w in
                guard let m = r.byGroup[g] else { return cell("-", w) }
                return cell(String(format: "%.3f/%.3f", m["Precision@10"], m["MRR@10"]), w)
            }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
