import Foundation
import JobMatchCore

/// The bias audit of Local Law 144's rules (6 RCNY §5-300, §5-301) over the match logs: the unit
/// is the candidate — one CV — and the categories are the ones an auditor supplied
/// (``AuditGroups``); nothing is inferred.
///
/// Each direction of matching is audited on its own (``Direction``). Its requests are read as
/// appearances (one CV in one request, with the score it got there and the outcomes it had
/// there) and folded per CV: the CV's score is the mean of its appearances' scores, and an
/// outcome counts as selected when any appearance had it. Then, as the rules define:
/// - **scoring rate** of a category: the share of its CVs whose score is above the median score
///   of every scored CV (the full sample, unknown categories included);
/// - **selection rate**: the share of its CVs selected;
/// - **impact ratio**: a category's rate divided by the highest rate among the categories of
///   the same dimension (sex, race/ethnicity, or their intersection);
/// - CVs whose category is unknown are counted and left out of the rates; a category under
///   ``BiasAuditReport/Settings/minShare`` of the CVs whose category is known is flagged and left
///   out of the impact ratios (its count and rate stay in the table).
///
/// Intervals: CVs are resampled with replacement (``BiasAuditReport/Settings/replicates`` times,
/// seeded), the whole calculation — the median included — is repeated on each resample, and the
/// percentile interval of every rate and impact ratio is reported.
public enum BiasAudit {
    /// One CV in one request.
    public struct Appearance: Sendable, Equatable {
        public var cvID: String
        /// The score the matcher gave it there; nil when there is none to read.
        public var score: Double?
        /// The outcomes it had there (``Outcome/name``s).
        public var outcomes: Set<String>

        public init(cvID: String, score: Double?, outcomes: Set<String> = []) {
            self.cvID = cvID
            self.score = score
            self.outcomes = outcomes
        }
    }

    /// A selection outcome: its name in the report and what it means.
    public struct Outcome: Sendable, Equatable {
        public var name: String
        public var description: String

        public init(_ name: String, _ description: String) {
            self.name = name
            self.description = description
        }
    }

    /// One direction's input.
    public struct Direction: Sendable {
        public var name: String
        public var description: String
        /// What a CV's score is, in words.
        public var scoreDescription: String
        public var outcomes: [Outcome]
        public var requests: Int
        public var appearances: [Appearance]
        /// CVs that were candidates of the period whether or not a request recorded them
        /// (recruiters rank the whole pool of CVs open to recruiters, and only what was shown is
        /// stored): each is audited, and one that never appears counts as not selected. Empty
        /// when only the CVs that appear were assessed (a job seeker's own requests).
        public var candidates: Set<String>

        public init(name: String, description: String, scoreDescription: String, outcomes: [Outcome], requests: Int,
                    appearances: [Appearance], candidates: Set<String> = []) {
            self.name = name
            self.description = description
            self.scoreDescription = scoreDescription
            self.outcomes = outcomes
            self.requests = requests
            self.appearances = appearances
            self.candidates = candidates
        }
    }

    /// A CV as audited: its categories, its score, its outcomes.
    struct Candidate {
        var id: String
        var person: AuditGroups.Person
        var score: Double?
        var selected: [Bool]
    }

    /// The dimensions, in the report's order, with each CV's category in it (nil: unknown).
    static let dimensions: [(name: String, category: @Sendable (AuditGroups.Person) -> String?)] = [
        ("sex", { $0.sex }),
        ("race_ethnicity", { $0.raceEthnicity }),
        ("intersection", { p in p.sex.flatMap { s in p.raceEthnicity.map { s + " × " + $0 } } }),
    ]

    /// Audits one direction.
    /// - Throws: `invalidArgument` for settings out of range.
    public static func audit(_ direction: Direction, groups: AuditGroups, settings: BiasAuditReport.Settings) throws -> BiasAuditReport.Direction {
        try check(settings)
        let candidates = fold(direction, groups: groups)
        let seen = Set(direction.appearances.map(\.cvID))
        let scored = candidates.filter { $0.score != nil }
        var generator = SplitMix64(seed: settings.seed)
        let scoring = metric(name: "scoring", kind: "scoring", description: direction.scoreDescription,
                             units: scored.map { ($0.person, Value.score($0.score!)) }, settings: settings, generator: &generator)
        let selection = direction.outcomes.enumerated().map { i, outcome in
            metric(name: outcome.name, kind: "selection", description: outcome.description,
                   units: candidates.map { ($0.person, Value.selected($0.selected[i])) }, settings: settings, generator: &generator)
        }
        return BiasAuditReport.Direction(
            name: direction.name, description: direction.description, requests: direction.requests, cvs: candidates.count,
            cvsScored: scored.count, listedNotSeen: groups.people.keys.filter { !seen.contains($0) }.count,
            seenNotListed: seen.filter { groups.people[$0] == nil }.count, scoring: scoring, selection: selection)
    }

    /// The direction's CVs, in id order: every CV that appears, and every candidate; a CV the
    /// groups file does not list has unknown categories.
    static func fold(_ direction: Direction, groups: AuditGroups) -> [Candidate] {
        var scores: [String: (sum: Double, count: Int)] = [:]
        var outcomes: [String: Set<String>] = [:]
        for a in direction.appearances {
            outcomes[a.cvID, default: []].formUnion(a.outcomes)
            if let s = a.score { scores[a.cvID, default: (0, 0)].sum += s; scores[a.cvID, default: (0, 0)].count += 1 }
        }
        let ids = Set(outcomes.keys).union(direction.candidates)
        let unknown = AuditGroups.Person(sex: nil, raceEthnicity: nil)
        return ids.sorted().map { id in
            let had = outcomes[id] ?? []
            return Candidate(id: id, person: groups.people[id] ?? unknown,
                             score: scores[id].map { $0.sum / Double($0.count) },
                             selected: direction.outcomes.map { had.contains($0.name) })
        }
    }

    static func check(_ s: BiasAuditReport.Settings) throws {
        guard s.replicates >= 0, s.replicates <= 100_000 else { throw PrivacyError(.invalidArgument, "replicates must be between 0 and 100000, not \(s.replicates)") }
        guard s.confidence > 0, s.confidence < 1 else { throw PrivacyError(.invalidArgument, "confidence must be between 0 and 1, not \(s.confidence)") }
        guard s.minShare >= 0, s.minShare < 1 else { throw PrivacyError(.invalidArgument, "the minimum share must be in [0, 1), not \(s.minShare)") }
        guard s.top >= 1 else { throw PrivacyError(.invalidArgument, "top must be at least 1, not \(s.top)") }
    }
}
