import Foundation

/// One partition of the embedded log: a folder of segment files and their offset indexes.
///
/// Segment `<base offset, 20 digits>.log` holds ``RecordBatch``es; `<base>.index` holds one
/// 16-byte entry (base offset, byte position) per batch. Only the newest segment is written.
/// Opening scans the newest segment batch by batch: a torn tail is cut off and a damaged range
/// followed by valid batches is remembered and refused to readers (both reported as
/// ``RecoveryEvent``s). Older segments are checked batch by batch as they are read.
final class PartitionLog {
    let topic: String
    let partition: Int
    let directory: String
    let configuration: EmbeddedLogConfiguration
    private(set) var segments: [LogSegment] = []
    /// The offset the next record appended gets.
    private(set) var endOffset: Int64 = 0
    private(set) var events: [RecoveryEvent] = []
    private var unsyncedBatches = 0
    /// The first failed `fdatasync`: sticky, so every later append and flush fails too until the
    /// log is reopened (after a failed fsync the kernel may have dropped the dirty pages, and a
    /// retry that succeeds proves nothing).
    private(set) var syncFailure: EventLogError?
    var readBuffer: [UInt8] = []

    /// Where `.everyBatch` syncs go; nil syncs inline.
    let syncer: BackgroundSyncer?

    /// Whether this is a read-only view (``EmbeddedLog/init(readingWhileWrittenAt:)``): nothing is
    /// created, cut off or rewritten, and bytes after the last whole batch of the newest segment
    /// are left alone (a batch the writer is still writing, or a tail its own recovery will cut).
    let readOnly: Bool

    init(topic: String, partition: Int, directory: String, configuration: EmbeddedLogConfiguration, syncer: BackgroundSyncer? = nil,
         readOnly: Bool = false) throws {
        self.syncer = syncer
        self.topic = topic
        self.partition = partition
        self.directory = directory
        self.configuration = configuration
        self.readOnly = readOnly
        if !readOnly { try LogFile.createFolder(directory) }  // fsyncs the topic folder
        let names = readOnly ? ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            : try FileManager.default.contentsOfDirectory(atPath: directory)
        let bases = names.compactMap { name -> Int64? in
            guard name.hasSuffix(".log") else { return nil }
            return Int64(name.dropLast(4))
        }.sorted()
        if bases.isEmpty {
            if !readOnly {
                segments = [try LogSegment(directory: directory, baseOffset: 0)]
                try LogFile.syncDirectory(directory)
            }
        } else {
            for base in bases { segments.append(try LogSegment(directory: directory, baseOffset: base, create: !readOnly)) }
        }
        for (i, segment) in segments.enumerated() {
            let isNewest = i == segments.count - 1
            let indexed = isNewest ? false : try segment.loadIndex()
            if !indexed {
                try recover(segment, truncatingTail: isNewest)
            }
        }
        endOffset = segments.last?.endOffset ?? 0
    }

    /// Rebuilds a segment's index from its bytes; in the newest segment a torn tail is cut off.
    private func recover(_ segment: LogSegment, truncatingTail: Bool) throws {
        let bytes = try segment.file.readAll()
        let scan = bytes.withUnsafeBytes { SegmentScan(bytes: $0, baseOffset: segment.baseOffset) }
        for range in scan.corrupt {
            events.append(RecoveryEvent(
                topic: topic, partition: partition, file: segment.file.path, position: range.position,
                kind: .corruptRange(bytes: range.length, firstOffset: range.firstOffset, endOffset: range.endOffset, reason: range.reason)))
        }
        segment.entries = scan.entries
        segment.corrupt = scan.corrupt
        segment.endOffset = scan.endOffset
        segment.size = Int64(bytes.count)
        if readOnly {
            // A reader beside a live writer: serve the whole batches, leave the rest to the writer.
            if let tail = scan.tail { segment.size = tail.position }
            return
        }
        if let tail = scan.tail, let damaged = scan.damagedTailBatch {
            // A whole batch that was written and later damaged: its records were acknowledged,
            // so it is reported and refused, never cut off as if it were a torn write. Anything
            // after it is a torn tail; new batches go after it, with offsets past its claim.
            let reason = damaged.reason ?? tail.reason
            let range = CorruptRange(firstOffset: scan.endOffset, endOffset: scan.endOffset + damaged.records,
                                     position: tail.position, length: damaged.length, reason: reason)
            segment.corrupt.append(range)
            segment.endOffset = range.endOffset
            events.append(RecoveryEvent(
                topic: topic, partition: partition, file: segment.file.path, position: tail.position,
                kind: .corruptRange(bytes: damaged.length, firstOffset: range.firstOffset, endOffset: range.endOffset, reason: reason)))
            let end = tail.position + damaged.length
            if Int64(bytes.count) > end {
                if truncatingTail {
                    try segment.file.truncate(to: end)
                    try segment.file.sync()
                    events.append(RecoveryEvent(
                        topic: topic, partition: partition, file: segment.file.path, position: end,
                        kind: .truncatedTail(bytes: Int64(bytes.count) - end, reason: "incomplete batch")))
                }
            }
            segment.size = end
        } else if let tail = scan.tail {
            let removed = Int64(bytes.count) - tail.position
            if truncatingTail {
                try segment.file.truncate(to: tail.position)
                try segment.file.sync()
                segment.size = tail.position
                events.append(RecoveryEvent(
                    topic: topic, partition: partition, file: segment.file.path, position: tail.position,
                    kind: .truncatedTail(bytes: removed, reason: tail.reason)))
            } else {
                // An older segment is never written again: keep the bytes, refuse to serve them.
                let range = CorruptRange(firstOffset: scan.endOffset, endOffset: scan.endOffset, position: tail.position, length: removed, reason: tail.reason)
                segment.corrupt.append(range)
                events.append(RecoveryEvent(
                    topic: topic, partition: partition, file: segment.file.path, position: tail.position,
                    kind: .corruptRange(bytes: removed, firstOffset: scan.endOffset, endOffset: scan.endOffset, reason: tail.reason)))
            }
        }
        try segment.rewriteIndex()
    }

