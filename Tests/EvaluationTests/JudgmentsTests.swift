import Foundation
import JobMatchCore
import Testing
@testable import Evaluation
import Tables

@Suite("Judgments, held-out jobs, bootstrap intervals")
struct JudgmentsTests {
    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qrels-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("TREC qrels: grade > 0 is relevant, a pair judged twice keeps its last grade, comments and blanks skipped")
    func qrels() throws {
        let url = try write("# judged by a recruiter\ncv-1 0 job-a 2\ncv-1 0 job-b 0\n\ncv-2\t0\tjob-b\t1\ncv-2 0 job-c 1\ncv-2 0 job-c 0\n")
        let j = try Judgments.qrels(url)
        #expect(j.source == .qrels && !j.groupsAreCategories)
        #expect(j.relevant(cv: "cv-1") == ["job-a"])
        #expect(j.relevant(cv: "cv-2") == ["job-b"])
        #expect(j.relevant(cv: "cv-3") == nil)
        #expect(j.cvs == ["cv-1", "cv-2"])
        #expect(j.grades == ["cv-1": ["job-a": 2], "cv-2": ["job-b": 1]], "graded: a grade above 1 is there")
        #expect(try Judgments.qrels(write("cv-1 0 job-a 1\ncv-1 0 job-b 0\n")).grades.isEmpty, "all ones: binary")
    }

    @Test("graded NDCG@10: the grade is the gain (trec_eval's ndcg), the ideal orders grades best first; binary without grades")
    func gradedNDCG() {
        // Ranked a (grade 1), b (grade 3), c (not relevant): DCG = 1/log2(2) + 3/log2(3); IDCG = 3/log2(2) + 1/log2(3).
        let graded = RetrievalMetrics.score(ranked: ["a", "b", "c"], relevant: ["a", "b"], gains: ["a": 1, "b": 3])
        let expected = (1 + 3 / log2(3.0)) / (3 + 1 / log2(3.0))
        #expect(abs(graded["NDCG@10"]! - expected) < 1e-12)
        #expect(graded["MRR@10"] == 1 && graded["Recall@10"] == 1, "the other metrics stay binary")
        let binary = RetrievalMetrics.score(ranked: ["a", "b", "c"], relevant: ["a", "b"])
        #expect(binary["NDCG@10"] == 1)
        let ones = RetrievalMetrics.score(ranked: ["c", "a", "b"], relevant: ["a", "b"], gains: ["a": 1, "b": 1])
        #expect(abs(ones["NDCG@10"]! - RetrievalMetrics.score(ranked: ["c", "a", "b"], relevant: ["a", "b"])["NDCG@10"]!) < 1e-12)
    }

    @Test("a bad qrels line is an error naming the file, the line and the field", arguments: [
        ("cv-1 0 job-a 1\ncv-1 0 job-b\n", "line 2"), ("cv-1 0 job-a high\n", "grade"), ("cv-1 Q0 job-a 1\n", "iteration"),
        ("# nothing\n", "no judgments"),
    ])
    func badQrels(text: String, names: String) throws {
        let url = try write(text)
        do {
            _ = try Judgments.qrels(url)
            Issue.record("accepted \(text.debugDescription)")
        } catch let e as EvaluationError {
            let message = "\(e)"
            #expect(message.contains(url.path) && message.contains(names), "\(message)")
        }
    }

    @Test("generator labels: relevant = a job of the CV's occupation, grouped by occupation")
    func generator() {
        let labels = GeneratorLabels(jobOccupation: ["j1": "nurse", "j2": "cook", "j3": "nurse"], cvOccupation: ["c1": "nurse", "c2": "pilot"])
        let j = Judgments.generator(labels, file: "labels.jsonl")
        #expect(j.relevant(cv: "c1") == ["j1", "j3"])
        #expect(j.relevant(cv: "c2") == [])
        #expect(j.cvGroup["c1"] == "nurse" && j.groupsAreCategories)
    }

