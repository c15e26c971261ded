import Foundation
import Testing
import TestSupport
@testable import EventLog

/// The Kafka engine against librdkafka's in-process mock cluster (3 brokers, loopback only).
@Suite struct KafkaMockClusterTests {
    @Test func mockClusterStartsThreeBrokers() throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        #expect(cluster.bootstrapServers.split(separator: ",").count == 3)
        let log = KafkaLog(bootstrapServers: cluster.bootstrapServers, mockCluster: cluster)
        try log.createTopic("jobs", partitions: 3)
        try log.createTopic("jobs", partitions: 3)
        #expect(try log.partitionCount(of: "jobs") == 3)
        #expect(throws: EventLogError.partitionCountMismatch(topic: "jobs", existing: 3, requested: 5)) {
            try log.createTopic("jobs", partitions: 5)
        }
    }

    /// A broker goes down in the middle of producing and comes back: every record the producer
    /// acknowledged is in the topic exactly once (idempotent producer, acks=all).
    @Test func brokerDownMidProduceLosesNoAcknowledgedRecord() throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let log = KafkaLog(bootstrapServers: cluster.bootstrapServers, mockCluster: cluster)
        try log.createTopic("jobs", partitions: 3)
        let producer = try KafkaProducer(bootstrapServers: cluster.bootstrapServers)
        let total = 3_000
        for i in 0..<total {
            if i == total / 3 { try cluster.setBrokerDown(1) }
            if i == 2 * total / 3 {
                producer.poll()
                Thread.sleep(forTimeInterval: 0.5)
                try cluster.setBrokerUp(1)
            }
            try producer.send(topic: "jobs", key: Array("job-\(i % 97)".utf8), value: Array("posting \(i)".utf8))
        }
        try producer.flush()
        #expect(producer.deliveredCount == total)
        let records = try consumeAll(log, group: "check", topics: ["jobs"])
        let values = records.map { $0.value.text }
        #expect(values.count == total, "duplicates or losses: \(values.count) records for \(total) sent")
        #expect(Set(values) == Set((0..<total).map { "posting \($0)" }))
        for record in records {
            #expect(record.partition == Murmur2Partitioner.partition(forKey: record.key, partitionCount: 3))
        }
    }

    /// With every broker down, delivery fails and `flush()` throws a Swift error carrying the code.
    @Test func failedDeliveryIsThrownAsSwiftError() throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        try cluster.createTopic("jobs", partitions: 3)
        let producer = try KafkaProducer(bootstrapServers: cluster.bootstrapServers, properties: ["message.timeout.ms": "1500", "log_level": "0"])  // the refused connections are expected
        try producer.send(topic: "jobs", key: [1], value: [1])
        try producer.flush()
        for broker in 1...3 { try cluster.setBrokerDown(broker) }
        try producer.send(topic: "jobs", key: [2], value: [2])
        do {
            try producer.flush()
            Issue.record("flush returned with every broker down")
        } catch let error as EventLogError {
            guard case .kafka(let code, let function, let message, let topic, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(code == -192)  // RD_KAFKA_RESP_ERR__MSG_TIMED_OUT
            #expect(function == "delivery report")
            #expect(topic == "jobs")
            #expect(!message.isEmpty)
        }
        for broker in 1...3 { try cluster.setBrokerUp(broker) }
    }

    /// Delivery results arrive asynchronously, one per record, with partition and offset.
    @Test func deliveryReportsStreamAsync() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        try cluster.createTopic("cvs", partitions: 3)
        let producer = try KafkaProducer(bootstrapServers: cluster.bootstrapServers, streamsDeliveryReports: true)
        for i in 0..<100 { try producer.send(topic: "cvs", key: Array("cv-\(i)".utf8), value: [UInt8(i)]) }
        try producer.flush()
        var reports: [DeliveryReport] = []
        for await report in producer.deliveryReports! {
            reports.append(report)
            if reports.count == 100 { break }
        }
        #expect(reports.allSatisfy { $0.error == nil && $0.topic == "cvs" && $0.offset >= 0 })
        #expect(Set(reports.map { "\($0.partition)/\($0.offset)" }).count == 100)
    }

    /// The subscribing consumer (group rebalancing) reads everything too.
    @Test func balancedConsumerReadsEverything() throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        try cluster.createTopic("jobs", partitions: 3)
        let producer = try KafkaProducer(bootstrapServers: cluster.bootstrapServers)
        for i in 0..<200 { try producer.send(topic: "jobs", key: Array("job-\(i)".utf8), value: Array("\(i)".utf8)) }
        try producer.flush()
        let consumer = try KafkaConsumer(bootstrapServers: cluster.bootstrapServers, group: "balanced", topics: ["jobs"], assignment: .balanced)
        var values = Set<String>()
        for _ in 0..<60 {
            let batch = try consumer.poll(maxRecords: 500)
            values.formUnion(batch.records.map { $0.value.text })
            try consumer.commit()
            if batch.atEnd { break }
        }
        #expect(values == Set((0..<200).map { "\($0)" }))
    }

    @Test func badConfigurationIsASwiftError() throws {
        #expect(throws: EventLogError.self) {
            _ = try KafkaProducer(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"])
        }
    }
}

/// One test body over both engines: produce keyed records, consume with a group, commit, resume.
@Suite struct EventLogEngineTests {
    enum Engine: String, CaseIterable { case embedded, kafkaMock }

    @Test(arguments: Engine.allCases)
    func produceConsumeCommitResume(engine: Engine) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var cluster: KafkaMockCluster?
        let log: any EventLog
        switch engine {
        case .embedded:
            log = try EmbeddedLog(directory: folder.path)
        case .kafkaMock:
            cluster = try KafkaMockCluster(brokers: 3)
            log = KafkaLog(bootstrapServers: cluster!.bootstrapServers, mockCluster: cluster)
        }
        try log.createTopic("jobs", partitions: 3)
        try log.createTopic("cvs", partitions: 3)
        let producer = try log.makeProducer()
        for i in 0..<300 {
            try producer.send(topic: "jobs", key: Array("job-\(i % 40)".utf8), value: Array("job \(i)".utf8))
            if i % 3 == 0 { try producer.send(topic: "cvs", key: Array("cv-\(i)".utf8), value: Array("cv \(i)".utf8)) }
        }
        try producer.flush()
        do {
            var seen: [ConsumedRecord] = []
            do {  // the first member leaves the group before the next one joins
                let consumer = try log.makeConsumer(group: "processing", topics: ["jobs", "cvs"])
                while true {
                    let batch = try consumer.poll(maxRecords: 150)
                    seen += batch.records
                    if batch.atEnd { break }
                    if seen.count >= 200 { break }
                }
                try consumer.commit()
            }
            #expect(seen.count >= 150)
            let rest = try consumeAll(log, group: "processing", topics: ["jobs", "cvs"])
            #expect(seen.count + rest.count == 400, "at-least-once without duplicates after a clean commit")
            #expect(Set((seen + rest).map { $0.value.text }).count == 400)
            for record in seen + rest {
                #expect(record.partition == Murmur2Partitioner.partition(forKey: record.key, partitionCount: 3))
            }
        }
        // Everything is committed: the group is at the end.
        let again = try consumeAll(log, group: "processing", topics: ["jobs", "cvs"])
        #expect(again.isEmpty)
        _ = cluster
    }
}
