import Alerts
import Foundation
import JobMatchCore
import Tables
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `jobmatch alerts` and `jobmatch watch`, run as a user would, on a generated workspace indexed
/// with the tiny random BERT of the Transformers fixtures (fast; the flow is the same for MiniLM).
@Suite(.serialized) struct WatchCommandTests {
    static let tinyBERT = MatchCommandTests.tinyBERT

    /// A processed and indexed workspace (nothing ingested yet), and `count` folders of new
    /// LinkedIn postings (posting, skills and summary files) made with other seeds.
    static func workspace(batches count: Int, jobs: Int = 40, process options: [String] = []) async throws -> (ws: String, batches: [String]) {
        let ws = TestPaths.tempFolder().path
        #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--seed", "5"]).status == 0)
        let p = try await CLI.run(["process", "--workspace", ws] + options)
        #expect(p.status == 0, "\(p.err)")
        let i = try await CLI.run(["index", "--workspace", ws, "--model", tinyBERT])
        #expect(i.status == 0, "\(i.err)")
        var batches: [String] = []
        for b in 0..<count {
            let gen = TestPaths.tempFolder().path
            #expect(try await CLI.run(["generate", "--workspace", gen, "--jobs", "\(jobs)", "--cvs", "1", "--seed", "\(100 + b)"]).status == 0)
            let folder = TestPaths.tempFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in ["linkedin_job_postings.csv", "job_skills.csv", "job_summary.csv"] {
                try FileManager.default.copyItem(atPath: "\(gen)/raw/\(name)", toPath: folder.appendingPathComponent(name).path)
            }
            batches.append(folder.path)
        }
        return (ws, batches)
    }

    /// Replaces WORKSPACE/raw with `batch` and publishes it (`--force`: a batch may come twice) to
    /// the workspace's embedded log, or where `log` options say.
    static func ingest(_ batch: String, into ws: String, log: [String] = []) async throws {
        let raw = "\(ws)/raw"
        try? FileManager.default.removeItem(atPath: raw)
        try FileManager.default.copyItem(atPath: batch, toPath: raw)
        let r = try await CLI.run(["ingest", "--workspace", ws, "--force"] + log)
        #expect(r.status == 0, "\(r.err)")
    }

