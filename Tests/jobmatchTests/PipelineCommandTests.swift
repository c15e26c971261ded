import Foundation
import TestSupport
import Testing

/// `jobmatch pipeline` end to end on a small generated workspace (tiny random BERT as the model).
@Suite struct PipelineCommandTests {
    @Test func runsEveryStageThenSkipsThemAllAndEndsWithExplainedMatches() throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let args = ["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--base-model", "tiny"]
        let first = try CLI.run(args)
        #expect(first.status == 0, "\(first.err)")
        for stage in ["generate", "ingest", "process", "index"] { #expect(first.err.contains("== \(stage)\n"), "\(stage) ran") }
        #expect(first.out.contains("3 jobs for cv-000001") && first.out.contains("✓ matched"))
        let second = try CLI.run(args)
        #expect(second.status == 0)
        for stage in ["generate", "ingest", "process", "index"] {
            #expect(second.err.contains("== \(stage): up to date, skipped"), "\(stage) skipped")
        }
        // One more CV: the raw files, the log and the tables change; the jobs table does not, so
        // the index stage is skipped.
        let third = try CLI.run(["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "13", "--base-model", "tiny"])
        #expect(third.status == 0)
        #expect(third.err.contains("== process\n") && third.err.contains("== index: up to date, skipped"))
        let bad = try CLI.run(["pipeline", "--workspace", ws, "--from", "nope"])
        #expect(bad.status == 1 && bad.err.contains("unknown stage 'nope'"))
    }
}
