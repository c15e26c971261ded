import Foundation
import JobMatchCore
@testable import Privacy
import Testing

/// The bias audit's numbers on constructed data, each computed by hand here from the counts.
@Suite struct BiasAuditTests {
    static func person(_ sex: String?, _ race: String?) -> AuditGroups.Person { .init(sex: sex, raceEthnicity: race) }

    static func direction(_ appearances: [BiasAudit.Appearance], candidates: Set<String> = [], outcomes: [String] = ["shown"]) -> BiasAudit.Direction {
        BiasAudit.Direction(name: "recruiter", description: "d", scoreDescription: "s", outcomes: outcomes.map { .init($0, $0) },
                            requests: 1, appearances: appearances, candidates: candidates)
    }

    static func row(_ table: BiasAuditReport.Table, _ category: String) throws -> BiasAuditReport.Row {
        try #require(table.rows.first { $0.category == category }, "no row \(category) in \(table.dimension)")
    }

    static let exact = BiasAuditReport.Settings(minShare: 0.02, replicates: 0)

    // MARK: Scoring

    /// Seven scored CVs: a 0.9 and 0.7 (mean 0.8), b 0.6, c 0.5, d 0.4, e 0.3, f 0.2 (not
    /// listed), g 0.1 (race unknown). Median of the seven: 0.4; above it (strictly): a, b, c.
    static let scoringGroups = AuditGroups(people: [
        "a": person("Female", "Hispanic or Latino"), "b": person("Female", "White"), "c": person("Male", "White"),
        "d": person("Male", "White"), "e": person("Male", "Black or African American"), "g": person("Female", nil),
    ])
    static let scoringAppearances: [BiasAudit.Appearance] = [
        .init(cvID: "a", score: 0.9), .init(cvID: "a", score: 0.7), .init(cvID: "b", score: 0.6), .init(cvID: "c", score: 0.5),
        .init(cvID: "d", score: 0.4), .init(cvID: "e", score: 0.3), .init(cvID: "f", score: 0.2), .init(cvID: "g", score: 0.1),
    ]

    @Test func scoringRateIsTheShareAboveTheMedianOfEveryScoredCV() throws {
        let d = try BiasAudit.audit(Self.direction(Self.scoringAppearances), groups: Self.scoringGroups, settings: Self.exact)
        let m = d.scoring
        #expect(m.medianScore == 0.4, "the 4th of 7 scores (a's two appearances are one CV, mean 0.8)")
        #expect(m.count == 7 && m.selected == 3, "a, b, c are above 0.4; d at the median is not")
        #expect(d.cvs == 7 && d.cvsScored == 7 && d.seenNotListed == 1 && d.listedNotSeen == 0)

        let sex = m.tables[0]
        #expect(sex.dimension == "sex" && sex.unknown == 1, "f is not listed")
        let female = try Self.row(sex, "Female"), male = try Self.row(sex, "Male")
        #expect(female.count == 3 && female.selected == 2 && female.rate == 2.0 / 3, "a, b above; g below")
        #expect(male.count == 3 && male.selected == 1 && male.rate == 1.0 / 3, "c above; d, e not")
        #expect(female.impactRatio == 1 && female.reference)
        #expect(male.impactRatio == (1.0 / 3) / (2.0 / 3) && !male.reference)
        #expect(female.share == 0.5 && male.share == 0.5)

        let race = m.tables[1]
        #expect(race.dimension == "race_ethnicity" && race.unknown == 2, "f not listed, g without race")
        #expect(try Self.row(race, "Hispanic or Latino").rate == 1 && Self.row(race, "Hispanic or Latino").reference)
        #expect(try Self.row(race, "White").rate == 2.0 / 3 && Self.row(race, "White").impactRatio == 2.0 / 3)
        #expect(try Self.row(race, "Black or African American").rate == 0 && Self.row(race, "Black or African American").impactRatio == 0)
        #expect(try Self.row(race, "White").share == 3.0 / 5)

        let both = m.tables[2]
        #expect(both.dimension == "intersection" && both.unknown == 2)
        #expect(both.rows.map(\.category) == ["Female × Hispanic or Latino", "Female × White", "Male × Black or African American", "Male × White"])
        #expect(both.rows.map(\.rate) == [1, 1, 0, 0.5])
        #expect(both.rows.map(\.impactRatio) == [1, 1, 0, 0.5])
        #expect(both.rows.map(\.reference) == [true, false, false, false], "a tie goes to the first category by name")
    }

    @Test func anEvenSampleTakesTheMeanOfTheTwoMiddleScores() throws {
        let d = try BiasAudit.audit(Self.direction(Array(Self.scoringAppearances.dropLast())), groups: Self.scoringGroups, settings: Self.exact)
        #expect(d.scoring.medianScore == (0.5 + 0.4) / 2 && d.scoring.selected == 3, "six scores 0.8 … 0.2")
    }

    // MARK: Selection, the 2% rule, unknowns

