import Alerts
import Foundation
import JobMatchCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `jobmatch watch --log kafka`: the same consumer code as on the embedded log, reading a Kafka
/// cluster (`jobmatch kafka mock`, librdkafka's mock brokers, in a process of its own) with the
/// group's offsets committed to Kafka.
@Suite(.serialized) struct WatchKafkaTests {
    /// Batches are ingested into Kafka while `watch --log kafka` children are killed with SIGKILL
    /// at random moments and restarted; a final `watch --once` drains. No alert is written twice,
    /// every posting version has its alert per standing search, and the final versions (and their
    /// alerts) are those one unkilled watch finds over the embedded log fed the same batches.
    @Test func aWatchOnKafkaKilledInALoopNeitherLosesNorRepeatsAnAlertAndAgreesWithTheEmbeddedLog() async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 4)
        let mock = try MockKafkaProcess()
        let searches = ["cv-000002", "cv-000005"]
        for cv in searches {  // min score -1: every posting version alerts every search
            #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", cv, "--min-score=-1"]).status == 0)
        }
        let reference = TestPaths.tempFolder().appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: ws, toPath: reference)

        var plan = batches
        plan.insert(try WatchCommandTests.corrected(batches[0]), at: 2)
        var generator = SeededGenerator(seed: 7)
        var fromSnapshot = 0
        let watch = ["watch", "--workspace", ws, "--model", WatchCommandTests.tinyBERT] + mock.options
        for (i, batch) in plan.enumerated() {
            // A snapshot of the join after every commit: each restart takes the latest one.
            let child = try TestProcess.Child(TestPaths.jobmatchBinary, watch + ["--poll-ms", "5", "--snapshot-records", "1"])
            try #require(child.read { $0.contains { $0.hasPrefix("watching") } }, "iteration \(i): watch did not start: \(child.lines)")
            if child.lines.contains(where: { $0.hasPrefix("restored the join: ") && $0.contains(" job links from ") }) { fromSnapshot += 1 }
            try await WatchCommandTests.ingest(batch, into: ws, log: mock.options)
            usleep(UInt32.random(in: 0...400_000, using: &generator))
            #expect(child.signal(SIGKILL) == SIGKILL, "iteration \(i): watch ended before the kill: \(child.lines)")
        }
        let drain = try await CLI.run(watch + ["--once"])
        #expect(drain.status == 0, "\(drain.err)")

        let alerts = try AlertLog.read(Workspace(ws).alertsLog)
        var keys = Set<Alert.Key>()
        for a in alerts { #expect(keys.insert(a.key).inserted, "alert written twice: \(a.key)") }
        let versions = try JSONLinesVersions.all(Workspace(ws).indexSegment)
        #expect(Set(versions).count == versions.count, "a posting version appended twice")
        for v in versions {
            for cv in searches where !keys.contains(Alert.Key(cvID: cv, jobID: v.job, jobVersion: v.version)) { Issue.record("lost: \(cv) \(v)") }
        }
        // Alerts are durable before the segment: a kill between the two may leave alerts of a version
        // the restarted watch superseded (more of its batch had arrived) and never put in the segment.
        let unserved = Set(alerts.map { JSONLinesVersions.Version(job: $0.jobID, version: $0.jobVersion) }).subtracting(versions)
        #expect(alerts.count == (versions.count + unserved.count) * searches.count)

        // The same batches through the embedded log, one unkilled watch.
        for batch in plan { try await WatchCommandTests.ingest(batch, into: reference) }
        let once = try await CLI.run(["watch", "--workspace", reference, "--model", WatchCommandTests.tinyBERT, "--once", "--from-beginning"])
        #expect(once.status == 0, "\(once.err)")
        let expected = try IndexSegment(url: Workspace(reference).indexSegment).entries
        let ours = Dictionary(uniqueKeysWithValues: try IndexSegment(url: Workspace(ws).indexSegment).entries.map { ($0.job.jobID, $0.version) })
        #expect(expected.count > 100 && ours.count == expected.count, "\(ours.count) postings from Kafka, \(expected.count) from the embedded log")
        for e in expected {
            #expect(ours[e.job.jobID] == e.version, "job \(e.job.jobID): final version differs")
            for cv in searches where !keys.contains(Alert.Key(cvID: cv, jobID: e.job.jobID, jobVersion: e.version)) {
                Issue.record("no alert for \(cv) on \(e.job.jobID)@\(e.version)")
            }
        }
        print("kafka watch kill test: \(plan.count) kills (\(fromSnapshot) restarts from a snapshot), \(versions.count) posting versions, \(alerts.count) alerts (\(unserved.count) versions alerted, then superseded)")
    }
}
