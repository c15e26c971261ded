// The crash tests' child: compiled into debug builds only (JOBMATCH_TEST_HOOKS, Package.swift).
#if JOBMATCH_TEST_HOOKS
import ArgumentParser
import EventLog
import Foundation

/// Produces numbered records to the embedded log until killed; the crash test's child process.
///
/// Hidden from `--help`. Each record `n` has key `key-<n % 101>` and the value
/// ``LogTortureCommand/value(_:)``; after each acknowledged batch it prints `ACK <next n>`, so the
/// parent knows which records must survive a `kill -9`. On start it resumes after the highest
/// record already in the log and prints `START <n>` (and any recovery events as `RECOVERED ...`).
struct LogTortureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log-torture", abstract: "Crash-test child: produce numbered records until killed.",
        shouldDisplay: false)

    @Option(help: "The embedded log folder.") var log: String
    @Option(help: "Batches to produce before exiting.") var batches: Int = 1_000
    @Option(help: "Records per batch.") var batchRecords: Int = 20
    @Flag(help: "Write batches in small pieces with pauses, so a kill can tear one.") var tornWrites = false

    static let topic = "torture"

    /// The value of record `n`: `seq=<n>|` then 10–309 letters derived from `n`.
    static func value(_ n: Int) -> [UInt8] {
        var bytes = Array("seq=\(n)|".utf8)
        let length = 10 + (n &* 7_919) % 300
        for j in 0..<length { bytes.append(UInt8(97 + (n &* 31 &+ j) % 26)) }
        return bytes
    }

    static func key(_ n: Int) -> [UInt8] { Array("key-\(n % 101)".utf8) }

    func validate() throws {
        guard batches > 0, batchRecords > 0 else { throw ValidationError("--batches and --batch-records must be positive") }
    }

    func run() throws {
        var configuration = EmbeddedLogConfiguration()
        if tornWrites { configuration.tornWriteChunkBytes = 512 }
        let eventLog = try EmbeddedLog(directory: log, configuration: configuration)
        for event in eventLog.recoveryEvents { say("RECOVERED \(event)") }
        try eventLog.createTopic(Self.topic, partitions: 3)
        var next = 0
        for partition in 0..<3 {
            let end = try eventLog.endOffset(topic: Self.topic, partition: partition)
            guard end > 0, let last = try eventLog.read(topic: Self.topic, partition: partition, from: end - 1, maxRecords: 1).first,
                  let seq = Self.sequenceNumber(last.value) else { continue }
            next = max(next, seq + 1)
        }
        say("START \(next)")
        let producer = try eventLog.makeProducer()
        for _ in 0..<batches {
            for _ in 0..<batchRecords {
                try producer.send(topic: Self.topic, key: Self.key(next), value: Self.value(next))
                next += 1
            }
            try producer.flush()
            say("ACK \(next)")
        }
        say("DONE")
    }

    static func sequenceNumber(_ value: [UInt8]) -> Int? {
        guard let bar = value.firstIndex(of: UInt8(ascii: "|")), value.starts(with: Array("seq=".utf8)) else { return nil }
        return Int(String(decoding: value[4..<bar], as: UTF8.self))
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
#endif
