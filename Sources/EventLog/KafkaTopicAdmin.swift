import CRdKafka

/// Creates topics on a real Kafka cluster through librdkafka's admin API (CreateTopics).
///
/// Not for the mock cluster: in librdkafka 2.0.2 its CreateTopics request never completes; use
/// ``KafkaMockCluster/createTopic(_:partitions:replicationFactor:)`` there.
enum KafkaTopicAdmin {
    /// Creates `name` with `partitions` partitions; an existing topic is left as it is.
    /// - Parameter replicationFactor: `nil` for `min(3, brokers in the cluster)`.
    static func createTopic(_ handle: OpaquePointer, name: String, partitions: Int, replicationFactor: Int?, timeoutMs: Int32 = 30_000) throws {
        let replicas = try replicationFactor ?? min(3, max(1, Kafka.metadata(handle, topic: nil).brokers))
        var errstr = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(name, Int32(partitions), Int32(replicas), &errstr, errstr.count) else {
            throw Kafka.error("rd_kafka_NewTopic_new", errstr: errstr)
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        try Kafka.check(rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errstr, errstr.count), "rd_kafka_AdminOptions_set_operation_timeout")
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        var topics: [OpaquePointer?] = [newTopic]
        rd_kafka_CreateTopics(handle, &topics, 1, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 5_000) else {
            throw EventLogError.timeout(operation: "CreateTopics(\(name))", seconds: Double(timeoutMs + 5_000) / 1_000)
        }
        defer { rd_kafka_event_destroy(event) }
        try Kafka.check(rd_kafka_event_error(event), "rd_kafka_CreateTopics", topic: name)
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for i in 0..<count {
            guard let topicResult = results[i] else { continue }
            let code = rd_kafka_topic_result_error(topicResult)
            if code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let message = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(code))
            throw EventLogError.kafka(code: code.rawValue, function: "rd_kafka_CreateTopics", message: message, topic: name, partition: nil)
        }
    }
}
