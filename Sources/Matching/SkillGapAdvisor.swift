import Foundation
import Skills
import VectorIndex

/// Skill-gap advice: which one or two skills, added to a CV, would most raise the number of good
/// jobs for it across the whole index.
///
/// "Good" means scoring at least the CV's current top-N threshold (the N-th best bi-encoder score
/// today). For each candidate skill — the missing skills of the CV's best `pool` jobs, ranked by
/// how often they are asked for times their IDF — the CV is re-encoded as if it listed the skill,
/// the whole index is searched again, and the jobs that now pass the threshold are counted; those
/// that also ask for the skill are the ones it "opens". The best single skills are then tried in
/// pairs. Every figure is an exact count over the index, not an estimate.
public struct SkillGapAdvisor {
    public struct Options: Sendable {
        /// N of the top-N threshold.
        public var topN = 20
        /// Best jobs whose missing skills are candidates.
        public var pool = 200
        /// Candidate skills tried one at a time.
        public var candidates = 12
        /// Best single skills combined in pairs.
        public var pairsOf = 4
        /// Example jobs listed per advice.
        public var examples = 3
        public init() {}
    }

    /// One piece of advice: a skill (or two) and what it changes.
    public struct Advice: Sendable, Codable, Equatable {
        public var skills: [SkillRef]
        /// Jobs at or above the threshold with the skill(s) that were below it without.
        public var newlyPassing: Int
        /// Of those, jobs that list the skill(s).
        public var opened: Int
        /// A few of the opened jobs (or of the newly passing when none lists the skill).
        public var examples: [MatchResult]

        enum CodingKeys: String, CodingKey {
            case skills, opened, examples
            case newlyPassing = "newly_passing"
        }
    }

    public struct Report: Sendable, Codable, Equatable {
        public var cvID: String?
        public var threshold: Float
        public var topN: Int
        /// Jobs at or above the threshold today (≥ topN with ties).
        public var passingNow: Int
        public var advice: [Advice]

        enum CodingKeys: String, CodingKey {
            case threshold, advice
            case cvID = "cv_id", topN = "top_n", passingNow = "passing_now"
        }
    }

    let matcher: Matcher
    public var options: Options

    public init(matcher: Matcher, options: Options = Options()) {
        self.matcher = matcher
        self.options = options
    }

    public func advise(_ cv: CVQuery) throws -> Report {
        let m = matcher
        let base = try m.embed(cv)
        let top = try m.index.search(base, k: max(options.topN, options.pool))
        guard top.count >= options.topN else {
            return Report(cvID: cv.cvID, threshold: 0, topN: options.topN, passingNow: top.count, advice: [])
        }
        let threshold = top[options.topN - 1].score
        let before = Set(try passing(base, threshold).map(\.id))
        let passingNow = before.count
        // Candidate skills: asked for by the best jobs, missing from the CV.
        let have = Set(cv.skills)
        var demand: [String: Int] = [:]
        for hit in top {
            let jobSkills: [String] = m.job(row: hit.id)?.skills ?? []
            for s in Set(jobSkills) where !have.contains(s) && m.skillNames[s] != nil { demand[s, default: 0] += 1 }
        }
        var weighted: [(id: String, weight: Double)] = []
        for (s, n) in demand { weighted.append((s, Double(n) * m.weights[s])) }
        weighted.sort { a, b in a.weight > b.weight || (a.weight == b.weight && a.id < b.id) }
        let ranked: [String] = weighted.prefix(options.candidates).map { $0.id }
        var singles: [Advice] = []
        for s in ranked { singles.append(try evaluate([s], cv: cv, threshold: threshold, before: before)) }
        singles.sort { ($0.opened, $0.newlyPassing) > ($1.opened, $1.newlyPassing) }
        var pairs: [Advice] = []
        let best = singles.prefix(options.pairsOf).map { $0.skills[0].id }
        for i in best.indices { for j in best.indices where j > i { pairs.append(try evaluate([best[i], best[j]], cv: cv, threshold: threshold, before: before)) } }
        pairs.sort { ($0.opened, $0.newlyPassing) > ($1.opened, $1.newlyPassing) }
        var advice = Array(singles.prefix(3))
        if let p = pairs.first, p.opened > (singles.first?.opened ?? 0) { advice.insert(p, at: 1) }
        return Report(cvID: cv.cvID, threshold: threshold, topN: options.topN, passingNow: passingNow, advice: advice)
    }

    /// Hits scoring at least `threshold` for vector `q` (the search widens until it sees one below,
    /// or returns fewer than asked: every job with the flat index, every job in the probed lists
    /// with an inverted-file one).
    func passing(_ q: [Float], _ threshold: Float) throws -> [SearchHit] {
        var k = max(64, options.pool)
        while true {
            let want = min(k, matcher.index.count)
            let hits = try matcher.index.search(q, k: want)
            if hits.last.map({ $0.score < threshold }) ?? true || hits.count < want || hits.count == matcher.index.count {
                return hits.filter { $0.score >= threshold }
            }
            k *= 4
        }
    }

    func evaluate(_ skills: [String], cv: CVQuery, threshold: Float, before: Set<Int64>) throws -> Advice {
        let m = matcher
        var changed = cv
        for s in skills { changed = changed.adding(skillName: m.skillNames[s] ?? s, id: s) }
        let q = try m.embed(changed)
        let now = try passing(q, threshold).filter { !before.contains($0.id) }
        let wanted = Set(skills)
        let opened = now.filter { hit in wanted.isSubset(of: m.job(row: hit.id)?.skills ?? []) }
        let shown = (opened.isEmpty ? now : opened).prefix(options.examples)
        let examples: [MatchResult] = shown.compactMap { hit in
            guard let job = m.job(row: hit.id) else { return nil }
            return m.explain(changed, job: job, score: hit.score)
        }
        return Advice(skills: skills.map { SkillRef(id: $0, name: m.skillNames[$0] ?? $0, idf: m.weights[$0]) },
                      newlyPassing: now.count, opened: opened.count, examples: examples)
    }
}

extension CVQuery {
    /// The CV as if it listed one more skill: the name goes in front of the embedding text (where
    /// the CV template puts the skills it lists), the id into `skills`.
    public func adding(skillName name: String, id: String) -> CVQuery {
        var c = self
        c.embeddingText = name + ", " + c.embeddingText
        c.skills.append(id)
        return c
    }
}