    @Test("jobs are held out apart from CVs: about the fraction asked, another stream than the CVs', none at 0")
    func jobSplit() throws {
        let split = HeldOutSplit(fraction: 0.1, seed: 42, jobFraction: 0.2)
        let ids = (0..<20_000).map { "job-\($0)" }
        let share = Double(ids.filter(split.isHeldOutJob).count) / Double(ids.count)
        #expect(abs(share - 0.2) < 0.01, "\(share)")
        // The same id is not held out on both sides by the same draw.
        let both = ids.filter { split.isHeldOutJob($0) && split.isHeldOut($0) }.count
        #expect(abs(Double(both) / Double(ids.count) - 0.02) < 0.005)
        #expect(!ids.contains(where: HeldOutSplit(fraction: 0.1, seed: 42, jobFraction: 0).isHeldOutJob))
        // Settings recorded before jobs were split decode as splitting none.
        let old = try JSONDecoder().decode(HeldOutSplit.self, from: Data(#"{"fraction": 0.1, "seed": 42}"#.utf8))
        #expect(old.jobFraction == 0 && old.fraction == 0.1)
    }

    @Test("bootstrap interval: holds the mean, is fixed for a seed, narrows with more queries, is a point for constant values")
    func bootstrap() {
        var rng = SeededGenerator(seed: 7)
        let few = (0..<30).map { _ in Double.random(in: 0...1, using: &rng) }
        let many = (0..<3000).map { _ in Double.random(in: 0...1, using: &rng) }
        let a = RetrievalMetrics.bootstrapInterval(few), b = RetrievalMetrics.bootstrapInterval(many)
        let meanFew = few.reduce(0, +) / 30
        #expect(a.count == 2 && a[0] < meanFew && meanFew < a[1])
        #expect(a == RetrievalMetrics.bootstrapInterval(few))
        #expect(b[1] - b[0] < (a[1] - a[0]) / 5)
        // The width is about 2 × 1.96 × sd / √n (uniform: sd = 1/√12): within 15%.
        let expected = 2 * 1.96 * (1 / 12.0.squareRoot()) / 3000.0.squareRoot()
        #expect(abs((b[1] - b[0]) - expected) / expected < 0.15, "\(b[1] - b[0]) vs \(expected)")
        #expect(RetrievalMetrics.bootstrapInterval([0.5, 0.5, 0.5]) == [0.5, 0.5])
        #expect(RetrievalMetrics.bootstrapInterval([0.5]).isEmpty)
        let m = RetrievalMetrics.mean([["NDCG@10": 1], ["NDCG@10": 0], ["NDCG@10": 1]])
        #expect(m.intervals["NDCG@10"]!.count == 2 && m.formatted("NDCG@10").hasPrefix("0.667 ["))
    }

    @Test("paired comparison: worse only when the whole interval of the difference is below zero")
    func comparison() {
        var rng = SeededGenerator(seed: 3)
        let base = (0..<40).map { _ in ["NDCG@10": Double.random(in: 0...1, using: &rng)] }
        // Clearly worse on every query.
        let worse = base.map { ["NDCG@10": max(0, $0["NDCG@10"]! - 0.2)] }
        let w = Comparison(metric: "NDCG@10", candidate: worse, baseline: base)
        #expect(w.isWorse && w.difference < -0.1 && w.interval[1] < 0, "\(w)")
        // Noise around the baseline: not worse, although some queries lose.
        let noisy = base.map { ["NDCG@10": $0["NDCG@10"]! + Double.random(in: -0.05...0.049, using: &rng)] }
        let n = Comparison(metric: "NDCG@10", candidate: noisy, baseline: base)
        #expect(!n.isWorse && n.interval[0] < 0 && n.interval[1] > 0, "\(n)")
        #expect(n.summary.hasPrefix("NDCG@10 "))
        // The same model: a zero difference.
        let same = Comparison(metric: "NDCG@10", candidate: base, baseline: base)
        #expect(same.difference == 0 && same.interval == [0, 0] && !same.isWorse)
    }
}

/// The other direction's set (`EvaluationSet.heldOutJobs`): held-out jobs rank every CV.
@Suite struct CandidateSetTests {
    @Test func heldOutJobsRankEveryCVAndACVIsRelevantWhenTheJobIsRelevantToIt() throws {
        let ws = Workspace(FileManager.default.temporaryDirectory.appendingPathComponent("cands-\(UUID().uuidString)").path)
        try ws.create(ws.tables)
        let jobs = try Tables.JobsTable.Writer(url: ws.jobsTable)
        for (id, text) in [("j1", "nurse"), ("j2", "cook"), ("j3", "nurse"), ("j4", "pilot")] {
            try jobs.append(Tables.JobRow(jobID: id, title: text, embeddingText: "passage " + text))
        }
        try jobs.close()
        let cvs = try Tables.CVsTable.Writer(url: ws.cvsTable)
        for (id, text) in [("c1", "nurse"), ("c2", "cook"), ("c3", "nurse"), ("c4", "welder")] {
            try cvs.append(Tables.CVRow(cvID: id, text: text, embeddingText: "query " + text))
        }
        try cvs.close()
        let labels = GeneratorLabels(jobOccupation: ["j1": "nurse", "j2": "cook", "j3": "nurse", "j4": "pilot"],
                                     cvOccupation: ["c1": "nurse", "c2": "cook", "c3": "nurse", "c4": "welder"])
        // Every job held out (the split's job fraction near 1): j4 has no relevant CV and is dropped.
        let set = try EvaluationSet.heldOutJobs(workspace: ws, split: HeldOutSplit(fraction: 0.1, seed: 1, jobFraction: 0.9999),
                                                judgments: .generator(labels, file: "labels.jsonl"))
        #expect(set.direction == .cvsForJob)
        #expect(set.queries.ids == ["j1", "j2", "j3"] && set.droppedQueries == 1)
        #expect(set.corpus.ids == ["c1", "c2", "c3", "c4"], "every CV, training CVs too")
        #expect(set.relevant == [[0, 2], [1], [0, 2]])
        #expect(set.groups == ["nurse", "cook", "nurse"])
        #expect(set.queries.texts == ["passage nurse", "passage cook", "passage nurse"])
    }
}
