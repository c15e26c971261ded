import Foundation
import Testing

/// `jobmatch process` and `jobmatch skills`, run as a user would.
@Suite struct ProcessCommandTests {
    @Test func processWritesBothTablesAndASummary() throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-process-\(UUID().uuidString)").path
        #expect(try CLI.run(["generate", "--workspace", ws, "--jobs", "150", "--cvs", "10", "--board-jobs", "20"]).status == 0)
        let r = try CLI.run(["process", "--workspace", ws])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("rows in:") && r.out.contains("rows out:") && r.out.contains("skills per posting"))
        for table in ["jobs.parquet", "cvs.parquet"] {
            #expect(FileManager.default.fileExists(atPath: "\(ws)/tables/\(table)"))
        }
        let bad = try CLI.run(["process", "--workspace", ws, "--engine", "hadoop"])
        #expect(bad.status == 64)
    }

    @Test func skillsPrintsMatchesAndVocabulary() throws {
        let r = try CLI.run(["skills", "--json", "We go the extra mile with Go and React on Kubernetes."])
        #expect(r.status == 0)
        #expect(r.out.contains("\"skill\":\"kubernetes\"") && r.out.contains("\"start\":26,\"end\":28,\"skill\":\"go\""))
        #expect(!r.out.contains("\"start\":3,"))
        let spacy = try CLI.run(["skills", "--mode", "spacy", "We go the extra mile."])
        #expect(spacy.out.contains("3-5\tgo\tgo"))
        let vocab = try CLI.run(["skills", "--vocabulary"])
        #expect(vocab.out.split(separator: "\n").count >= 2000 && vocab.out.contains("\"id\":\"javascript\""))
    }
}
