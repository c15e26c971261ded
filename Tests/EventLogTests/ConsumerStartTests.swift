import Foundation
import Testing
import TestSupport
@testable import EventLog

/// Where a consumer starts, and commits of one group from consumers of different topics.
@Suite struct ConsumerStartTests {
    enum Engine: String, CaseIterable { case embedded, kafkaMock }

    static func makeLog(_ engine: Engine, _ folder: TemporaryFolder) throws -> (any EventLog, KafkaMockCluster?) {
        switch engine {
        case .embedded: return (try EmbeddedLog(directory: folder.path), nil)
        case .kafkaMock:
            let cluster = try KafkaMockCluster(brokers: 1)
            return (KafkaLog(bootstrapServers: cluster.bootstrapServers, mockCluster: cluster), cluster)
        }
    }

    /// `.beginning` reads everything again whatever was committed, reports what was committed,
    /// and its commit moves the group on; a consumer of another topic of the group keeps its commit.
    @Test(arguments: Engine.allCases)
    func fromTheBeginningReadsAllAndCommitsBesideOtherTopics(engine: Engine) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let (log, cluster) = try Self.makeLog(engine, folder)
        try log.createTopic("jobs", partitions: 2)
        try log.createTopic("runs", partitions: 1)
        let producer = try log.makeProducer()
        for i in 0..<20 { try producer.send(topic: "jobs", key: Array("k\(i)".utf8), value: Array("v\(i)".utf8)) }
        try producer.send(topic: "runs", key: Array("1".utf8), value: Array("run 1".utf8))
        try producer.flush()
        #expect(try consumeAll(log, group: "g", topics: ["jobs"]).count == 20)  // commits jobs at the end
        for i in 20..<30 { try producer.send(topic: "jobs", key: Array("k\(i)".utf8), value: Array("v\(i)".utf8)) }
        try producer.flush()

        let runs = try log.makeConsumer(group: "g", topics: ["runs"], from: .beginning)
        let jobs = try log.makeConsumer(group: "g", topics: ["jobs"], from: .beginning)
        #expect(jobs.committedAtStart["jobs"]?.values.reduce(0, +) == 20)
        #expect(runs.committedAtStart["runs"] == nil)
        var read = 0
        while true {
            let batch = try jobs.poll(maxRecords: 7)
            read += batch.records.count
            if batch.atEnd { break }
        }
        #expect(read == 30, "read from the beginning despite the commit")
        while !(try runs.poll(maxRecords: 10)).atEnd {}
        try jobs.commit()
        try runs.commit()  // made before jobs committed: must not undo that commit
        #expect(try consumeAll(log, group: "g", topics: ["jobs", "runs"]).isEmpty, "both topics committed to their ends")
        _ = cluster
    }
}