    /// 61 listed CVs with a race, 2 listed men without one, 2 CVs seen but not listed; every
    /// listed CV is a candidate (shown or not); "shown" is the selection. By race: Asian 10/20, White 16/40, Native Hawaiian 1/1 (1/61 = 1.6% of
    /// the known: flagged). By sex: Female 6+6+1 = 13/31, Male 4+10 = 14/30 plus 2 unselected
    /// without race = 14/32.
    static func selectionData() -> (AuditGroups, [BiasAudit.Appearance]) {
        var people: [String: AuditGroups.Person] = [:], shown: [BiasAudit.Appearance] = []
        func add(_ prefix: String, _ sex: String?, _ race: String?, total: Int, selected: Int, listed: Bool = true) {
            for i in 0..<total {
                let id = "\(prefix)-\(i)"
                if listed { people[id] = person(sex, race) }
                if i < selected { shown.append(.init(cvID: id, score: 0.5, outcomes: ["shown"])) }
                else if !listed { shown.append(.init(cvID: id, score: 0.5)) }  // seen, not selected
            }
        }
        add("fa", "Female", "Asian", total: 10, selected: 6)
        add("fw", "Female", "White", total: 20, selected: 6)
        add("ma", "Male", "Asian", total: 10, selected: 4)
        add("mw", "Male", "White", total: 20, selected: 10)
        add("fn", "Female", "Native Hawaiian or Other Pacific Islander", total: 1, selected: 1)
        add("mu", "Male", nil, total: 2, selected: 0)
        add("x", nil, nil, total: 2, selected: 1, listed: false)
        return (AuditGroups(people: people), shown)
    }

    @Test func selectionRatesImpactRatiosAndTheTwoPercentFlag() throws {
        let (groups, shown) = Self.selectionData()
        let d = try BiasAudit.audit(Self.direction(shown, candidates: Set(groups.people.keys)), groups: groups, settings: Self.exact)
        #expect(d.cvs == 65, "63 listed, every one a candidate, and 2 seen but not listed")
        #expect(d.listedNotSeen == 63 - 27 && d.seenNotListed == 2)
        let m = d.selection[0]
        #expect(m.name == "shown" && m.count == 65 && m.selected == 28)

        let race = m.tables[1]
        #expect(race.unknown == 4, "2 listed without race, 2 not listed")
        let asian = try Self.row(race, "Asian"), white = try Self.row(race, "White")
        let nhpi = try Self.row(race, "Native Hawaiian or Other Pacific Islander")
        #expect(asian.rate == 0.5 && asian.reference && asian.impactRatio == 1)
        #expect(white.rate == 0.4 && white.impactRatio == 0.4 / 0.5)
        #expect(nhpi.count == 1 && nhpi.share == 1.0 / 61 && nhpi.rate == 1, "reported with its count and rate")
        #expect(nhpi.excluded && nhpi.impactRatio == nil && !nhpi.reference, "under 2%: not the reference though its rate is the highest")
        #expect(!asian.excluded && !white.excluded)

        let sex = m.tables[0]
        #expect(sex.unknown == 2)
        let female = try Self.row(sex, "Female"), male = try Self.row(sex, "Male")
        #expect(female.count == 31 && female.selected == 13 && male.count == 32 && male.selected == 14)
        #expect(male.reference && female.impactRatio == (13.0 / 31) / (14.0 / 32))

        let both = m.tables[2]
        #expect(both.unknown == 4)
        #expect(try Self.row(both, "Female × Asian").rate == 0.6 && Self.row(both, "Female × Asian").reference)
        #expect(try Self.row(both, "Female × White").impactRatio == 0.3 / 0.6)
        #expect(try Self.row(both, "Male × Asian").impactRatio == 0.4 / 0.6)
        #expect(try Self.row(both, "Male × White").impactRatio == 0.5 / 0.6)
        #expect(try Self.row(both, "Female × Native Hawaiian or Other Pacific Islander").excluded)
    }

    @Test func theMinimumShareIsASetting() throws {
        let (groups, shown) = Self.selectionData()
        let settings = BiasAuditReport.Settings(minShare: 0, replicates: 0)
        let race = try BiasAudit.audit(Self.direction(shown, candidates: Set(groups.people.keys)), groups: groups, settings: settings).selection[0].tables[1]
        let nhpi = try Self.row(race, "Native Hawaiian or Other Pacific Islander")
        #expect(!nhpi.excluded && nhpi.reference && nhpi.impactRatio == 1)
        #expect(try Self.row(race, "Asian").impactRatio == 0.5)
    }

    @Test func withoutCandidatesOnlyCVsThatAppearAreAudited() throws {
        let (groups, shown) = Self.selectionData()
        let d = try BiasAudit.audit(Self.direction(shown), groups: groups, settings: Self.exact)
        #expect(d.cvs == 29 && d.selection[0].selected == 28, "27 listed selected, 2 seen unlisted")
        #expect(d.listedNotSeen == 36)
        // A candidate the groups file does not list, never shown: audited, unknown, not selected.
        let pool = try BiasAudit.audit(Self.direction(shown, candidates: ["y"]), groups: groups, settings: Self.exact)
        #expect(pool.cvs == 30 && pool.selection[0].selected == 28 && pool.selection[0].tables.allSatisfy { $0.unknown == 3 }, "x-0, x-1, y")
    }

