import Foundation

/// The read pass of the embedded engine: routes every input record, by its group (a log
/// partition, or the one group of the raw files) and the hash of its key, into join units that
/// each fit the memory budget.
///
/// A group starts in memory. When its bytes pass `unitBytes` (or when all groups together pass
/// twice that), it is spilled: its records so far and all later ones go to `fanout` spill files by
/// key hash. A group whose size is known up front is spilled from the start when it is too big
/// (`fanout` = size / `unitBytes` + 1). Units come out in group order, then spill-file order; every
/// record of a key lands in one unit, so units are joined independently. A spill file that still
/// outgrows `2 × unitBytes` (skewed keys) is split again when it is loaded (`load`), with the key
/// hash remixed, up to `maxSplitLevel` times.
///
/// Frame layout (see `SpillFrames`): length, the key's 64-bit FNV-1a hash, the encoded record.
final class JoinUnitStore {
    /// A unit: records in memory or in a spill file; `level` counts the splits behind it.
    enum Unit {
        case memory([UInt8])
        case file(String, level: Int)
    }

    private final class Group {
        var memory: [UInt8] = []
        var writers: [SpillWriter]?
        /// Spill files to use when spilled (nil: `defaultFanout`).
        let fanout: Int?

        init(fanout: Int?) { self.fanout = fanout }
    }

    let folder: URL
    let unitBytes: Int
    static let defaultFanout = 16
    static let maxSplitLevel = 6
    private var groups: [Group]
    private var memoryBytes = 0

    /// - Parameters:
    ///   - groupBytes: per group, its input size when known (nil: unknown, start in memory).
    ///   - fanout: spill files per group, overriding the sizes (`--partitions`).
    init(folder: URL, groupBytes: [Int?], unitBytes: Int, fanout: Int? = nil) throws {
        self.folder = folder
        self.unitBytes = max(1 << 16, unitBytes)
        groups = groupBytes.map { bytes in
            if let fanout { return Group(fanout: fanout) }
            guard let bytes else { return Group(fanout: nil) }
            return Group(fanout: bytes > unitBytes ? bytes / max(1, unitBytes) + 1 : nil)
        }
        try? FileManager.default.removeItem(at: folder)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ProcessingError(.io, "cannot create temp folder", file: folder.path)
        }
        for (i, g) in groups.enumerated() where (g.fanout ?? 1) > 1 { try spill(i) }
    }

    /// The key hash frames carry (FNV-1a over the UTF-8 bytes).
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The spill file of a key hash among `count` at split level `level` (a remix per level).
    static func slot(_ hash: UInt64, level: Int, count: Int) -> Int {
        var z = hash &+ UInt64(level) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(count))
    }

    /// Adds one record of `group`.
    func add(_ record: JoinRecord, key: String, stamp: RecordStamp, group: Int) throws {
        let g = groups[group]
        let h = Self.hash(key)
        var frame: [UInt8] = []
        var e = RowEncoder()
        e.int(Int64(bitPattern: h))
        record.encode(stamp: stamp, into: &e)
        withUnsafeBytes(of: UInt32(e.bytes.count).littleEndian) { frame.append(contentsOf: $0) }
        frame.append(contentsOf: e.bytes)
        if let writers = g.writers {
            try writers[Self.slot(h, level: 0, count: writers.count)].write(frames: frame)
            return
        }
        g.memory.append(contentsOf: frame)
        memoryBytes += frame.count
        if g.memory.count > unitBytes {
            try spill(group)
        } else if memoryBytes > 2 * unitBytes, let largest = groups.indices.filter({ groups[$0].writers == nil }).max(by: { groups[$0].memory.count < groups[$1].memory.count }) {
            try spill(largest)
        }
    }

    /// Moves a group to spill files (its in-memory frames first).
    private func spill(_ i: Int) throws {
        let g = groups[i]
        let count = g.fanout ?? Self.defaultFanout
        let writers = try (0..<count).map { try SpillWriter(path: folder.appendingPathComponent("g\(i)-\($0).spill").path) }
        try Self.route(g.memory, file: "memory", level: 0, into: writers)
        memoryBytes -= g.memory.count
        g.memory = []
        g.writers = writers
    }

    /// Routes every frame of `bytes` to `writers` by its key hash at `level`.
    private static func route(_ bytes: [UInt8], file: String, level: Int, into writers: [SpillWriter]) throws {
        try SpillFrames.forEach(bytes, file: file) { range in
            guard range.count >= 8 else { throw SpillFrames.truncated(file, range.lowerBound) }
            var d = RowDecoder(bytes, from: range.lowerBound, to: range.upperBound)
            let h = UInt64(bitPattern: try d.int())
            var frame: [UInt8] = []
            withUnsafeBytes(of: UInt32(range.count).littleEndian) { frame.append(contentsOf: $0) }
            frame.append(contentsOf: bytes[range])
            try writers[slot(h, level: level, count: writers.count)].write(frames: frame)
        }
    }

    /// Closes the spill files; the units in order (empty ones left out).
    func finish() throws -> [Unit] {
        var units: [Unit] = []
        for g in groups {
            if let writers = g.writers {
                for w in writers {
                    try w.close()
                    if w.bytesWritten > 0 { units.append(.file(w.path, level: 0)) } else { try? FileManager.default.removeItem(atPath: w.path) }
                }
            } else if !g.memory.isEmpty {
                units.append(.memory(g.memory))
                g.memory = []
            }
        }
        memoryBytes = 0
        return units
    }

    /// Calls `body` with the records of `unit`, one piece at a time: a spill file larger than
    /// `2 × unitBytes` is split by key first (each piece holds whole keys). The file is removed.
    func load(_ unit: Unit, _ body: ([UInt8], String) throws -> Void) throws {
        switch unit {
        case .memory(let bytes):
            try body(bytes, "memory")
        case .file(let path, let level):
            defer { try? FileManager.default.removeItem(atPath: path) }
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            if size > 2 * unitBytes, level < Self.maxSplitLevel {
                let count = size / unitBytes + 1
                let writers = try (0..<count).map { try SpillWriter(path: "\(path).\(level + 1)-\($0)") }
                try SpillFrames.stream(path) { frame in  // streamed: the file may be any size
                    guard frame.count >= 12 else { throw SpillFrames.truncated(path, 0) }
                    var d = RowDecoder(Array(frame[frame.startIndex + 4..<frame.startIndex + 12]))
                    let h = UInt64(bitPattern: try d.int())
                    try writers[Self.slot(h, level: level + 1, count: count)].write(frames: frame)
                }
                for w in writers { try w.close() }
                for w in writers { try load(.file(w.path, level: level + 1), body) }
                return
            }
            try body(try SpillFrames.read(path), path)
        }
    }

    /// Decodes each record of a loaded piece (frames with the key hash in front).
    static func forEachRecord(_ bytes: [UInt8], file: String, _ body: (JoinRecord, RecordStamp) throws -> Void) throws {
        try SpillFrames.forEach(bytes, file: file) { range in
            var d = RowDecoder(bytes, from: range.lowerBound, to: range.upperBound)
            let decoded: (JoinRecord, RecordStamp)
            do {
                _ = try d.int()
                decoded = try JoinRecord.decode(&d)
            } catch {
                throw ProcessingError(.io, "spill record at byte \(range.lowerBound - 4) does not decode", file: file)
            }
            try body(decoded.0, decoded.1)
        }
    }

    /// Removes the folder.
    func removeFolder() { try? FileManager.default.removeItem(at: folder) }
}
