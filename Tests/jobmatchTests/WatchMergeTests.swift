import Alerts
import Foundation
import Indexing
import JobMatchCore
import Tables
import TestSupport
import Testing
import VectorIndex

#if canImport(Glibc)
import Glibc
#endif

/// `jobmatch watch --merge-at N`: the segment folded into the base (tables and index) in the
/// background, as indexing the merged tables would build it.
@Suite(.serialized) struct WatchMergeTests {
    static let tinyBERT = MatchCommandTests.tinyBERT

    /// Two merges — new postings, then their corrections and more new ones — leave tables in which
    /// every segment posting is a row (a correction in its old row's place), and an index equal to
    /// the one `jobmatch index` builds from those tables: `match` gives the same jobs and scores on
    /// both, each job once. The segment's lines are tagged with the base they are in, so nothing is
    /// served twice. Seen red with the corrections appended instead of replacing their rows, and
    /// with the segment's lines left untagged. Also with an index at a Matryoshka dimension and
    /// int8 storage, whose segment vectors are truncated (a merge encodes those postings again at
    /// the model's dimension for the encoded table), and with an inverted-file index of SQ8
    /// residuals scanned whole (rebuilt with its lists, nprobe and codes; seen refused before).
    @Test(arguments: [[String](), ["--dim", "12", "--encoding", "int8"], ["--ivf", "4", "--nprobe", "4", "--encoding", "int8"]])
    func mergesFoldTheSegmentIntoTheBaseAsIndexingTheMergedTablesWould(indexOptions: [String]) async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 2)
        let workspace = Workspace(ws)
        if !indexOptions.isEmpty {
            let i = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT] + indexOptions)
            #expect(i.status == 0, "\(i.err)")
        }
        let baseRows = try JobsTable.rowCount(workspace.jobsTable)
        let watch = ["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--merge-at", "1"]

        try await WatchCommandTests.ingest(batches[0], into: ws)
        let first = try await CLI.run(watch + ["--from-beginning"])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("merged 40 postings into the base index (0 replaced, 40 added; \(baseRows + 40) vectors"), "\(first.out)")
        let afterFirst = try JobsTable.read(workspace.jobsTable, columns: [.jobID]).map(\.jobID)
        try await WatchCommandTests.ingest(try WatchCommandTests.corrected(batches[0]), into: ws)
        try await WatchCommandTests.ingest(batches[1], into: ws)
        let second = try await CLI.run(watch)
        #expect(second.status == 0, "\(second.err)")
        // The corrections (postings whose skills row lost a skill; a posting with one skill or none
        // is unchanged) replace their rows; batch 1 is appended.
        let line = try #require(second.out.split(separator: "\n").first { $0.hasPrefix("merged ") }, "\(second.out)")
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 4 && numbers[0] == numbers[1] + 40 && numbers[1] > 20 && numbers[2] == 40 && numbers[3] == baseRows + 80, "\(line)")
        let merged2 = numbers.first ?? 0

        // The tables: every segment posting's latest version is its row.
        let rows = try JobsTable.read(workspace.jobsTable, columns: JobsTable.Column.allCases)
        #expect(rows.count == baseRows + 80 && Set(rows.map(\.jobID)).count == rows.count)
        let segment = try IndexSegment(url: workspace.indexSegment).entries
        let info = try IndexInfo.read(forIndex: workspace.jobsIndex)
        // The latest merge's postings, tagged with the base they are in; the first merge's unchanged ones are dropped (in this base too).
        #expect(segment.count == merged2 && segment.allSatisfy { $0.mergedInto == info.created }, "segment lines not tagged with the merged base")
        let version = Dictionary(uniqueKeysWithValues: rows.map { ($0.jobID, IndexSegment.version(of: $0)) })
        for e in segment where version[e.job.jobID] != e.version { Issue.record("\(e.job.jobID): the table's row is not the segment's version") }
        #expect(try EncodedJobsTable.jobIDs(workspace.jobsEncodedTable) == rows.map(\.jobID))
        #expect(info.count == rows.count)
        // Corrections took their old rows' places.
        #expect(Array(rows.prefix(afterFirst.count).map(\.jobID)) == afterFirst, "a corrected posting moved")

        // The index equals what indexing the merged tables builds.
        let reference = TestPaths.tempFolder().appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: ws, toPath: reference)
        try FileManager.default.removeItem(atPath: "\(reference)/index")
        let indexed = try await CLI.run(["index", "--workspace", reference, "--model", Self.tinyBERT] + indexOptions)
        #expect(indexed.status == 0, "\(indexed.err)")
        let cv = "Registered nurse with ten years in intensive care, patient assessment, medication administration and EHR charting."
        func match(_ w: String) async throws -> [MatchCommandTests.Response.Result] {
            let m = try await CLI.run(["match", "--workspace", w, "--model", Self.tinyBERT, "--text", cv, "--top", "10000", "--json"])
            #expect(m.status == 0, "\(m.err)")
            return try JSONDecoder().decode(MatchCommandTests.Response.self, from: Data(m.out.utf8)).results
        }
        let merged = try await match(ws), expected = try await match(reference)
        #expect(merged.count == rows.count && Set(merged.map(\.job_id)).count == merged.count, "\(merged.count) results for \(rows.count) jobs")
        #expect(merged.map(\.job_id) == expected.map(\.job_id))
        for (a, b) in zip(merged, expected) where abs(a.score - b.score) > 1e-5 { Issue.record("\(a.job_id): \(a.score) merged, \(b.score) indexed") }
    }

    /// A base replaced while a merge was staged (`process` or `index` ran) is not overwritten: the
    /// commit refuses and removes the staged files, and the segment keeps its postings.
    @Test func aMergeOverABaseThatChangedIsRefused() async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 1)
        let workspace = Workspace(ws)
        try await WatchCommandTests.ingest(batches[0], into: ws)
        #expect(try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--from-beginning", "--merge-at", "0"]).status == 0)
        let rows = try JobsTable.read(workspace.jobsTable, columns: JobsTable.Column.allCases)
        let vectors = try EncodedJobsTable.jobIDs(workspace.jobsEncodedTable).count
        // A posting of the base changed, as a merge would take it (its vector is a stand-in here).
        var row = rows[0]
        row.title += " (corrected)"
        let info = try IndexInfo.read(forIndex: workspace.jobsIndex)
        let staged = try IndexMerge.stage(workspace: workspace, postings: [IndexMerge.Posting(row: row, vector: [Float](repeating: 0.1, count: info.modelDimension))],
                                          normalize: true)
        #expect(staged.replaced == 1 && staged.appended == 0)
        let indexed = try await CLI.run(["index", "--workspace", ws, "--model", Self.tinyBERT])
        #expect(indexed.status == 0, "\(indexed.err)")
        #expect(throws: IndexingError.self) { try IndexMerge.commit(staged, workspace: workspace) }
        let left = try FileManager.default.contentsOfDirectory(atPath: "\(ws)/tables") + (try FileManager.default.contentsOfDirectory(atPath: "\(ws)/index"))
        #expect(!left.contains { $0.hasSuffix(".merging") || $0.hasSuffix(".merging.json") }, "\(left)")
        #expect(try JobsTable.read(workspace.jobsTable, columns: [.jobID, .title]).first?.title == rows[0].title)
        #expect(try EncodedJobsTable.jobIDs(workspace.jobsEncodedTable).count == vectors)
    }

    /// A running `serve` finds the segment's postings before a merge, while it still runs on the
    /// old base after it (the merged lines are served from the segment), and after it switched to
    /// the merged index (the lines are skipped, the index has them): the same jobs each time, each
    /// once. Seen red with the merged lines skipped whatever the server's base.
    @Test func aRunningServerServesEveryPostingOnceAcrossAMerge() async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 1)
        try FileManager.default.copyItem(atPath: Self.tinyBERT, toPath: "\(ws)/models/tiny-bert")  // the index's model, by name
        let serve = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0", "--reload-every", "3600"])
        try #require(serve.read { $0.contains { $0.hasPrefix("listening on http://") } }, "\(serve.lines)")
        let base = try #require(serve.lines.first { $0.hasPrefix("listening on ") }?.dropFirst("listening on ".count))
        func match() async throws -> (ids: [String], index: String) {
            let r = try await TestProcess.run("/usr/bin/curl", ["-s", "\(base)/match", "-X", "POST", "-H", "content-type: application/json",
                                                              "-d", #"{"cv_id": "cv-000004", "top": 100}"#])
            let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
            let results = try #require(o["results"] as? [[String: Any]])
            return (results.compactMap { $0["job_id"] as? String }, o["index_version"] as? String ?? "")
        }
        try await WatchCommandTests.ingest(batches[0], into: ws)
        #expect(try await CLI.run(["watch", "--workspace", ws, "--once", "--from-beginning", "--merge-at", "0"]).status == 0)
        let before = try await match()
        let added = Set(try IndexSegment(url: Workspace(ws).indexSegment).entries.map(\.job.jobID))
        #expect(!added.isDisjoint(with: before.ids) && Set(before.ids).count == before.ids.count)

        let merge = try await CLI.run(["watch", "--workspace", ws, "--once", "--merge-at", "1"])
        #expect(merge.status == 0 && merge.out.contains("merged 40 postings"), "\(merge.out) \(merge.err)")
        let stale = try await match()  // still the old base: the merged lines come from the segment
        #expect(stale.index == before.index)
        #expect(stale.ids == before.ids, "the server on the old base lost or doubled postings after the merge")
        serve.signal(SIGTERM)

        let fresh = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0"])
        try #require(fresh.read { $0.contains { $0.hasPrefix("listening on http://") } }, "\(fresh.lines)")
        let url = try #require(fresh.lines.first { $0.hasPrefix("listening on ") }?.dropFirst("listening on ".count))
        let r = try await TestProcess.run("/usr/bin/curl", ["-s", "\(url)/match", "-X", "POST", "-H", "content-type: application/json",
                                                          "-d", #"{"cv_id": "cv-000004", "top": 100}"#])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        let after = (o["results"] as? [[String: Any]] ?? []).compactMap { $0["job_id"] as? String }
        #expect(o["index_version"] as? String != before.index)
        #expect(after == before.ids, "the merged base serves other postings than the segment did")
        fresh.signal(SIGTERM)
    }

    /// A merge whose index switch a crash interrupted (the journal written, one of the two files
    /// renamed) is finished by the next reader of the index: `match` works and the journal is gone.
    /// Seen red without the settle (the side file disagrees with the index). Staged files a kill
    /// left are removed by the next watch.
    @Test func anIndexSwitchACrashInterruptedIsFinishedByTheNextReader() async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 1)
        let workspace = Workspace(ws)
        try await WatchCommandTests.ingest(batches[0], into: ws)
        #expect(try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--from-beginning", "--merge-at", "0"]).status == 0)
        let segment = try IndexSegment(url: workspace.indexSegment).entries
        // The merge staged by hand, as `watch` does, then switched up to the crash.
        let template = try #require(try JobsTable.read(workspace.jobsTable, columns: JobsTable.Column.allCases).first)
        let postings = segment.map { e -> IndexMerge.Posting in
            var row = template
            row.jobID = e.job.jobID
            row.title = e.job.title
            return IndexMerge.Posting(row: row, vector: e.vector)
        }
        let staged = try IndexMerge.stage(workspace: workspace, postings: postings, normalize: true)
        try DurableFileSet.replace(staged.tablesForTests)
        let index = staged.indexForTests
        let journal = workspace.index.appendingPathComponent(DurableFileSet.journalName)
        try JSONSerialization.data(withJSONObject: index.map { ["from": $0.staged.lastPathComponent, "to": $0.final.lastPathComponent] })
            .write(to: journal)
        try FileManager.default.removeItem(at: index[0].final)
        try FileManager.default.moveItem(at: index[0].staged, to: index[0].final)  // the crash: the index renamed, not its side file

        let m = try await CLI.run(["match", "--workspace", ws, "--model", Self.tinyBERT, "--cv-id", "cv-000004", "--top", "5"])
        #expect(m.status == 0, "\(m.err)")
        #expect(!FileManager.default.fileExists(atPath: journal.path))
        #expect(try IndexInfo.read(forIndex: workspace.jobsIndex).count == staged.info.count)

        // What a merge killed while staging leaves is removed when the next watch starts.
        let leftovers = [workspace.tables.appendingPathComponent("jobs.parquet.merging.partial"),
                         workspace.index.appendingPathComponent("jobs.faiss.merging")]
        for f in leftovers { try Data("half a file".utf8).write(to: f) }
        let w = try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--merge-at", "0"])
        #expect(w.status == 0, "\(w.err)")
        for f in leftovers { #expect(!FileManager.default.fileExists(atPath: f.path), "\(f.lastPathComponent) left behind") }
    }
}
