import Foundation
import TestSupport
import Testing

/// `--cv FILE` of `match` and `gaps` with CV files as sent (Documents), through the built binary.
@Suite struct CVInputOptionsTests {
    static let documents = CLI.packageRoot.appendingPathComponent("Tests/DocumentsTests/Fixtures")
    static func fixture(_ name: String) -> String { documents.appendingPathComponent(name).path }

    struct Response: Decodable {
        struct Skill: Decodable, Equatable { let id: String; let cv_spans: [[Int]]? }
        struct Result: Decodable, Equatable { let job_id: String; let score: Float; let matched_skills: [Skill] }
        let cv_id: String?; let results: [Result]
    }

    /// The two-column PDF and its text version rank the same jobs with the same scores, and
    /// explain them with the same skills at the same places of the CV.
    @Test func aPDFMatchesLikeItsText() async throws {
        let ws = try await MatchCommandTests.workspace()
        let idx = try await CLI.run(["index", "--workspace", ws, "--model", MatchCommandTests.tinyBERT])
        try #require(idx.status == 0, "\(idx.err)")
        func match(_ file: String) async throws -> Response {
            let run = try await CLI.run(["match", "--workspace", ws, "--model", MatchCommandTests.tinyBERT, "--cv", Self.fixture(file), "--top", "5", "--json"])
            try #require(run.status == 0, "\(run.err)")
            return try JSONDecoder().decode(Response.self, from: Data(run.out.utf8))
        }
        let pdf = try await match("cv_two_column.pdf"), text = try await match("cv_two_column.txt")
        #expect(pdf.cv_id == "cv_two_column.pdf")
        #expect(pdf.results.count == 5)
        #expect(pdf.results == text.results)
        #expect(pdf.results.contains { !$0.matched_skills.isEmpty })
        let gaps = try await CLI.run(["gaps", "--workspace", ws, "--model", MatchCommandTests.tinyBERT, "--cv", Self.fixture("cv_table.docx"), "--json"])
        #expect(gaps.status == 0, "\(gaps.err)")
    }

    /// A file that gives no text is one line naming it, before any model or index is opened.
    @Test(arguments: [
        ("scan.pdf", "no text in this PDF — is it a scan?"),
        ("bad_crc.docx", "word/document.xml fails its CRC-32 check (damaged)"),
    ])
    func unreadableFilesAreOneLineErrors(file: String, reason: String) async throws {
        let empty = TestPaths.tempFolder().path  // no index, no model: the file is refused first
        for command in ["match", "gaps"] {
            let run = try await CLI.run([command, "--workspace", empty, "--cv", Self.fixture(file)])
            #expect(run.status == 1)
            #expect(run.err == "error: \(Self.fixture(file)): \(reason)\n", "\(run.err)")
        }
    }
}
