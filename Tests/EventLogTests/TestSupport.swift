import Foundation
import TestSupport
@testable import EventLog

/// A fresh temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory.path + "/eventlog-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads every record of `topics` through a fresh consumer group until the end.
func consumeAll(_ log: any EventLog, group: String, topics: [String], commit: Bool = true, limit: Int = 10_000_000) throws -> [ConsumedRecord] {
    let consumer = try log.makeConsumer(group: group, topics: topics)
    var records: [ConsumedRecord] = []
    for _ in 0..<100_000 {
        let batch = try consumer.poll(maxRecords: 1_000)
        records += batch.records
        if commit { try consumer.commit() }
        if batch.atEnd || records.count >= limit { break }
    }
    return records
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
