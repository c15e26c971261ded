import Foundation
import JobMatchCore
import TestSupport
import Testing

/// `jobmatch audit counterfactual` on a small workspace (tiny random BERT) and five real resumes:
/// with redaction every attribute's two versions rank alike; without it the header moves them.
@Suite struct AuditCommandTests {
    struct Row: Decodable { let attribute: String; let redaction: Bool; let resumes: Int; let overlap: Double; let identical: Double }

    @Test func redactionMakesTheTwoVersionsRankAlike() async throws {
        let ws = try await CandidateMatchTests.workspace()
        let r = try await CLI.run(["audit", "counterfactual", "--workspace", ws.root.path, "--resumes",
                             CLI.packageRoot.appendingPathComponent("data/real/UpdatedResumeDataSet.csv").path, "--limit", "5", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(r.out.utf8))
        #expect(rows.count == 12 && rows.allSatisfy { $0.resumes == 5 })
        for row in rows where row.redaction { #expect(row.overlap == 1 && row.identical == 1, "\(row.attribute) still moves the ranking") }
        let all = try #require(rows.first { $0.attribute == "all" && !$0.redaction })
        #expect(all.identical < 1, "without redaction the header changes something (or the test shows nothing)")
    }
}
