import Testing
@testable import Evaluation

@Suite("eval --by-group")
struct EvalGroupTableTests {
    static func set(groups: [String?]) -> EvaluationSet {
        let n = groups.count
        let q = TextTable(ids: (0..<n).map { "cv\($0)" }, texts: Array(repeating: "x", count: n), skills: Array(repeating: [], count: n))
        let c = TextTable(ids: ["j"], texts: ["x"], skills: [[]])
        return EvaluationSet(name: "t", queries: q, corpus: c, relevant: Array(repeating: [0], count: n), groups: groups)
    }

    @Test("one row per group, most queries first, each system's figures of that group only")
    func rows() {
        let set = Self.set(groups: ["Sales", "HR", "HR", nil])
        // Per query: P@10 and MRR@10; the set's groups decide which queries each row averages.
        let per: [[String: Double]] = [["Precision@10": 0.2, "MRR@10": 1], ["Precision@10": 0.4, "MRR@10": 0.5],
                                       ["Precision@10": 0.8, "MRR@10": 1], ["Precision@10": 0, "MRR@10": 0]]
        let evaluator = RetrievalEvaluator(set: set)
        let a = evaluator.result("model-a", per, seconds: 0)
        var b = evaluator.result("b", [["Precision@10": 1, "MRR@10": 1], ["Precision@10": 0.1, "MRR@10": 0.2],
                                       ["Precision@10": 0.3, "MRR@10": 0.4], ["Precision@10": 0, "MRR@10": 0]], seconds: 0)
        b.byGroup["Sales"] = nil
        let lines = EvalGroupTable.text(results: [a, b], set: set).split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[1].hasPrefix("group") && lines[1].contains("model-a") && lines[1].hasSuffix(" b"), "\(lines)")
        #expect(lines[2].hasPrefix("HR (2)") && lines[2].contains("0.600/0.750"), "\(lines)")   // queries 1 and 2 of a
        #expect(lines[2].hasSuffix(" 0.200/0.300"), "\(lines)")                                 // of b
        #expect(lines[3].hasPrefix("Sales (1)") && lines[3].contains("0.200/1.000") && lines[3].hasSuffix("-"), "\(lines)")
    }

    @Test("a set without groups says so")
    func none() {
        let set = Self.set(groups: [nil, nil])
        let r = RetrievalEvaluator(set: set).result("m", [["Precision@10": 1, "MRR@10": 1], ["Precision@10": 1, "MRR@10": 1]], seconds: 0)
        #expect(EvalGroupTable.text(results: [r], set: set).contains("no groups"))
    }
}
