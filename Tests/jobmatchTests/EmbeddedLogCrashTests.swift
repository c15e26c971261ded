import Foundation
import JobMatchCore
import TestSupport
import Testing
@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Kills a producing child process (`jobmatch log-torture`) with SIGKILL at random points, many
/// times over one log, and checks after each kill that every acknowledged record is there
/// exactly once and in order, and that no record is half-visible. A killed process leaves the
/// page cache behind, so this test cannot see a missing fsync: the power-cut twin on the simulated
/// disk is `EmbeddedLogDurabilityTests.everyAcknowledgedRecordSurvivesRandomPowerCuts`.
@Suite struct EmbeddedLogCrashTests {
    @Test func everyAcknowledgedRecordSurvivesKillNine() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let binary = jobmatchBinary()
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build jobmatch first: \(binary)")
        var generator = SeededGenerator(seed: 2026)
        var acknowledged = Set<Int>()
        var tornTails = 0
        let iterations = 50
        for iteration in 0..<iterations {
            let torn = iteration % 2 == 1
            let batchRecords = Int.random(in: 1...60, using: &generator)
            let acksBeforeKill = Int.random(in: 0...6, using: &generator)
            let delayMicros = UInt32.random(in: 0...3_000, using: &generator)
            var arguments = ["log-torture", "--log", folder.path, "--batches", "100000", "--batch-records", "\(batchRecords)"]
            if torn { arguments.append("--torn-writes") }
            let output = try runAndKill(binary, arguments, afterAcks: acksBeforeKill, delayMicros: delayMicros)
            // Every ACK printed before the kill counts, including those still in the pipe.
            var start: Int?
            for line in output {
                let parts = line.split(separator: " ", maxSplits: 1)
                if parts.first == "START" { start = Int(parts[1]) }
                if parts.first == "ACK", let end = Int(parts[1]), let s = start {
                    acknowledged.formUnion(s..<end)
                }
                if parts.first == "RECOVERED", line.contains("torn tail") { tornTails += 1 }
            }
            try #require(start != nil, "iteration \(iteration): the child never started: \(output)")
            tornTails += try verify(folder.path, acknowledged: acknowledged, iteration: iteration)
        }
        print("crash test: \(iterations) kills, \(acknowledged.count) acknowledged records, \(tornTails) torn tails cut off")
        #expect(acknowledged.count > 1_000)
        #expect(tornTails > 0, "no kill landed inside a batch write; the torn-tail path went untested")
    }

    /// Opens the log as a new process would and checks every record.
    /// - Returns: how many torn tails the opening cut off.
    private func verify(_ path: String, acknowledged: Set<Int>, iteration: Int) throws -> Int {
        let log = try EmbeddedLog(directory: path)
        for event in log.recoveryEvents {
            guard case .truncatedTail = event.kind else {
                Issue.record("iteration \(iteration): unexpected recovery event \(event)")
                continue
            }
        }
        var seen = Set<Int>()
        for partition in 0..<3 {
            let records = try log.read(topic: "torture", partition: partition, from: 0, maxRecords: .max)
            #expect(Int64(records.count) == (try log.endOffset(topic: "torture", partition: partition)))
            var previous = -1
            for record in records {
                guard let seq = sequenceNumber(record.value) else {
                    Issue.record("iteration \(iteration): partition \(partition) offset \(record.offset): unreadable value")
                    continue
                }
                #expect(record.value == tortureValue(seq), "iteration \(iteration): record \(seq) damaged")
                #expect(record.key == Array("key-\(seq % 101)".utf8))
                #expect(Murmur2Partitioner.partition(forKey: record.key, partitionCount: 3) == partition)
                #expect(seq > previous, "iteration \(iteration): partition \(partition) out of order at \(seq)")
                #expect(seen.insert(seq).inserted, "iteration \(iteration): record \(seq) twice")
                previous = seq
            }
        }
        let missing = acknowledged.subtracting(seen)
        #expect(missing.isEmpty, "iteration \(iteration): \(missing.count) acknowledged records lost, e.g. \(missing.sorted().prefix(5))")
        return log.recoveryEvents.count
    }

    /// Starts the child, waits for `afterAcks` ACK lines and `delayMicros`, kills it with SIGKILL,
    /// and returns every line it printed.
    private func runAndKill(_ binary: String, _ arguments: [String], afterAcks: Int, delayMicros: UInt32) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        var buffer = Data()
        var lines: [String] = []
        func drainLines() {
            while let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        while lines.filter({ $0.hasPrefix("ACK") }).count < afterAcks || !lines.contains(where: { $0.hasPrefix("START") }) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            drainLines()
        }
        usleep(delayMicros)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        buffer.append(reader.readDataToEndOfFile())
        drainLines()
        return lines
    }
}