    @Test func noSelectionAtAllGivesNoImpactRatio() throws {
        let groups = AuditGroups(people: ["a": Self.person("Female", "Asian"), "b": Self.person("Male", "Asian")])
        let d = try BiasAudit.audit(Self.direction([.init(cvID: "a", score: 0.3)]), groups: groups, settings: Self.exact)
        for table in d.selection[0].tables {
            #expect(table.rows.allSatisfy { $0.rate == 0 && $0.impactRatio == nil && !$0.reference }, "\(table.dimension)")
        }
    }

    @Test func withoutGroupsEveryCVIsUnknown() throws {
        let d = try BiasAudit.audit(Self.direction(Self.scoringAppearances), groups: AuditGroups(people: [:]), settings: Self.exact)
        #expect(d.scoring.medianScore == 0.4 && d.scoring.tables.allSatisfy { $0.rows.isEmpty && $0.unknown == 7 })
    }

    // MARK: Bootstrap

    static let bootstrap = BiasAuditReport.Settings(minShare: 0.02, replicates: 400, seed: 7)

    @Test func everyIntervalHoldsItsPointEstimateAndIsSeeded() throws {
        let (groups, shown) = Self.selectionData()
        let scored = shown.enumerated().map { i, a in BiasAudit.Appearance(cvID: a.cvID, score: Double(i % 7) / 7, outcomes: a.outcomes) }
        let pool = Set(groups.people.keys)
        let d = try BiasAudit.audit(Self.direction(scored, candidates: pool), groups: groups, settings: Self.bootstrap)
        // Scoring: 2 + 3 + 5 ratios (27 CVs are scored, so the one Native Hawaiian CV is 3.7% there); selection: 2 + 2 + 4.
        var checked = 0, varied = 0
        for metric in [d.scoring] + d.selection {
            for table in metric.tables {
                for row in table.rows {
                    let rate = try #require(row.rateInterval, "\(metric.name) \(row.category)")
                    #expect(rate[0] <= row.rate && row.rate <= rate[1], "\(metric.name) \(table.dimension) \(row.category) rate \(row.rate) \(rate)")
                    if let ratio = row.impactRatio {
                        let ci = try #require(row.impactRatioInterval)
                        #expect(ci[0] <= ratio && ratio <= ci[1], "\(metric.name) \(table.dimension) \(row.category) ratio \(ratio) \(ci)")
                        if ci[0] < ci[1] { varied += 1 }
                        checked += 1
                    } else {
                        #expect(row.impactRatioInterval == nil)
                    }
                }
            }
        }
        #expect(checked == 18 && varied >= 14, "\(varied) of \(checked) intervals are wider than a point (a category highest in every replicate has [1, 1])")
        #expect(try BiasAudit.audit(Self.direction(scored, candidates: pool), groups: groups, settings: Self.bootstrap) == d, "same seed, same report")
        var other = Self.bootstrap
        other.seed = 8
        #expect(try BiasAudit.audit(Self.direction(scored, candidates: pool), groups: groups, settings: other) != d, "another seed, other resamples")
    }

    @Test func noReplicatesNoIntervals() throws {
        let d = try BiasAudit.audit(Self.direction(Self.scoringAppearances), groups: Self.scoringGroups, settings: Self.exact)
        #expect(d.scoring.tables.allSatisfy { $0.rows.allSatisfy { $0.rateInterval == nil && $0.impactRatioInterval == nil } })
    }

    /// The bootstrap's weighted median against the median of the multiset written out.
    @Test func weightedMedianIsTheMedianOfTheResample() {
        var g = SplitMix64(seed: 3)
        for n in 1...12 {
            let values = (0..<n).map { _ in BiasAudit.Value.score(Double(g.next() % 10)) }
            let order = values.indices.sorted { BiasAudit.score(values[$0]) < BiasAudit.score(values[$1]) }
            for _ in 0..<20 {
                let weights = (0..<n).map { _ in Int(g.next() % 3) }
                let expanded = values.indices.flatMap { Array(repeating: BiasAudit.score(values[$0]), count: weights[$0]) }.sorted()
                let naive: Double? = expanded.isEmpty ? nil
                    : expanded.count % 2 == 1 ? expanded[expanded.count / 2] : (expanded[expanded.count / 2 - 1] + expanded[expanded.count / 2]) / 2
                #expect(BiasAudit.weightedMedian(values, order, weights) == naive, "\(expanded)")
            }
        }
    }

    @Test func quantileInterpolatesBetweenOrderStatistics() {
        #expect(BiasAudit.quantile([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(BiasAudit.quantile([0, 10], 0.25) == 2.5)
        #expect(BiasAudit.quantile([7], 0.975) == 7)
    }

    @Test func settingsOutOfRangeAreRefused() {
        for bad in [BiasAuditReport.Settings(replicates: -1), .init(confidence: 1), .init(minShare: 1), .init(top: 0)] {
            #expect(throws: PrivacyError.self) { try BiasAudit.audit(Self.direction([]), groups: AuditGroups(people: [:]), settings: bad) }
        }
    }
}
