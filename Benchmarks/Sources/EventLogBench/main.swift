// Event log benchmark: produce and consume N keyed records on the embedded engine (fsync per
// batch), and produce them with our Kafka engine (idempotent, acks=all) into librdkafka's mock
// cluster. Prints one JSON line per measurement; bench/eventlog/run.sh makes the table.
//   eventlog-bench --records 1350000 --size 1024 --dir /tmp/x --engine embedded|kafka-mock
import EventLog
import Foundation

var records = 1_350_000
var size = 1_024
var directory = NSTemporaryDirectory() + "eventlog-bench"
var engine = "embedded"
var fsync = FsyncPolicy.everyBatch
var inlineSync = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--records": records = Int(arguments.next()!)!
    case "--size": size = Int(arguments.next()!)!
    case "--dir": directory = arguments.next()!
    case "--engine": engine = arguments.next()!
    case "--fsync":
        switch arguments.next()! {
        case "never": fsync = .never
        case "inline": fsync = .everyBatch; inlineSync = true
        default: fsync = .everyBatch
        }
    default: fatalError("unknown argument \(argument)")
    }
}

// Keys like LinkedIn job links; values: 1,024 distinct pseudo-random payloads, reused.
/// SplitMix64: cheap, seeded values (setup only, not timed).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64 = 42
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
var generator = SplitMix()
let keys = (0..<records).map { Array("https://www.linkedin.com/jobs/view/\(3_000_000_000 + $0)".utf8) }
let values = (0..<1_024).map { _ in (0..<size).map { _ in UInt8.random(in: 32...126, using: &generator) } }
let totalBytes = Double(keys.reduce(0) { $0 + $1.count } + records * size)

@MainActor func report(_ engine: String, _ op: String, _ seconds: Double) {
    let n = records
    let line = String(format: "{\"engine\":\"%@\",\"op\":\"%@\",\"records\":%d,\"bytes\":%.0f,\"seconds\":%.4f}", engine, op, n, totalBytes, seconds)
    print(line)
}

func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    switch engine {
    case "embedded":
        try? FileManager.default.removeItem(atPath: directory)
        let log = try EmbeddedLog(directory: directory, configuration: .init(fsync: fsync, backgroundSync: !inlineSync))
        try log.createTopic("bench", partitions: 3)
        let producer = try log.makeProducer()
        let produce = try elapsed {
            for i in 0..<records { try producer.send(topic: "bench", key: keys[i], value: values[i & 1_023]) }
            try producer.flush()
        }
        let label = fsync == .never ? "embedded (no fsync)"
            : inlineSync ? "embedded (inline fdatasync after each batch)" : "embedded (every batch fdatasync'd before ack, group commit)"
        report(label, "produce", produce)
        var consumed = 0
        let consume = try elapsed {
            let consumer = try log.makeConsumer(group: "bench", topics: ["bench"])
            while true {
                let batch = try consumer.poll(maxRecords: 10_000)
                consumed += batch.records.count
                if batch.atEnd { break }
            }
            try consumer.commit()
        }
        precondition(consumed == records, "consumed \(consumed) of \(records)")
        report("embedded", "consume", consume)
        try? FileManager.default.removeItem(atPath: directory)
    case "kafka-mock":
        let cluster = try KafkaMockCluster(brokers: 3)
        try cluster.createTopic("bench", partitions: 3)
        do {  // the producer goes before the cluster
            let producer = try KafkaProducer(bootstrapServers: cluster.bootstrapServers)
            let produce = try elapsed {
                for i in 0..<records { try producer.send(topic: "bench", key: keys[i], value: values[i & 1_023]) }
                try producer.flush()
            }
            precondition(producer.deliveredCount == records)
            report("ours: KafkaProducer -> mock", "produce", produce)
        }
        withExtendedLifetime(cluster) {}
    case "crc":  // CRC32C alone over the same bytes, for profiling
        let buffer = values.flatMap { $0 }
        var crc: UInt32 = 0
        let seconds = elapsed {
            for _ in 0..<(records / 1_024) { crc = CRC32C.checksum(buffer, continuing: crc) }
        }
        report("CRC32C (\(crc & 1))", "checksum", seconds)
    default:
        fatalError("unknown engine \(engine)")
    }
} catch {
    FileHandle.standardError.write(Data("eventlog-bench: \(error)\n".utf8))
    exit(1)
}
