import CRdKafka

/// The one place librdkafka status codes become Swift errors.
enum Kafka {
    /// Throws `EventLogError.kafka` unless `code` is `RD_KAFKA_RESP_ERR_NO_ERROR`.
    static func check(_ code: rd_kafka_resp_err_t, _ function: String, topic: String? = nil, partition: Int? = nil) throws {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        throw error(code, function, topic: topic, partition: partition)
    }

    static func error(_ code: rd_kafka_resp_err_t, _ function: String, topic: String? = nil, partition: Int? = nil) -> EventLogError {
        .kafka(code: code.rawValue, function: function, message: String(cString: rd_kafka_err2str(code)), topic: topic, partition: partition)
    }

    /// An error from librdkafka's `errstr` buffer (configuration and handle creation).
    static func error(_ function: String, errstr: [CChar]) -> EventLogError {
        let message = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return .kafka(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, function: function, message: message, topic: nil, partition: nil)
    }

    /// A configuration object with `properties` set.
    /// - Throws: `EventLogError.kafka` naming the property librdkafka refused.
    static func configuration(_ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errstr = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, name, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw error("rd_kafka_conf_set(\(name))", errstr: errstr)
            }
        }
        return conf
    }

    /// A client handle of `type` from `conf`; on success librdkafka owns `conf`, on failure it is destroyed.
    static func handle(_ type: rd_kafka_type_t, _ conf: OpaquePointer) throws -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw error("rd_kafka_new", errstr: errstr)
        }
        return handle
    }

    /// The unrecoverable error of a handle (an idempotent producer's fenced or out-of-sequence state), if any.
    static func fatalError(_ handle: OpaquePointer) -> EventLogError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &errstr, errstr.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let message = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return .kafka(code: code.rawValue, function: "rd_kafka_fatal_error", message: message, topic: nil, partition: nil)
    }

    /// Partition count of `topic` and broker count, from a metadata request.
    static func metadata(_ handle: OpaquePointer, topic: String?, timeoutMs: Int32 = 10_000) throws -> (partitions: Int, brokers: Int) {
        var topicHandle: OpaquePointer?
        if let topic { topicHandle = rd_kafka_topic_new(handle, topic, nil) }
        defer { if let topicHandle { rd_kafka_topic_destroy(topicHandle) } }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        try check(rd_kafka_metadata(handle, 0, topicHandle, &metadata, timeoutMs), "rd_kafka_metadata", topic: topic)
        defer { rd_kafka_metadata_destroy(metadata) }
        guard let md = metadata?.pointee else { return (0, 0) }
        guard topic != nil else { return (0, Int(md.broker_cnt)) }
        guard md.topic_cnt == 1, let entry = md.topics?.pointee else {
            throw EventLogError.unknownTopic(topic!)
        }
        try check(entry.err, "rd_kafka_metadata", topic: topic)
        return (Int(entry.partition_cnt), Int(md.broker_cnt))
    }

    /// The offset after the last record of a partition (its high watermark), asked of the broker.
    static func highWatermark(_ handle: OpaquePointer, topic: String, partition: Int, timeoutMs: Int32 = 10_000) throws -> Int64 {
        var low: Int64 = 0, high: Int64 = 0
        try check(rd_kafka_query_watermark_offsets(handle, topic, Int32(partition), &low, &high, timeoutMs),
                  "rd_kafka_query_watermark_offsets", topic: topic, partition: partition)
        return high
    }
}
