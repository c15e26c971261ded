import Foundation
@testable import Privacy
import Testing

/// The report as JSON and HTML: the keys an auditor's tools read, escaped text, no external file.
@Suite struct BiasAuditReportTests {
    static func report(groupsFile: String? = "groups.csv", pasted: Int = 2) throws -> BiasAuditReport {
        let groups = AuditGroups(people: [
            "a": .init(sex: "Female", raceEthnicity: "<script>alert(1)</script>"), "b": .init(sex: "Male & co", raceEthnicity: "White"),
            "c": .init(sex: "Male & co", raceEthnicity: "White"),
        ])
        let direction = BiasAudit.Direction(
            name: "recruiter", description: "Recruiters <ranking>.", scoreDescription: "Mean score.", outcomes: [.init("shown_top_10", "Shown.")],
            requests: 2, appearances: [.init(cvID: "a", score: 0.9, outcomes: ["shown_top_10"]), .init(cvID: "b", score: 0.5),
                                       .init(cvID: "z", score: 0.1, outcomes: ["shown_top_10"])],
            candidates: ["a", "b", "c"])
        let provenance = BiasAudit.Provenance(
            groupsFile: groupsFile, period: .init(since: "2026-01-01", until: nil, firstRequest: "2026-01-02T00:00:00Z", lastRequest: "2026-01-03T00:00:00Z"),
            versions: [.init(direction: "recruiter", modelVersion: "minilm\"<b>", indexVersion: "idx-1", rankingVersion: nil, requests: 1),
                       .init(direction: "recruiter", modelVersion: "minilm-2", indexVersion: "idx-2", rankingVersion: "retrieval", requests: 1)],
            unattributable: .init(pastedCVRequests: pasted, pastedCVs: 1), generatedAt: "2026-02-01T00:00:00Z")
        return try BiasAudit.report([direction], groups: groups, provenance: provenance, settings: .init(minShare: 0.4, replicates: 50))
    }

    @Test func jsonHasTheReportsKeys() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Self.report().json()) as? [String: Any])
        #expect(Set(object.keys) == ["tool", "rules", "generated_at", "period", "versions", "groups", "settings", "directions", "unattributable", "limits"])
        let direction = try #require((object["directions"] as? [[String: Any]])?.first)
        #expect(Set(direction.keys) == ["name", "description", "requests", "cvs", "cvs_scored", "listed_not_seen", "seen_not_listed", "scoring", "selection"])
        let scoring = try #require(direction["scoring"] as? [String: Any])
        #expect(scoring["median_score"] as? Double == 0.5)
        let keys: Set = ["category", "count", "share", "selected", "rate", "rate_interval", "impact_ratio", "impact_ratio_interval", "excluded", "reference"]
        for table in try #require((direction["selection"] as? [[String: Any]])?.first?["tables"] as? [[String: Any]]) {
            for row in try #require(table["rows"] as? [[String: Any]]) {
                #expect(Set(row.keys) == keys, "every key in every row, null when absent: \(row)")
            }
        }
        let female = try #require(((direction["selection"] as? [[String: Any]])?.first?["tables"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])
        #expect(female.first?["excluded"] as? Bool == true && female.first?["impact_ratio"] is NSNull, "1 of 3 is under the 40% set here")
        let versions = try #require(object["versions"] as? [[String: Any]])
        #expect(versions.first?["ranking_version"] is NSNull, "a version not recorded is null, not left out")
        #expect((object["unattributable"] as? [String: Int]) == ["pasted_cv_requests": 2, "pasted_cvs": 1])
        #expect((object["settings"] as? [String: Any])?["min_share"] as? Double == 0.4)
    }

    @Test func limitsSayWhatCannotBeKnown() throws {
        let limits = try Self.report().limits.joined(separator: "\n")
        #expect(limits.contains("2 requests for jobs were made with a pasted CV"))
        #expect(limits.contains("recruiter: 1 CVs in the requests are not in the groups file"))
        #expect(limits.contains("recruiter: the period mixes 2 model, index or ranking versions"))
        #expect(limits.contains("Nothing is inferred"))
        let none = try Self.report(groupsFile: nil, pasted: 0).limits.joined(separator: "\n")
        #expect(none.contains("No groups file was supplied"))
        #expect(!none.contains("pasted CV"), "no line for what did not happen")
    }

    @Test func htmlIsSelfContainedAndEscaped() throws {
        let html = try Self.report().html()
        #expect(!html.contains("<script"), "a category is text, never markup")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Male &amp; co") && html.contains("minilm&quot;&lt;b&gt;") && html.contains("Recruiters &lt;ranking&gt;."))
        for external in ["src=", "href=", "<link", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        #expect(html.contains("What this report cannot know") && html.contains("Median score of the 3 CVs scored: <b>0.5000</b>"))
        #expect(html.hasPrefix("<!doctype html>"))
    }
}
