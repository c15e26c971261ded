import Foundation
import Testing
import TestSupport
@testable import EventLog

@Suite struct RecordBatchTests {
    static func batch(_ records: [(String, String)], base: Int64) -> [UInt8] {
        var builder = RecordBatchBuilder()
        for (key, value) in records {
            Array(key.utf8).withUnsafeBytes { k in Array(value.utf8).withUnsafeBytes { v in builder.append(key: k, value: v) } }
        }
        builder.seal(baseOffset: base)
        return builder.bytes
    }

    @Test func roundTripAndFraming() {
        let bytes = Self.batch([("k1", "v1"), ("", "empty key"), ("k3", "")], base: 42)
        bytes.withUnsafeBytes { raw in
            guard case .valid(let base, let count, let length) = RecordBatch.parse(raw, at: 0) else {
                Issue.record("a fresh batch does not parse")
                return
            }
            #expect(base == 42 && count == 3 && length == bytes.count)
            var seen: [String] = []
            RecordBatch.forEachRecord(raw, at: 0) { offset, key, value in
                seen.append("\(offset):\(String(decoding: key, as: UTF8.self))=\(String(decoding: value, as: UTF8.self))")
            }
            #expect(seen == ["42:k1=v1", "43:=empty key", "44:k3="])
        }
    }

    @Test func everyTruncationIsIncompleteAndEveryFlipIsCaught() {
        let bytes = Self.batch([("key", "value one"), ("key", "value two")], base: 0)
        for cut in 0..<bytes.count {
            let parse = Array(bytes[..<cut]).withUnsafeBytes { RecordBatch.parse($0, at: 0) }
            guard case .incomplete = parse else {
                if cut >= 4 { Issue.record("cut at \(cut) parsed as \(parse)") }
                continue
            }
        }
        for position in 0..<bytes.count {
            for bit in 0..<8 {
                var damaged = bytes
                damaged[position] ^= UInt8(1 << bit)
                if case .valid = damaged.withUnsafeBytes({ RecordBatch.parse($0, at: 0) }) {
                    Issue.record("bit \(bit) of byte \(position) flipped and the batch still passed")
                }
            }
        }
    }

    /// Random damage anywhere in a log: reading either serves the original records or throws,
    /// never a changed record.
    @Test func randomDamageIsNeverServed() throws {
        var generator = SeededGenerator(seed: 99)
        for round in 0..<20 {
            let folder = TemporaryFolder()
            defer { folder.remove() }
            var originals: [Int64: String] = [:]
            do {
                let log = try EmbeddedLog(directory: folder.path, configuration: .init(segmentBytes: 4_000, batchBytes: 700))
                try log.createTopic("t", partitions: 1)
                let producer = try log.makeProducer()
                for i in 0..<400 { try producer.send(topic: "t", key: [1], value: Array("value \(i) of round \(round)".utf8)) }
                try producer.flush()
                for (i, record) in try log.read(topic: "t", partition: 0, from: 0, maxRecords: 1_000).enumerated() {
                    originals[Int64(i)] = record.value.text
                }
            }
            let segments = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/t/0").filter { $0.hasSuffix(".log") }.sorted()
            for _ in 0..<3 {
                let segment = folder.path + "/t/0/" + segments.randomElement(using: &generator)!
                let size = try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int
                guard size > 0 else { continue }
                try flipByte(in: segment, at: Int.random(in: 0..<size, using: &generator))
            }
            let log = try EmbeddedLog(directory: folder.path, configuration: .init(segmentBytes: 4_000))
            var offset: Int64 = 0
            while offset < 400 {
                do {
                    let records = try log.read(topic: "t", partition: 0, from: offset, maxRecords: 50)
                    if records.isEmpty { break }
                    for record in records {
                        #expect(originals[record.offset] == record.value.text, "round \(round): offset \(record.offset) served changed")
                    }
                    offset = records.last!.offset + 1
                } catch is EventLogError {
                    offset += 1  // damaged: step over it, as an operator skipping a bad range would
                }
            }
        }
    }
}
