import DataGenerator
import EventLog
import Foundation
import Ingest
import JobMatchCore
import TestSupport
import Testing

/// Ingest over both engines: publish a generated workspace, read every record back.
@Suite struct SourceProducerTests {
    enum Engine: String, CaseIterable { case embedded, kafkaMock }

    /// A small generated workspace (a few hundred postings: the mock keeps ~5 MiB per partition).
    static func workspace() throws -> Workspace {
        let workspace = Workspace(TestPaths.tempFolder().path)
        _ = try DatasetGenerator(config: .init(jobs: 200, cvs: 40, seed: 7, boardJobs: 30)).write(to: workspace)
        return workspace
    }

    static func makeLog(_ engine: Engine, _ workspace: Workspace) throws -> (any EventLog, KafkaMockCluster?) {
        switch engine {
        case .embedded:
            return (try EmbeddedLog(directory: workspace.log.path), nil)
        case .kafkaMock:
            let cluster = try KafkaMockCluster(brokers: 3)
            return (KafkaLog(bootstrapServers: cluster.bootstrapServers, mockCluster: cluster), cluster)
        }
    }

    @Test(arguments: Engine.allCases)
    func everyRawRecordIsPublishedAndReadBack(engine: Engine) throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let (log, cluster) = try Self.makeLog(engine, workspace)
        let report = try SourceProducer(log: log, rejects: RejectLog(file: nil)).publish(workspace: workspace)
        #expect(report.counts[.linkedinPosting, default: 0] >= 200)
        #expect(report.counts[.cv] == 40)
        #expect(report.counts[.indeedPosting, default: 0] + report.counts[.glassdoorPosting, default: 0] > 0)

        // Every record about one posting shares a partition (key = job_link).
        let consumer = try log.makeConsumer(group: "check", topics: ["jobs"])
        var partitionOfKey: [[UInt8]: Int] = [:]
        while true {
            let batch = try consumer.poll(maxRecords: 500)
            for record in batch.records {
                if let seen = partitionOfKey[record.key] { #expect(seen == record.partition) }
                partitionOfKey[record.key] = record.partition
                #expect(record.partition == Murmur2Partitioner.partition(forKey: record.key, partitionCount: 3))
            }
            if batch.atEnd { break }
        }

        let rejects = RejectLog(file: nil)
        let reader = try IngestRecordReader(log: log, group: "processing", topics: ["jobs", "cvs"], rejects: rejects)
        var counts: [IngestRecord.Kind: Int] = [:]
        var postingKeys = Set<String>(), partKeys = Set<String>()
        while let records = try reader.next() {
            for record in records {
                counts[record.kind, default: 0] += 1
                #expect(record.run == 1)
                // A posting, its skills row and its summary row are all keyed by the job_link.
                switch record.kind {
                case .linkedinPosting: postingKeys.insert(record.key); #expect(record.key == record.posting?.url)
                case .linkedinSkills, .linkedinSummary: partKeys.insert(record.key); #expect(record.key == record.jobLink)
                default: break
                }
            }
            try reader.commit()
        }
        #expect(counts == report.counts)
        #expect(partKeys.subtracting(postingKeys).isEmpty && !partKeys.isEmpty)
        let runs = try IngestRun.read(log: log)
        #expect(runs.map(\.run) == [1] && runs[0].completed)
        #expect(runs[0].records.values.flatMap(\.values).reduce(0, +) == report.total)
        #expect(rejects.count == 0)
        _ = cluster
    }

    /// A rerun publishes everything again; keeping the last record per (kind, key) gives the
    /// same set as one run, so processing after a rerun makes the same tables.
    @Test func rerunGivesTheSameRecordsPerKey() throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        func latestByKey() throws -> [String: IngestRecord] {
            let log = try EmbeddedLog(directory: workspace.log.path)
            let reader = try IngestRecordReader(log: log, group: "g-\(UUID().uuidString.prefix(8))", topics: ["jobs", "cvs"], rejects: RejectLog(file: nil))
            var latest: [String: IngestRecord] = [:]
            while let records = try reader.next() {
                for record in records { latest["\(record.kind.rawValue)|\(record.key)|\(record.line)"] = record }
            }
            return latest
        }
        do {
            let log = try EmbeddedLog(directory: workspace.log.path)
            _ = try SourceProducer(log: log, rejects: RejectLog(file: nil)).publish(workspace: workspace)
        }
        let once = try latestByKey()
        do {
            let log = try EmbeddedLog(directory: workspace.log.path)
            _ = try SourceProducer(log: log, rejects: RejectLog(file: nil)).publish(workspace: workspace)
        }
        #expect(try latestByKey() == once)
    }

    /// Ingest again with the same raw files: nothing is published (the log does not grow); a
    /// changed file, or `force`, publishes a new run.
    @Test func aRerunWithTheSameFilesPublishesNothing() throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        func publish(force: Bool = false) throws -> (SourceProducer.Report, Int64) {
            let log = try EmbeddedLog(directory: workspace.log.path)
            let report = try SourceProducer(log: log, rejects: RejectLog(file: nil)).publish(workspace: workspace, force: force)
            return (report, try (0..<3).reduce(Int64(0)) { $0 + (try log.endOffset(topic: "jobs", partition: $1)) })
        }
        let (first, size) = try publish()
        #expect(first.run == 1 && !first.skipped)
        let (again, sizeAgain) = try publish()
        #expect(again.skipped && again.run == 1 && again.total == 0)
        #expect(sizeAgain == size, "nothing appended")
        let cvs = workspace.rawFile(.cvs)
        try (String(contentsOf: cvs, encoding: .utf8) + "{\"id\":\"cv-new\",\"text\":\"New CV\"}\n").write(to: cvs, atomically: true, encoding: .utf8)
        let (changed, _) = try publish()
        #expect(changed.run == 2 && !changed.skipped && changed.counts[.cv] == 41)
        let (forced, _) = try publish(force: true)
        #expect(forced.run == 3 && !forced.skipped)
    }

    @Test func payloadIsDocumentedJSON() throws {
        let record = IngestRecord(kind: .linkedinSkills, sourceFile: "job_skills.csv", line: 3, jobLink: "https://x/1", skills: ["Python", "SQL"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(text == #"{"job_link":"https://x/1","kind":"linkedin_skills","line":3,"skills":["Python","SQL"],"source_file":"job_skills.csv"}"#)
        #expect(record.topic == "jobs" && record.key == "https://x/1")
    }
}
