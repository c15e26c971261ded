/// When the embedded log calls `fdatasync` on a partition's segment.
public enum FsyncPolicy: Sendable, Equatable {
    /// After every batch written (the default): an acknowledged record survives power loss.
    /// The `fdatasync` runs on a background thread while the next batch is built (batches that
    /// pile up in one file meanwhile share one call); `flush()` returns only when all are done.
    case everyBatch
    /// After every `n` batches of a partition, and at every producer `flush()`.
    case everyBatches(Int)
    /// Never: the operating system writes when it likes. Survives `kill -9`, not power loss.
    case never
}

/// Settings of the embedded engine.
public struct EmbeddedLogConfiguration: Sendable {
    /// When segment data reaches stable storage.
    public var fsync: FsyncPolicy = .everyBatch
    /// A partition starts a new segment file when the current one reaches this size.
    public var segmentBytes: Int64 = 64 << 20
    /// A producer writes a partition's pending records as one batch once they reach this size.
    public var batchBytes: Int = 1 << 20
    /// How many bytes a consumer reads from a partition at a time.
    public var fetchBytes: Int = 1 << 20
    /// With `.everyBatch`: sync on a background thread, overlapping the next batch (group
    /// commit; the default), or inline after each batch's write (`false`: one `fdatasync` per batch).
    public var backgroundSync = true
    /// For crash tests only: write each batch in pieces of this many bytes with a short pause
    /// between them, so that a `kill -9` can land inside a batch and leave a torn tail.
    public var tornWriteChunkBytes: Int? = nil

    public init(
        fsync: FsyncPolicy = .everyBatch, segmentBytes: Int64 = 64 << 20, batchBytes: Int = 1 << 20,
        fetchBytes: Int = 1 << 20, backgroundSync: Bool = true, tornWriteChunkBytes: Int? = nil
    ) {
        self.backgroundSync = backgroundSync
        self.fsync = fsync
        self.segmentBytes = segmentBytes
        self.batchBytes = batchBytes
        self.fetchBytes = fetchBytes
        self.tornWriteChunkBytes = tornWriteChunkBytes
    }
}

/// Something opening the embedded log found and dealt with.
public struct RecoveryEvent: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// An incomplete or invalid batch at the end of the newest segment (a write cut short by
        /// a crash) was cut off: `bytes` removed. Those records were never acknowledged.
        case truncatedTail(bytes: Int64, reason: String)
        /// Damaged bytes inside a segment, followed by valid batches. The records in
        /// `firstOffset..<endOffset` are not served: reading them throws `corruptBatch`.
        case corruptRange(bytes: Int64, firstOffset: Int64, endOffset: Int64, reason: String)
    }

    public var topic: String
    public var partition: Int
    public var file: String
    /// Byte position in `file` where the problem starts.
    public var position: Int64
    public var kind: Kind

    public var description: String {
        switch kind {
        case .truncatedTail(let bytes, let reason):
            return "\(file) (\(topic)/\(partition)): truncated a torn tail of \(bytes) bytes at byte \(position) (\(reason))"
        case .corruptRange(let bytes, let first, let end, let reason):
            return "\(file) (\(topic)/\(partition)): \(bytes) corrupt bytes at byte \(position), offsets \(first)..<\(end) not served (\(reason))"
        }
    }
}
