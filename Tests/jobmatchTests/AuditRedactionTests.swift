import Foundation
import Testing

/// `jobmatch audit redaction` on the committed labelled sets (data/privacy): every label is found
/// in its text (the resumes' numbering is the command's), the figures are what docs/privacy.md
/// states, and a damaged labels file is one line naming file and line.
@Suite struct AuditRedactionTests {
    static let root = CLI.packageRoot.path

    @Test func theCommittedSetsScoreAsDocumented() async throws {
        let r = try await CLI.run(["audit", "redaction", "--resumes", "\(Self.root)/data/real/UpdatedResumeDataSet.csv",
                             "--labels", "\(Self.root)/data/privacy/real_pii_labels.jsonl",
                             "--synthetic", "\(Self.root)/data/privacy/synthetic_pii_heldout.jsonl", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: [String: Any]])
        for set in ["real", "synthetic"] {
            let s = try #require(json[set])
            #expect((s["absent_labels"] as? [String])?.isEmpty == true, "\(set): \(s["absent_labels"] ?? "")")
        }
        let real = try #require(json["real"]?["total"] as? [String: Any]), synthetic = try #require(json["synthetic"]?["total"] as? [String: Any])
        #expect(real["labelled"] as? Int == 27 && real["redacted"] as? Int == 23, "\(real)")
        #expect(synthetic["labelled"] as? Int == 1356 && synthetic["redacted"] as? Int == 1345, "\(synthetic)")
        #expect(synthetic["wrong"] as? Int == 40)
    }

    @Test func aDamagedLabelsFileIsOneLine() async throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: bad) }
        try Data("{\"resume\": 1, \"pii\": []}\n{\"resume\": 2, \"pii\": [{\"kind\": \"shoe_size\", \"value\": \"44\"}]}\n".utf8).write(to: bad)
        let r = try await CLI.run(["audit", "redaction", "--resumes", "\(Self.root)/data/real/UpdatedResumeDataSet.csv", "--labels", bad.path])
        #expect(r.status == 1 && r.err.contains("\(bad.path):2") && r.err.contains("shoe_size"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
        try Data("{\"resume\": 1, \"pii\": []}\n\n{\"resume\": 9999, \"pii\": []}\n".utf8).write(to: bad)
        let far = try await CLI.run(["audit", "redaction", "--resumes", "\(Self.root)/data/real/UpdatedResumeDataSet.csv", "--labels", bad.path])
        #expect(far.status == 1 && far.err.contains("\(bad.path):3") && far.err.contains("resume 9999 does not exist"), "\(far.err)")
    }
}
