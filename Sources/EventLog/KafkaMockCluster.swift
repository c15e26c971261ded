import CRdKafka

/// librdkafka's in-process mock Kafka cluster (`rdkafka_mock.h`): real brokers on loopback
/// ports that speak the Kafka wire protocol, so any client (librdkafka, kcat) can connect.
///
/// Limits measured with Debian's librdkafka 2.0.2: the admin API's CreateTopics does not complete
/// against it (use ``createTopic(_:partitions:replicationFactor:)``), and each partition keeps
/// only about its newest 5 MiB / 100,000 messages.
///
/// ```swift
/// let cluster = try KafkaMockCluster(brokers: 3)
/// try cluster.createTopic("jobs", partitions: 3)
/// let log = KafkaLog(bootstrapServers: cluster.bootstrapServers, mockCluster: cluster)
/// ```
public final class KafkaMockCluster {
    private let client: OpaquePointer
    private let cluster: OpaquePointer
    public let brokerCount: Int
    /// `host:port,host:port,...` of the brokers.
    public let bootstrapServers: String

    /// Starts `brokers` brokers (ids 1...brokers).
    public init(brokers: Int = 3) throws {
        guard brokers > 0, brokers <= 64 else { throw EventLogError.invalidArgument("broker count \(brokers) out of range 1...64") }
        client = try Kafka.handle(RD_KAFKA_PRODUCER, try Kafka.configuration(["log_level": "3"]))
        guard let cluster = rd_kafka_mock_cluster_new(client, Int32(brokers)) else {
            rd_kafka_destroy(client)
            throw EventLogError.kafka(code: -1, function: "rd_kafka_mock_cluster_new", message: "could not start the mock cluster", topic: nil, partition: nil)
        }
        self.cluster = cluster
        brokerCount = brokers
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(client)
    }

    /// Creates a topic directly in the mock (its CreateTopics request does not complete).
    /// - Parameter replicationFactor: defaults to `min(3, brokerCount)`.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int? = nil) throws {
        let replicas = replicationFactor ?? min(3, brokerCount)
        try Kafka.check(rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicas)), "rd_kafka_mock_topic_create", topic: name)
    }

    /// Takes broker `id` (1-based) down: its connections close and it refuses new ones.
    public func setBrokerDown(_ id: Int) throws {
        try Kafka.check(rd_kafka_mock_broker_set_down(cluster, Int32(id)), "rd_kafka_mock_broker_set_down")
    }

    /// Brings broker `id` back up.
    public func setBrokerUp(_ id: Int) throws {
        try Kafka.check(rd_kafka_mock_broker_set_up(cluster, Int32(id)), "rd_kafka_mock_broker_set_up")
    }

    /// Makes broker `id` the leader of `topic`/`partition` (a fail-over).
    public func setLeader(topic: String, partition: Int, broker id: Int) throws {
        try Kafka.check(rd_kafka_mock_partition_set_leader(cluster, topic, Int32(partition), Int32(id)),
                        "rd_kafka_mock_partition_set_leader", topic: topic, partition: partition)
    }
}
