import CRdKafka
import Foundation

/// An idempotent Kafka producer (librdkafka): `acks=all`, `enable.idempotence=true`,
/// partitioner `murmur2_random` (Kafka's Java default for keyed records).
///
/// `send` queues a copy of the record and returns at once; librdkafka delivers it in the
/// background and reports each result to a delivery callback, which counts successes and keeps
/// failures as `EventLogError.kafka` (code, topic, partition). `flush()` waits for every
/// queued record and throws the first failure, so "flush returned" means "all acknowledged".
public final class KafkaProducer: LogProducer {
    private let handle: OpaquePointer
    private let tracker: DeliveryTracker
    private var topics: [String: OpaquePointer] = [:]
    /// How long `flush()` waits before throwing `timeout`.
    public var flushTimeoutSeconds: Double = 120

    /// The settings every producer gets; `properties` may add to or override them.
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "partitioner": "murmur2_random",
        "linger.ms": "5",
        "log_level": "3",
    ]

    /// Each record's delivery result as librdkafka reports it, when the producer was made with
    /// `streamsDeliveryReports: true` (nil otherwise). Results arrive while `send`, `poll` or
    /// `flush` run; the stream keeps the newest 100,000 unread ones and ends when the producer goes.
    ///
    /// ```swift
    /// Task { for await report in producer.deliveryReports! { if let error = report.error { … } } }
    /// ```
    public let deliveryReports: AsyncStream<DeliveryReport>?

    /// Connects to `bootstrapServers` with ``defaultProperties`` plus `properties`.
    public init(bootstrapServers: String, properties: [String: String] = [:], streamsDeliveryReports: Bool = false) throws {
        var settings = Self.defaultProperties
        settings["bootstrap.servers"] = bootstrapServers
        settings.merge(properties) { _, new in new }
        let conf = try Kafka.configuration(settings)
        let tracker = DeliveryTracker()
        if streamsDeliveryReports {
            let (stream, continuation) = AsyncStream<DeliveryReport>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
            deliveryReports = stream
            tracker.continuation = continuation
        } else {
            deliveryReports = nil
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(tracker).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        self.tracker = tracker
        handle = try Kafka.handle(RD_KAFKA_PRODUCER, conf)
    }

    deinit {
        _ = rd_kafka_flush(handle, 10_000)
        for (_, topic) in topics { rd_kafka_topic_destroy(topic) }
        rd_kafka_destroy(handle)  // the tracker outlives this call: `self` holds it until here
        tracker.continuation?.finish()
    }

    /// Records acknowledged by the cluster so far.
    public var deliveredCount: Int { tracker.delivered }

    public func send(topic: String, key: [UInt8], value: [UInt8]) throws {
        let topicHandle = try self.topicHandle(topic)
        while true {
            let status = value.withUnsafeBytes { v in
                key.withUnsafeBytes { k in
                    // RD_KAFKA_PARTITION_UA (-1): let the partitioner choose; RD_KAFKA_MSG_F_COPY (0x2).
                    rd_kafka_produce(topicHandle, -1, 0x2, UnsafeMutableRawPointer(mutating: v.baseAddress), v.count, k.baseAddress, k.count, nil)
                }
            }
            if status == 0 { return }
            let code = rd_kafka_last_error()
            guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else { throw Kafka.error(code, "rd_kafka_produce", topic: topic) }
            rd_kafka_poll(handle, 50)  // serve delivery reports until there is room
        }
    }

    /// Serves pending delivery reports without waiting.
    public func poll() {
        rd_kafka_poll(handle, 0)
    }

    public func flush() throws {
        let deadline = Date().addingTimeInterval(flushTimeoutSeconds)
        while rd_kafka_outq_len(handle) > 0 {
            if let fatal = Kafka.fatalError(handle) { throw fatal }
            if Date() > deadline { throw EventLogError.timeout(operation: "rd_kafka_flush", seconds: flushTimeoutSeconds) }
            _ = rd_kafka_flush(handle, 100)
        }
        if let fatal = Kafka.fatalError(handle) { throw fatal }
        if let failure = tracker.takeFirstFailure() { throw failure }
    }

    private func topicHandle(_ name: String) throws -> OpaquePointer {
        if let existing = topics[name] { return existing }
        guard let created = rd_kafka_topic_new(handle, name, nil) else {
            throw Kafka.error(rd_kafka_last_error(), "rd_kafka_topic_new", topic: name)
        }
        topics[name] = created
        return created
    }
}

/// The outcome of one record's delivery.
public struct DeliveryReport: Sendable, Equatable {
    public var topic: String
    public var partition: Int
    /// The record's offset in its partition; -1 when delivery failed.
    public var offset: Int64
    /// Why delivery failed (`EventLogError.kafka` with librdkafka's code and message); nil on success.
    public var error: EventLogError?
}

/// Collects delivery reports; reached from librdkafka's callback through the handle's opaque pointer.
final class DeliveryTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var deliveredCount = 0
    private var failures: [EventLogError] = []
    /// Set once, before the handle exists; read by the callback.
    var continuation: AsyncStream<DeliveryReport>.Continuation?

    var delivered: Int { lock.withLock { deliveredCount } }

    func succeeded() { lock.withLock { deliveredCount += 1 } }

    func failed(_ error: EventLogError) {
        lock.withLock {
            if failures.count < 16 { failures.append(error) }
        }
    }

    /// The first failure since the last call, if any (and clears them).
    func takeFirstFailure() -> EventLogError? {
        lock.withLock {
            defer { failures.removeAll() }
            return failures.first
        }
    }
}

/// librdkafka's delivery report callback (`rd_kafka_conf_set_dr_msg_cb`): runs inside
/// `rd_kafka_poll` / `rd_kafka_flush` on the caller's thread.
private let deliveryReportCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = { _, message, opaque in
    guard let message, let opaque else { return }
    let tracker = Unmanaged<DeliveryTracker>.fromOpaque(opaque).takeUnretainedValue()
    let m = message.pointee
    var error: EventLogError?
    if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        tracker.succeeded()
    } else {
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) }
        error = Kafka.error(m.err, "delivery report", topic: topic, partition: Int(m.partition))
        tracker.failed(error!)
    }
    if let continuation = tracker.continuation {
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        continuation.yield(DeliveryReport(topic: topic, partition: Int(m.partition), offset: error == nil ? m.offset : -1, error: error))
    }
}