    /// A copy of `batch` whose skills rows each lose their last skill: the same postings corrected.
    static func corrected(_ batch: String) throws -> String {
        let folder = TestPaths.tempFolder().appendingPathComponent("corrected")
        try FileManager.default.copyItem(atPath: batch, toPath: folder.path)
        let skills = folder.appendingPathComponent("job_skills.csv")
        let lines = try String(contentsOf: skills, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.enumerated().map { i, line -> String in
            guard i > 0, line.hasSuffix("\""), let comma = line.range(of: ", ", options: .backwards) else { return String(line) }
            return line[..<comma.lowerBound] + "\""
        }
        try cut.joined(separator: "\n").write(to: skills, atomically: true, encoding: .utf8)
        return folder.path
    }

    @Test func standingSearchesAreAddedListedAndRemoved() async throws {
        let (ws, _) = try await Self.workspace(batches: 0)
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000003", "--min-score", "0.4"]).status == 0)
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000004"]).status == 0)
        let unknown = try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-999999"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("cvs.parquet") && unknown.err.contains("cv-999999") && unknown.err.split(separator: "\n").count == 1)
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000003", "--min-score", "2"]).status != 0)
        let list = try await CLI.run(["alerts", "list", "--workspace", ws, "--json"])
        struct Listing: Decodable {
            struct S: Decodable { let cv_id: String; let min_score: Double; let consent: Bool; let alerts: Int }
            let searches: [S]
        }
        let listed = try JSONDecoder().decode(Listing.self, from: Data(list.out.utf8))
        #expect(listed.searches.map(\.cv_id) == ["cv-000003", "cv-000004"])
        let defaultScore: Double = 0.5  // StandingSearchStore.defaultMinScore
        #expect(listed.searches.map(\.min_score) == [0.4, defaultScore])
        #expect(!listed.searches.contains { !$0.consent })
        #expect(try await CLI.run(["alerts", "remove", "--workspace", ws, "--cv-id", "cv-000003"]).status == 0)
        let again = try await CLI.run(["alerts", "remove", "--workspace", ws, "--cv-id", "cv-000003"])
        #expect(again.status == 1 && again.err.contains("no standing search for CV cv-000003"))
        let plain = try await CLI.run(["alerts", "list", "--workspace", ws])
        #expect(plain.out.contains("cv-000004"))
    }

    /// `watch` children are killed with SIGKILL at random moments while batches are ingested
    /// (and some corrected), restarted each time; at the end every posting version in the segment
    /// has exactly one alert per standing search, and the final versions are those a single
    /// unkilled run over the same log finds. Seen red with the commit moved before the writes (alerts
    /// lost) and with the keys of alerts.jsonl not read at start (alerts written twice).
    @Test func aWatchKilledInALoopNeitherLosesNorRepeatsAnAlert() async throws {
        let (ws, batches) = try await Self.workspace(batches: 8)
        let searches = ["cv-000002", "cv-000005", "cv-000009"]
        for cv in searches {  // min score -1: every posting version alerts every search
            #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", cv, "--min-score=-1"]).status == 0)
        }
        var plan = batches
        plan.insert(try Self.corrected(batches[0]), at: 3)
        plan.append(try Self.corrected(batches[2]))
        var generator = SeededGenerator(seed: 24)
        var fromSnapshot = 0
        var killed = 0
        for (i, batch) in plan.enumerated() {
            // Snapshots of the join now and then: some restarts take one, some read the whole log, and some kills land in a write.
            let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["watch", "--workspace", ws, "--model", Self.tinyBERT, "--poll-ms", "5",
                                                                         "--snapshot-records", "50"])
            try #require(child.read { $0.contains { $0.hasPrefix("watching") } }, "iteration \(i): watch did not start: \(child.lines)")
            if child.lines.contains(where: { $0.hasPrefix("restored the join: ") && $0.contains(" job links from ") }) { fromSnapshot += 1 }
            try await Self.ingest(batch, into: ws)
            usleep(UInt32.random(in: 0...400_000, using: &generator))
            if child.signal(SIGKILL) == SIGKILL { killed += 1 }
        }
        #expect(killed == plan.count)
        let drain = try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once"])
        #expect(drain.status == 0, "\(drain.err)")

        let alerts = try AlertLog.read(Workspace(ws).alertsLog)
        var keys = Set<Alert.Key>()
        for a in alerts { #expect(keys.insert(a.key).inserted, "alert written twice: \(a.key)") }
        let versions = try JSONLinesVersions.all(Workspace(ws).indexSegment)
        for v in versions {
            for cv in searches where !keys.contains(Alert.Key(cvID: cv, jobID: v.job, jobVersion: v.version)) { Issue.record("lost: \(cv) \(v)") }
        }
        // Alerts are durable before the segment: a kill between the two may leave alerts of a version
        // the restarted watch superseded (more of its batch had arrived) and never put in the segment.
        let unserved = Set(alerts.map { JSONLinesVersions.Version(job: $0.jobID, version: $0.jobVersion) }).subtracting(versions)
        #expect(alerts.count == (versions.count + unserved.count) * searches.count)

        // One unkilled run from the beginning of the same log: its final versions are ours.
        let reference = TestPaths.tempFolder().appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: ws, toPath: reference)
        for path in ["alerts", "index/segment.jsonl", "log/__consumer_offsets/watch.json"] {
            try? FileManager.default.removeItem(atPath: "\(reference)/\(path)")
        }
        for cv in searches {
            #expect(try await CLI.run(["alerts", "add", "--workspace", reference, "--cv-id", cv, "--min-score=-1"]).status == 0)
        }
        let once = try await CLI.run(["watch", "--workspace", reference, "--model", Self.tinyBERT, "--once", "--from-beginning"])
        #expect(once.status == 0, "\(once.err)")
        let expected = try IndexSegment(url: Workspace(reference).indexSegment).entries
        let ours = Dictionary(uniqueKeysWithValues: try IndexSegment(url: Workspace(ws).indexSegment).entries.map { ($0.job.jobID, $0.version) })
        #expect(expected.count > 150)
        for e in expected {
            #expect(ours[e.job.jobID] == e.version, "job \(e.job.jobID): final version differs")
            for cv in searches { #expect(keys.contains(Alert.Key(cvID: cv, jobID: e.job.jobID, jobVersion: e.version))) }
        }
        print("watch kill test: \(killed) kills (\(fromSnapshot) restarts from a snapshot), \(versions.count) posting versions, \(alerts.count) alerts (\(unserved.count) versions alerted, then superseded before being served)")
    }

    /// `serve` answers from the segment `watch` appended without a restart, and serves the alerts
    /// of a standing search added over HTTP with consent. Seen red with the segment merge disabled.
    @Test func serveFindsTheSegmentsPostingsAndTheAlertsWithoutARestart() async throws {
        let (ws, batches) = try await Self.workspace(batches: 1)
        try FileManager.default.copyItem(atPath: Self.tinyBERT, toPath: "\(ws)/models/tiny-bert")  // the index's model, by name
        let serve = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0"])
        try #require(serve.read { $0.contains { $0.hasPrefix("listening on http://") } }, "\(serve.lines)")
        let base = try #require(serve.lines.first { $0.hasPrefix("listening on ") }?.dropFirst("listening on ".count))
        func curl(_ path: String, _ body: String? = nil) async throws -> [String: Any] {
            var args = ["-s", "\(base)\(path)"]
            if let body { args += ["-X", "POST", "-H", "content-type: application/json", "-d", body] }
            let r = try await TestProcess.run("/usr/bin/curl", args)
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        }
        func matchedIDs() async throws -> Set<String> {
            let results = try await #require(try curl("/match", #"{"cv_id": "cv-000004", "top": 100}"#)["results"] as? [[String: Any]])
            return Set(results.compactMap { $0["job_id"] as? String })
        }
        let before = try await matchedIDs()
        #expect(try await curl("/alerts", #"{"cv_id": "cv-000004", "consent": true, "min_score": -1}"#)["consented_at"] != nil)
        try await Self.ingest(batches[0], into: ws)
        let watch = try await CLI.run(["watch", "--workspace", ws, "--once", "--from-beginning"])
        #expect(watch.status == 0, "\(watch.err)")
        let added = Set(try IndexSegment(url: Workspace(ws).indexSegment).entries.map(\.job.jobID))
        #expect(added.count >= 30)
        #expect(before.isDisjoint(with: added))
        let after = try await matchedIDs()
        #expect(!after.isDisjoint(with: added), "no segment posting among the top 100 after watch")
        let alerts = try await #require(try curl("/alerts?cv_id=cv-000004")["alerts"] as? [[String: Any]])
        #expect(Set(alerts.compactMap { $0["job_id"] as? String }) == added)
        serve.signal(SIGTERM)
    }

    /// A restarted watch takes the join's state from its snapshot and reads only the log after it,
    /// and ends with the segment and alerts a watch that read the whole log ends with; a snapshot
    /// ahead of the group's offsets (offsets reset) is not used. Seen red with the snapshot ignored.
    @Test func aRestartedWatchReadsTheLogOnlyAfterItsSnapshot() async throws {
        let (ws, batches) = try await Self.workspace(batches: 2)
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000003", "--min-score=-1"]).status == 0)
        try await Self.ingest(batches[0], into: ws)
        // A corrected batch 0 and batch 1 come after the snapshot: corrections must meet the
        // postings the snapshot holds.
        let watch = ["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once"]
        let first = try await CLI.run(watch + ["--from-beginning", "--snapshot-records", "1"])
        #expect(first.status == 0, "\(first.err)")
        let snapshot = Workspace(ws).alerts.appendingPathComponent("join-state.bin")
        #expect(FileManager.default.fileExists(atPath: snapshot.path))
        try await Self.ingest(try Self.corrected(batches[0]), into: ws)
        try await Self.ingest(batches[1], into: ws)
        let reference = TestPaths.tempFolder().appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: ws, toPath: reference)
        try FileManager.default.removeItem(atPath: "\(reference)/alerts/join-state.bin")

        let restarted = try await CLI.run(watch)
        #expect(restarted.status == 0, "\(restarted.err)")
        let line = restarted.out.split(separator: "\n").first { $0.hasPrefix("restored the join: ") } ?? ""
        #expect(line.contains("job links from \(snapshot.path), then 0 records of the log"), "\(restarted.out)")
        let whole = try await CLI.run(["watch", "--workspace", reference, "--model", Self.tinyBERT, "--once"])
        #expect(whole.status == 0, "\(whole.err)")
        let wholeLine = whole.out.split(separator: "\n").first { $0.hasPrefix("restored the join: ") } ?? ""
        #expect(wholeLine.hasPrefix("restored the join: ") && !wholeLine.contains("job links from") && !wholeLine.contains(": 0 records"), "\(whole.out)")

        let ours = try JSONLinesVersions.all(Workspace(ws).indexSegment)
        #expect(ours.count > 80)
        #expect(ours == (try JSONLinesVersions.all(Workspace(reference).indexSegment)), "the segment differs from a watch that read the whole log")
        let keys = { (w: String) throws -> [Alert.Key] in try AlertLog.read(Workspace(w).alertsLog).map(\.key) }
        #expect(try keys(ws) == keys(reference))

        // The group's offsets reset: the snapshot covers records past them and is not used.
        try FileManager.default.removeItem(atPath: "\(ws)/log/__consumer_offsets/watch.json")
        let reset = try await CLI.run(watch)
        #expect(reset.status == 0 && reset.err.contains("join snapshot not used") && reset.err.contains("past the group's committed offsets"),
                "\(reset.out) \(reset.err)")
        #expect(try JSONLinesVersions.all(Workspace(ws).indexSegment) == ours, "a reset group re-read the log and changed the segment")
    }

    /// The segment's postings rank among the index's candidates under every order, each scored as
    /// if the index held it: its cosine and its cross-encoder score equal those of the same posting
    /// in a workspace whose index was built from the batch by `process` and `index`. Before, under
    /// a reranker's or BM25's order, they were left out. Seen red with the additions dropped under those orders.
    @Test func segmentPostingsRankAmongTheIndexsUnderEveryOrder() async throws {
        let (ws, batches) = try await Self.workspace(batches: 1)
        try await Self.ingest(batches[0], into: ws)
        let w = try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--from-beginning"])
        #expect(w.status == 0, "\(w.err)")
        let added = Set(try IndexSegment(url: Workspace(ws).indexSegment).entries.map(\.job.jobID))
        #expect(added.count >= 30)

        // The batch alone, processed and indexed: its postings scored from the index.
        let reference = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: reference, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: batches[0], toPath: "\(reference)/raw")
        #expect(try await CLI.run(["process", "--workspace", reference]).status == 0)
        #expect(try await CLI.run(["index", "--workspace", reference, "--model", Self.tinyBERT]).status == 0)

        let cv = "Registered nurse with ten years in intensive care, patient assessment, medication administration and EHR charting."
        func match(_ workspace: String, _ ranking: String, top: Int) async throws -> [MatchCommandTests.Response.Result] {
            let m = try await CLI.run(["match", "--workspace", workspace, "--model", Self.tinyBERT, "--reranker", MatchCommandTests.tinyCrossEncoder,
                                       "--text", cv, "--top", "\(top)", "--candidates", "\(top)", "--ranking", ranking, "--json"])
            #expect(m.status == 0, "\(m.err)")
            return try JSONDecoder().decode(MatchCommandTests.Response.self, from: Data(m.out.utf8)).results
        }
        let everything = 10_000  // more than the index and the segment hold
        let expected = Dictionary(uniqueKeysWithValues: try await match(reference, "rerank", top: added.count).map { ($0.job_id, $0) })
        #expect(Set(expected.keys) == added)
        for ranking in ["retrieval", "rerank", "fused", "hybrid"] {
            let results = try await match(ws, ranking, top: everything)
            #expect(Set(results.map(\.job_id)).count == results.count, "\(ranking): a job listed twice")
            let fromSegment = results.filter { added.contains($0.job_id) }
            #expect(fromSegment.count == added.count, "\(ranking): \(fromSegment.count) of the segment's \(added.count) postings ranked")
            for r in fromSegment {
                guard let e = expected[r.job_id] else { continue }
                #expect(abs(r.score - e.score) < 1e-5, "\(ranking) \(r.job_id): cosine \(r.score), from an index \(e.score)")
                if ranking == "rerank" || ranking == "fused" {
                    #expect(abs((r.rerank_score ?? -1) - (e.rerank_score ?? -2)) < 1e-5, "\(ranking) \(r.job_id): rerank score differs")
                }
            }
            if ranking == "rerank" {
                let scores = results.compactMap(\.rerank_score)
                #expect(scores.count == results.count && scores == scores.sorted(by: >), "one order over index and segment")
            }
            // With fewer candidates the segment's best still compete: the top 10 by cosine is the merged one.
            if ranking == "retrieval" {
                let top10 = try await match(ws, ranking, top: 10)
                #expect(top10.map(\.job_id) == Array(results.prefix(10).map(\.job_id)))
            }
        }
    }

    /// `watch` finishes new postings as `process` finished the base tables (it used processing's
    /// defaults before): after `process --country "united states" --job-template T`, the segment
    /// holds exactly the batch's US postings, each at the version (fields, skills and text) that
    /// processing the batch alone with the same options gives. Seen red with the defaults.
    @Test func newPostingsAreFinishedAsProcessFinishedTheTables() async throws {
        let template = TestPaths.tempFolder().appendingPathComponent("job.mustache")
        try FileManager.default.createDirectory(at: template.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "Posting: {{{title}}} ({{{company}}}).".write(to: template, atomically: true, encoding: .utf8)
        let options = ["--country", "united states", "--job-template", template.path]
        let (ws, batches) = try await Self.workspace(batches: 1, process: options)
        try await Self.ingest(batches[0], into: ws)
        let w = try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once", "--from-beginning"])
        #expect(w.status == 0, "\(w.err)")
        let segment = Dictionary(try JSONLinesVersions.all(URL(fileURLWithPath: "\(ws)/index/segment.jsonl")).map { ($0.job, $0.version) },
                                 uniquingKeysWith: { $1 })

        let reference = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: reference, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: batches[0], toPath: "\(reference)/raw")
        let p = try await CLI.run(["process", "--workspace", reference] + options)
        #expect(p.status == 0, "\(p.err)")
        let rows = try JobsTable.read(URL(fileURLWithPath: "\(reference)/tables/jobs.parquet"), columns: JobsTable.Column.allCases)
        let expected = Dictionary(uniqueKeysWithValues: rows.map { ($0.jobID, IndexSegment.version(of: $0)) })
        #expect(!expected.isEmpty && rows.allSatisfy { $0.country?.lowercased() == "united states" && $0.embeddingText.hasPrefix("Posting: ") })
        #expect(Set(segment.keys) == Set(expected.keys), "the segment holds other postings than process keeps")
        #expect(segment == expected, "the segment's postings are finished otherwise than by process")
    }

    /// A `process` run while a watch runs is followed from the next cycle on: the CVs' new vectors
    /// (they were cached for the process's life) and the new job template (read once at start):
    /// the postings ingested afterwards are finished, and their alerts scored, as a watch started
    /// afterwards does. Seen red with the CV cache kept, and with the settings read once.
    @Test func aProcessRunWhileTheWatchRunsIsFollowedFromTheNextCycle() async throws {
        let (ws, batches) = try await Self.workspace(batches: 2)
        let original = TestPaths.tempFolder().appendingPathComponent("raw").path
        try FileManager.default.copyItem(atPath: "\(ws)/raw", toPath: original)
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000004", "--min-score=-1"]).status == 0)
        let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["watch", "--workspace", ws, "--model", Self.tinyBERT, "--poll-ms", "20"])
        try #require(child.read { $0.contains { $0.hasPrefix("watching") } })
        try await Self.ingest(batches[0], into: ws)
        let first = try await Self.alerts(in: ws, atLeast: 1)

        // The CVs and the job texts change: the original raw files processed again with templates of our own.
        let folder = TestPaths.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (cvTemplate, jobTemplate) = (folder.appendingPathComponent("cv.mustache"), folder.appendingPathComponent("job.mustache"))
        try "Welding, pipefitting and forklift work. {{{text}}}".write(to: cvTemplate, atomically: true, encoding: .utf8)
        try "Role: {{{title}}}.".write(to: jobTemplate, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(ws)/raw")
        try FileManager.default.copyItem(atPath: original, toPath: "\(ws)/raw")
        let p = try await CLI.run(["process", "--workspace", ws, "--cv-template", cvTemplate.path, "--job-template", jobTemplate.path])
        #expect(p.status == 0, "\(p.err)")
        let reference = TestPaths.tempFolder().appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: ws, toPath: reference)
        try? FileManager.default.removeItem(atPath: "\(reference)/alerts/.watch.lock")

        try await Self.ingest(batches[1], into: ws)
        let ours = try await Self.alerts(in: ws, atLeast: first.count + 1)
        child.signal(SIGTERM)
        try await Self.ingest(batches[1], into: reference)
        let fresh = try await CLI.run(["watch", "--workspace", reference, "--model", Self.tinyBERT, "--once"])
        #expect(fresh.status == 0, "\(fresh.err)")
        let expected = Dictionary(try AlertLog.read(Workspace(reference).alertsLog).map { ($0.jobID, $0.score) }, uniquingKeysWith: { $1 })
        let later = ours.dropFirst(first.count)
        #expect(!later.isEmpty && later.count == expected.count - first.count, "\(later.count) alerts after the change, \(expected.count) in the reference")
        for a in later {
            let e = try #require(expected[a.jobID], "\(a.jobID) alerted here, not in the reference")
            #expect(abs(a.score - e) < 1e-5, "\(a.jobID): \(a.score), a watch started after the change: \(e)")
        }
        let versions = Dictionary(try JSONLinesVersions.all(Workspace(ws).indexSegment).map { ($0.job, $0.version) }, uniquingKeysWith: { $1 })
        let reference1 = try JSONLinesVersions.all(Workspace(reference).indexSegment).suffix(later.count)
        #expect(reference1.count == later.count)
        for v in reference1 { #expect(versions[v.job] == v.version, "\(v.job): finished otherwise than after the change") }
    }

    /// The alerts of `ws` once there are at least `count` and the segment's every posting version
    /// has its alert (min score -1, one standing search), waiting up to a minute.
    static func alerts(in ws: String, atLeast count: Int) async throws -> [Alert] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let alerts = (try? AlertLog.read(Workspace(ws).alertsLog)) ?? []
            let versions = (try? JSONLinesVersions.all(Workspace(ws).indexSegment)) ?? []
            if alerts.count >= count && alerts.count == versions.count { return alerts }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no \(count) alerts in \(ws) within a minute")
        return try AlertLog.read(Workspace(ws).alertsLog)
    }

    @Test func aSecondWatchOnOneWorkspaceIsRefused() async throws {
        let (ws, _) = try await Self.workspace(batches: 0)
        let child = try TestProcess.Child(TestPaths.jobmatchBinary, ["watch", "--workspace", ws, "--model", Self.tinyBERT])
        try #require(child.read { $0.contains { $0.hasPrefix("watching") } })
        let second = try await CLI.run(["watch", "--workspace", ws, "--model", Self.tinyBERT, "--once"])
        #expect(second.status == 1)
        #expect(second.err.contains(".watch.lock") && second.err.contains("another `jobmatch watch`"))
        child.signal(SIGTERM)
    }
}

/// Every (job, version) line of a segment file, repeats included.
enum JSONLinesVersions {
    struct Version: Hashable, CustomStringConvertible {
        let job: String, version: String
        var description: String { "\(job)@\(version)" }
    }

    static func all(_ url: URL) throws -> [Version] {
        struct Line: Decodable {
            struct Job: Decodable { let jobID: String }
            let job: Job; let version: String
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            let l = try JSONDecoder().decode(Line.self, from: Data($0.utf8))
            return Version(job: l.job.jobID, version: l.version)
        }
    }
}
