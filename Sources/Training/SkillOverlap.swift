import Foundation
import JobMatchCore
import Skills

/// IDF-weighted skill overlap between a CV and every job: the cosine of binary skill vectors
/// weighted by IDF (from the jobs), Σ_{s ∈ C ∩ J} idf(s)² / (‖C‖ · ‖J‖), in [0, 1].
///
/// Jobs are held as an inverted index (skill → job rows), so one CV costs the postings of its
/// own skills, not a pass over every job.
public struct SkillOverlap: Sendable {
    public let weights: SkillIDF
    /// skill → rows of the jobs that list it
    let postings: [String: [Int32]]
    /// ‖J‖ per job row (0 for a job without skills)
    let jobNorms: [Double]
    public var jobCount: Int { jobNorms.count }

    public init(jobSkills: [[String]]) {
        var df: [String: Int] = [:]
        for s in jobSkills { for k in Set(s) { df[k, default: 0] += 1 } }
        let weights = SkillIDF(documentCount: jobSkills.count, documentFrequency: df)
        var postings: [String: [Int32]] = [:]
        var norms = [Double](repeating: 0, count: jobSkills.count)
        for (j, s) in jobSkills.enumerated() {
            var sum = 0.0
            for k in Self.unique(s) {
                postings[k, default: []].append(Int32(j))
                sum += weights[k] * weights[k]
            }
            norms[j] = sum.squareRoot()
        }
        self.weights = weights
        self.postings = postings
        self.jobNorms = norms
    }

    /// The distinct skills in a fixed order, so every sum below adds its terms in the same order in
    /// every process (a `Set`'s order changes from run to run, and with it the last bits of a sum:
    /// the mined pairs' scores differed between two runs of the same binary).
    static func unique(_ skills: [String]) -> [String] { Array(Set(skills)).sorted() }

    /// ‖C‖ for a CV's skills (a skill no job lists weighs the maximum IDF).
    public func norm(_ skills: [String]) -> Double {
        Self.unique(skills).reduce(0) { $0 + weights[$1] * weights[$1] }.squareRoot()
    }

    /// The overlap of one CV with one job.
    public func score(cv: [String], job: [String]) -> Double {
        let cn = norm(cv), jn = norm(job)
        guard cn > 0, jn > 0 else { return 0 }
        let j = Set(job)
        return Self.unique(cv).filter(j.contains).reduce(0) { $0 + weights[$1] * weights[$1] } / (cn * jn)
    }

    /// Scratch space for `scores`: one accumulator per job, reused across CVs by one thread.
    public struct Scratch {
        var sums: [Double]
        var touched: [Int32] = []
        public init(jobs: Int) { sums = [Double](repeating: 0, count: jobs) }
    }

    /// Every job that shares a skill with the CV, with its overlap score (unordered).
    public func scores(cv skills: [String], scratch: inout Scratch) -> [(job: Int, score: Double)] {
        let unique = Self.unique(skills)
        let cn = norm(unique)
        guard cn > 0 else { return [] }
        for k in unique {
            guard let list = postings[k] else { continue }
            let w = weights[k] * weights[k]
            for j in list {
                if scratch.sums[Int(j)] == 0 { scratch.touched.append(j) }
                scratch.sums[Int(j)] += w
            }
        }
        var out: [(job: Int, score: Double)] = []
        out.reserveCapacity(scratch.touched.count)
        for j in scratch.touched {
            let jj = Int(j)
            out.append((jj, scratch.sums[jj] / (cn * jobNorms[jj])))
            scratch.sums[jj] = 0
        }
        scratch.touched.removeAll(keepingCapacity: true)
        return out
    }

    /// The k jobs with the largest overlap, best first (ties: lower row first).
    ///
    /// A bounded min-heap over the touched jobs (`TopK`): O(touched · log k), not a sort of every
    /// job that shares a skill (hundreds of thousands at 1.35M jobs).
    public func top(cv skills: [String], k: Int, scratch: inout Scratch) -> [(job: Int, score: Double)] {
        guard k > 0 else { return [] }
        var top = TopK<Double>(k: k)
        for c in scores(cv: skills, scratch: &scratch) { top.push(c.score, row: c.job) }
        return top.sorted().map { ($0.row, $0.score) }
    }
}
