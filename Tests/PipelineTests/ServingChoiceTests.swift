import Testing
@testable import Pipeline

/// The eval stage's choice of the serving model, with and without a model the base was adapted from.
@Suite("serving choice")
struct ServingChoiceTests {
    /// 40 queries whose NDCG@10 and Recall@10 are `level` give or take 0.05.
    func scores(_ level: Double) -> [[String: Double]] {
        (0..<40).map { i in
            let x = level + 0.05 * Double((i * 7) % 5 - 2) / 2
            return ["NDCG@10": x, "Recall@10": x]
        }
    }

    @Test("without an original: the fine-tuned model serves unless it is worse than the base")
    func plain() {
        #expect(EvalStage.choose(base: ("b", scores(0.5)), tuned: ("t", scores(0.6)), original: nil).serving == "t")
        #expect(EvalStage.choose(base: ("b", scores(0.5)), tuned: ("t", scores(0.3)), original: nil).serving == "b")
    }

    @Test("an adapted base that is worse than its original gives way to it, and the fine-tune is held against the original")
    func adaptedBase() {
        // adapted better than the original, fine-tune worse than the adapted: the adapted base serves.
        let kept = EvalStage.choose(base: ("adapted", scores(0.6)), tuned: ("t", scores(0.3)), original: ("orig", scores(0.4)))
        #expect(kept.serving == "adapted" && kept.decision.contains("adapted kept over orig"), "\(kept.decision)")
        // adapted worse than the original, fine-tune worse than the original: the original serves.
        let back = EvalStage.choose(base: ("adapted", scores(0.3)), tuned: ("t", scores(0.35)), original: ("orig", scores(0.6)))
        #expect(back.serving == "orig" && back.decision.contains("so orig is the base"), "\(back.decision)")
        // adapted worse than the original, fine-tune as good as the original: the fine-tune serves.
        let tuned = EvalStage.choose(base: ("adapted", scores(0.3)), tuned: ("t", scores(0.6)), original: ("orig", scores(0.6)))
        #expect(tuned.serving == "t")
    }
}
