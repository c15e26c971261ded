import Foundation
import Testing
@testable import Training

@Suite("PairMiner and SkillOverlap")
struct PairMinerTests {
    typealias C = PairMiner.Candidate

    func miner(positives: Int = 10) -> PairMiner {
        var o = PairMiner.Options()
        o.minDense = 0.5; o.minSkill = 0.3; o.minScore = 0.5; o.denseWeight = 0.5
        o.positivesPerCV = positives; o.maxNegativeSkill = 0.1; o.relativeMargin = 0.05
        return PairMiner(options: o)
    }

    @Test("positives pass every threshold, best combined score first, at most positivesPerCV")
    func positives() {
        let dense = [C(job: 1, dense: 0.9, skill: 0.05), C(job: 2, dense: 0.8, skill: 0.6), C(job: 3, dense: 0.7, skill: 0.9),
                     C(job: 4, dense: 0.45, skill: 0.9)]
        let skill = [C(job: 3, dense: 0.7, skill: 0.9), C(job: 5, dense: 0.6, skill: 0.45), C(job: 6, dense: 0.55, skill: 0.3)]
        let pairs = miner().mine(cv: 7, dense: dense, skill: skill)
        // job 1: too few skills; job 4: cosine below 0.5; job 6: combined 0.425 < 0.5.
        #expect(pairs.map(\.positive.job) == [3, 2, 5])
        #expect(pairs.allSatisfy { $0.cv == 7 })
        #expect(abs(pairs[0].score - 0.8) < 1e-12)
        #expect(miner(positives: 2).mine(cv: 0, dense: dense, skill: skill).map(\.positive.job) == [3, 2])
    }

    @Test("hard negatives: similar by cosine, few shared skills, not within the relative margin of the positive, each used once")
    func negatives() {
        let dense = [C(job: 1, dense: 0.86, skill: 0.0),  // above 0.95 × 0.9 = 0.855: near-duplicate of the best positive
                     C(job: 2, dense: 0.9, skill: 0.8), C(job: 3, dense: 0.84, skill: 0.05), C(job: 4, dense: 0.8, skill: 0.5),
                     C(job: 5, dense: 0.75, skill: 0.2), C(job: 6, dense: 0.7, skill: 0.0)]
        let pairs = miner().mine(cv: 0, dense: dense, skill: [])
        #expect(pairs.map(\.positive.job) == [2, 4])
        #expect(pairs[0].negative?.job == 3)  // 0.84 ≤ 0.855; job 5 shares too many skills
        #expect(pairs[1].negative?.job == 6)  // job 1 (0.86 > 0.76) and job 3 (used) are not taken
        let lone = miner().mine(cv: 0, dense: [C(job: 2, dense: 0.9, skill: 0.8), C(job: 1, dense: 0.89, skill: 0)], skill: [])
        #expect(lone.count == 1 && lone[0].negative == nil)
    }

    @Test("skill overlap: the inverted index equals the direct IDF-weighted cosine for every job")
    func overlap() {
        let jobs = [["python", "sql"], ["python", "excel"], ["nursing"], [], ["sql", "sql", "spark"]]
        let o = SkillOverlap(jobSkills: jobs)
        let idf = { (s: String) in o.weights[s] }
        // python is in 2 of 5 jobs: ln(6/3) + 1.
        #expect(abs(idf("python") - (log(6.0 / 3) + 1)) < 1e-12)
        let cv = ["python", "sql", "welding"]
        let expected = (idf("python") * idf("python") + idf("sql") * idf("sql"))
            / ((idf("python") * idf("python") + idf("sql") * idf("sql") + idf("welding") * idf("welding")).squareRoot()
               * (idf("python") * idf("python") + idf("sql") * idf("sql")).squareRoot())
        #expect(abs(o.score(cv: cv, job: jobs[0]) - expected) < 1e-12)
        var scratch = SkillOverlap.Scratch(jobs: jobs.count)
        for _ in 0..<2 {  // twice: the scratch must come back clean
            let all = Dictionary(uniqueKeysWithValues: o.scores(cv: cv, scratch: &scratch).map { ($0.job, $0.score) })
            #expect(Set(all.keys) == [0, 1, 4])
            for (j, s) in all { #expect(abs(s - o.score(cv: cv, job: jobs[j])) < 1e-12, "job \(j)") }
        }
        #expect(o.top(cv: cv, k: 1, scratch: &scratch).map(\.job) == [0])
        let sorted = o.scores(cv: cv, scratch: &scratch).sorted { $0.score > $1.score || ($0.score == $1.score && $0.job < $1.job) }
        for k in 1...4 { #expect(o.top(cv: cv, k: k, scratch: &scratch).map(\.job) == sorted.prefix(k).map(\.job), "k \(k)") }
        #expect(o.score(cv: [], job: jobs[0]) == 0 && o.score(cv: cv, job: []) == 0)
    }
}
