import Foundation

/// Mines (CV, job) training pairs from two views of each CV's candidates: IDF-weighted skill
/// overlap (`SkillOverlap`) and base-model cosine similarity.
///
/// For one CV:
/// 1. Candidates: the `candidates` jobs nearest by cosine, plus the `candidates` jobs with the
///    largest skill overlap (their cosine computed directly).
/// 2. Combined score = `denseWeight` · cosine + (1 − `denseWeight`) · overlap.
/// 3. Positives: candidates with cosine ≥ `minDense`, overlap ≥ `minSkill` and combined ≥
///    `minScore`, the best `positivesPerCV` by combined score.
/// 4. Hard negatives: the nearest jobs by cosine (ranks < `candidates`) that share few skills
///    (overlap < `maxNegativeSkill`) and are not positives; for each positive, the most similar
///    unused one whose cosine ≤ (1 − `relativeMargin`) × the positive's cosine — so
///    near-duplicates of the positive are skipped, as sentence-transformers' `mine_hard_negatives`
///    with `relative_margin`. A positive with no such job gets no negative.
public struct PairMiner: Sendable {
    public struct Options: Sendable, Codable, Equatable {
        public var candidates = 100
        public var denseWeight = 0.5
        public var minDense = 0.35
        public var minSkill = 0.2
        public var minScore = 0.35
        public var positivesPerCV = 10
        public var maxNegativeSkill = 0.1
        public var relativeMargin = 0.05
        public init() {}
    }

    /// One candidate job of a CV with both views' scores.
    public struct Candidate: Sendable, Equatable {
        public var job: Int
        public var dense: Double
        public var skill: Double
        public init(job: Int, dense: Double, skill: Double) { self.job = job; self.dense = dense; self.skill = skill }
    }

    /// One mined pair: rows into the CV and job tables, and the scores that chose them.
    public struct Pair: Sendable, Equatable {
        public var cv: Int
        public var positive: Candidate
        public var score: Double
        public var negative: Candidate?
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    public func combined(_ c: Candidate) -> Double { options.denseWeight * c.dense + (1 - options.denseWeight) * c.skill }

    /// Chooses positives and negatives among a CV's candidates.
    ///
    /// - Parameters:
    ///   - dense: the nearest jobs by cosine, best first (with their overlap filled in).
    ///   - skill: the jobs with the largest overlap (with their cosine filled in).
    /// - Returns: up to `positivesPerCV` pairs, best first; empty when no candidate passes.
    public func mine(cv: Int, dense: [Candidate], skill: [Candidate]) -> [Pair] {
        var seen = Set<Int>(), all: [Candidate] = []
        for c in dense + skill where seen.insert(c.job).inserted { all.append(c) }
        let positives = all
            .filter { $0.dense >= options.minDense && $0.skill >= options.minSkill && combined($0) >= options.minScore }
            .sorted { combined($0) > combined($1) || (combined($0) == combined($1) && $0.job < $1.job) }
            .prefix(options.positivesPerCV)
        let positiveJobs = Set(positives.map(\.job))
        var pool = dense.filter { $0.skill < options.maxNegativeSkill && !positiveJobs.contains($0.job) }
            .sorted { $0.dense > $1.dense || ($0.dense == $1.dense && $0.job < $1.job) }
        var out: [Pair] = []
        for p in positives {
            let limit = (1 - options.relativeMargin) * p.dense
            var negative: Candidate?
            if let i = pool.firstIndex(where: { $0.dense <= limit }) { negative = pool.remove(at: i) }
            out.append(Pair(cv: cv, positive: p, score: combined(p), negative: negative))
        }
        return out
    }
}
