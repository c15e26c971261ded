import Foundation
import Testing
import TestSupport
@testable import Training

@Suite("jobmatch occupation-pairs (the built binary)")
struct OccupationPairsCommandTests {
    @Test("writes pairs that train reads and trains on; set-aside rows are counted and named; a foreign CSV is one line")
    func pairsThatTrain() async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        var csv = "conceptType,conceptUri,preferredLabel,altLabels,description\n"
        let jobs = [("baker", "Bakers make bread"), ("welder", "Welders join metal parts"), ("nurse", "Nurses care for patients"),
                    ("tax adviser", "Tax advisers prepare tax returns"), ("gardener", "Gardeners tend plants"), ("pilot", "Pilots fly aircraft"),
                    ("librarian", "Librarians manage collections"), ("chef", "")]
        for (i, j) in jobs.enumerated() { csv += "Occupation,http://data.europa.eu/esco/occupation/o\(i),\(j.0),,\"\(j.1)\(j.1.isEmpty ? "" : " every day.")\"\n" }
        let input = ws.appendingPathComponent("occupations.csv"), out = ws.appendingPathComponent("tables/occupation_pairs.parquet")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try csv.write(to: input, atomically: true, encoding: .utf8)

        let made = try await TestProcess.jobmatch(["occupation-pairs", "--input", input.path, "--output", out.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("7 pairs from 8 occupations") && made.stdout.contains("occupations.csv:9: no description"), "\(made.stdout)")
        let pairs = try PairsFile.read(out)
        #expect(pairs.count == 7 && pairs.first?.positive == "Baker." && pairs.first?.anchor == "Make bread every day.")

        let trained = try await TestProcess.jobmatch(["train", "--workspace", ws.path, "--base", TrainingCLIFixtures.tinyBert.path,
                                                      "--pairs", out.path, "--batch-size", "4", "--max-steps", "1", "--name", "occupations"])
        #expect(trained.status == 0 && trained.stdout.contains("7 pairs"), "\(trained.stderr)")

        let foreign = ws.appendingPathComponent("other.csv")
        try "title,text\na,b\n".write(to: foreign, atomically: true, encoding: .utf8)
        let refused = try await TestProcess.jobmatch(["occupation-pairs", "--input", foreign.path, "--output", out.path])
        #expect(refused.status != 0 && refused.stderr.contains(foreign.path) && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }
}