    /// Writes `batch` as the next batch, sealing it with its base offset; syncs per the policy.
    /// - Returns: the base offset given to the batch's first record.
    @discardableResult
    func append(_ batch: inout RecordBatchBuilder) throws -> Int64 {
        if let syncFailure { throw syncFailure }
        guard !readOnly else { throw EventLogError.invalidArgument("\(topic)/\(partition): the log is open read-only") }
        var active = segments[segments.count - 1]
        if active.size >= configuration.segmentBytes {
            try roll()
            active = segments[segments.count - 1]
        }
        let base = endOffset
        batch.seal(baseOffset: base)
        let position = active.size
        try batch.bytes.withUnsafeBytes { raw in
            if let chunk = configuration.tornWriteChunkBytes, chunk > 0 {
                var done = 0
                while done < raw.count {
                    let n = min(chunk, raw.count - done)
                    try active.file.write(UnsafeRawBufferPointer(rebasing: raw[done..<(done + n)]), at: position + Int64(done))
                    done += n
                    if done < raw.count { usleep(200) }
                }
            } else {
                try active.file.write(raw, at: position)
            }
        }
        try active.appendIndexEntry(IndexEntry(offset: base, position: position))
        active.size += Int64(batch.byteCount)
        endOffset += Int64(batch.count)
        active.endOffset = endOffset
        unsyncedBatches += 1
        switch configuration.fsync {
        case .everyBatch:
            if let syncer {
                syncer.request(active.file)  // runs while the next batch is built; flush() waits for it
                unsyncedBatches = 0
            } else {
                try sync()
            }
        case .everyBatches(let n): if unsyncedBatches >= n { try sync() }
        case .never: break
        }
        return base
    }

    /// Makes every batch written so far durable (unless the policy is `.never`).
    func syncIfNeeded() throws {
        if let syncFailure { throw syncFailure }
        if unsyncedBatches > 0, configuration.fsync != .never { try sync() }
    }

    private func sync() throws {
        try syncSticky(segments[segments.count - 1].file)
        unsyncedBatches = 0
    }

    /// Syncs `file`, remembering a failure for good (see ``syncFailure``).
    private func syncSticky(_ file: LogFile) throws {
        if let syncFailure { throw syncFailure }
        do {
            try file.sync()
        } catch let error as EventLogError {
            syncFailure = EventLogError.sticky(error)
            throw syncFailure!
        }
    }

    /// Closes the newest segment (synced, with its index) and starts a new one at `endOffset`.
    private func roll() throws {
        let old = segments[segments.count - 1]
        try syncSticky(old.file)
        try syncSticky(old.indexFile)
        unsyncedBatches = 0
        segments.append(try LogSegment(directory: directory, baseOffset: endOffset))
        try LogFile.syncDirectory(directory)
    }
}

/// One index entry: the batch whose first record has `offset` starts at byte `position`.
struct IndexEntry: Equatable {
    var offset: Int64
    var position: Int64
}

/// Damaged bytes that a scan stepped over.
struct CorruptRange: Equatable {
    var firstOffset: Int64
    var endOffset: Int64
    var position: Int64
    var length: Int64
    var reason: String
}
