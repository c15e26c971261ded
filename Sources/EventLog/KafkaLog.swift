import CRdKafka

/// The Kafka engine: the event log protocol on a Kafka cluster through librdkafka.
///
/// ```swift
/// let log = KafkaLog(bootstrapServers: "broker1:9092,broker2:9092")
/// try log.createTopic("jobs", partitions: 3)      // admin API; an existing topic is kept
/// ```
/// `properties` go to every client librdkafka makes (e.g. `security.protocol`, `sasl.*`).
/// With a ``KafkaMockCluster`` topics are created through the mock's own call.
public final class KafkaLog: EventLog {
    public let bootstrapServers: String
    public let properties: [String: String]
    private let mockCluster: KafkaMockCluster?
    private var adminHandle: OpaquePointer?

    public init(bootstrapServers: String, properties: [String: String] = [:], mockCluster: KafkaMockCluster? = nil) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
        self.mockCluster = mockCluster
    }

    deinit {
        if let adminHandle { rd_kafka_destroy(adminHandle) }
    }

    public func createTopic(_ name: String, partitions: Int) throws {
        guard name.isValidLogName else { throw EventLogError.invalidArgument("invalid topic name '\(name)'") }
        guard partitions > 0 else { throw EventLogError.invalidArgument("topic '\(name)': partition count must be positive") }
        let admin = try adminClient()
        if let mockCluster {
            // The mock creates a topic (with 4 partitions) on any metadata request for it, so
            // create first and compare after.
            do {
                try mockCluster.createTopic(name, partitions: partitions)
            } catch EventLogError.kafka(let code, _, _, _, _) where code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS.rawValue {}
        } else if (try? Kafka.metadata(admin, topic: name).partitions) == nil {
            try KafkaTopicAdmin.createTopic(admin, name: name, partitions: partitions, replicationFactor: nil)
        }
        let existing = try Kafka.metadata(admin, topic: name).partitions
        guard existing == partitions else {
            throw EventLogError.partitionCountMismatch(topic: name, existing: existing, requested: partitions)
        }
    }

    public func partitionCount(of topic: String) throws -> Int {
        try Kafka.metadata(try adminClient(), topic: topic).partitions
    }

    public func makeProducer() throws -> any LogProducer {
        try KafkaProducer(bootstrapServers: bootstrapServers, properties: properties)
    }

    public func makeConsumer(group: String, topics: [String], from start: ConsumerStart) throws -> any LogConsumer {
        try KafkaConsumer(bootstrapServers: bootstrapServers, group: group, topics: topics, assignment: .allPartitions,
                          start: start, properties: properties)
    }

    /// A producer-type handle for metadata and admin requests, made on first use.
    private func adminClient() throws -> OpaquePointer {
        if let adminHandle { return adminHandle }
        // No topic auto-creation from metadata requests: topics are made with their partition count.
        var settings = ["bootstrap.servers": bootstrapServers, "log_level": "3", "allow.auto.create.topics": "false"]
        settings.merge(properties) { _, new in new }
        let handle = try Kafka.handle(RD_KAFKA_PRODUCER, try Kafka.configuration(settings))
        adminHandle = handle
        return handle
    }
}
