import Foundation
import TestSupport
@testable import EventLog

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
