import EventLog
import Foundation
import JobMatchCore

/// The join's state on disk, so that a restarted `jobmatch watch` reads the log only from where
/// the state was taken instead of from its beginning.
///
/// A snapshot is one JSON header line (format, topic, the offset of each partition the state
/// covers — every record before it was added, none after — and the numbers of job links and
/// records), then the held records in the spill files' binary encoding (`JoinRecord`, each with
/// its stamp: ingest run and offset), each prefixed by its length, then a trailer: the CRC-32C of
/// the records, their count and `JOINEND\n`. It is written to a temporary file, fsynced and renamed
/// into place, so a reader finds the previous snapshot or this one whole; a damaged one is an error
/// naming the file and the record, never a wrong state.
///
/// ```swift
/// try join.writeSnapshot(to: url, topic: "jobs", positions: [0: 1200, 1: 1180, 2: 1215])
/// if let s = try StreamingJoin.readSnapshot(url, topic: "jobs") { join.restore(from: s) }
/// ```
extension StreamingJoin {
    /// What a snapshot holds.
    public struct Snapshot {
        /// Partition → the offset after the last record the state holds.
        public var positions: [Int: Int64]
        /// Job links held.
        public var count: Int
        fileprivate var postings: [String: (JobPosting, RecordStamp)] = [:]
        fileprivate var skills: [String: ([String], RecordStamp)] = [:]
        fileprivate var summaries: [String: (String, RecordStamp)] = [:]
    }

    /// Version of the layout; a snapshot of another version is not read (the log is read instead).
    public static let snapshotFormat = 2
    private static let trailerMagic = Array("JOINEND\n".utf8)

    private struct Header: Codable {
        var format: Int
        var topic: String
        /// Partition (as a string: JSON keys) → offset.
        var positions: [String: Int64]
        var links: Int
        var records: Int
    }

    /// Writes the state, taken when every record of `topic` before `positions` (and none after)
    /// was added, durably and atomically to `url`.
    public func writeSnapshot(to url: URL, topic: String, positions: [Int: Int64]) throws {
        let links = Set(postings.keys).union(skills.keys).union(summaries.keys).sorted()
        let tmp = DurableFile.temporary(for: url)
        try DurableFile.createFolder(url.deletingLastPathComponent())
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil), let out = FileHandle(forWritingAtPath: tmp.path) else {
            throw JobMatchError.io(path: tmp.path, reason: "cannot create")
        }
        defer { try? out.close() }
        func write(_ bytes: [UInt8]) throws {
            do { try out.write(contentsOf: bytes) } catch { throw JobMatchError.io(path: tmp.path, reason: "cannot write: \(error.localizedDescription)") }
        }
        let header = Header(format: Self.snapshotFormat, topic: topic,
                            positions: Dictionary(uniqueKeysWithValues: positions.map { (String($0.key), $0.value) }), links: links.count,
                            records: postings.count + skills.count + summaries.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try write(Array(try encoder.encode(header)) + [0x0A])
        var body = RowEncoder(), record = RowEncoder()
        var crc: UInt32 = 0, written = 0
        func put(_ r: JoinRecord, _ stamp: RecordStamp) throws {
            record.bytes.removeAll(keepingCapacity: true)
            r.encode(stamp: stamp, into: &record)
            body.length(UInt32(record.bytes.count))
            body.bytes.append(contentsOf: record.bytes)
            written += 1
            if body.bytes.count >= 1 << 20 { try flush() }
        }
        func flush() throws {
            crc = CRC32C.checksum(body.bytes, continuing: crc)
            try write(body.bytes)
            body.bytes.removeAll(keepingCapacity: true)
        }
        for link in links {
            if let p = postings[link] { try put(.posting(p.0), p.1) }
            if let k = skills[link] { try put(.skills(link: link, k.0), k.1) }
            if let s = summaries[link] { try put(.summary(link: link, s.0), s.1) }
        }
        try flush()
        var trailer = RowEncoder()
        trailer.length(crc)
        trailer.int(Int64(written))
        trailer.bytes += Self.trailerMagic
        try write(trailer.bytes)
        try DurableFile.commit(tmp, to: url)
    }

    /// Reads a snapshot of `topic`; nil when there is no file. The records are read in chunks of
    /// `chunkBytes` (memory holds one chunk of the file besides the state it builds).
    /// - Throws: `JobMatchError.io` naming the file and what is wrong: a damaged or cut-off
    ///   snapshot (the record, or the checksum), one of another topic or format.
    public static func readSnapshot(_ url: URL, topic: String, chunkBytes: Int = 8 << 20) throws -> Snapshot? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        func bad(_ reason: String) -> JobMatchError { .io(path: url.path, reason: reason) }
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw bad("cannot open") }
        defer { try? file.close() }
        func read(_ count: Int) throws -> [UInt8] {
            do { return Array(try file.read(upToCount: count) ?? Data()) } catch { throw bad("cannot read: \(error.localizedDescription)") }
        }
        let size: Int
        do { size = Int(try file.seekToEnd()); try file.seek(toOffset: 0) } catch { throw bad("cannot read: \(error.localizedDescription)") }

        let head = try read(min(size, 1 << 16))
        guard let newline = head.firstIndex(of: 0x0A),
              let header = try? JSONDecoder().decode(Header.self, from: Data(head[..<newline])) else {
            throw bad("line 1: not a join snapshot header")
        }
        guard header.format == snapshotFormat else { throw bad("line 1: format \(header.format), this build reads \(snapshotFormat)") }
        guard header.topic == topic else { throw bad("line 1: a snapshot of topic '\(header.topic)', not '\(topic)'") }
        var positions: [Int: Int64] = [:]
        for (k, v) in header.positions {
            guard let p = Int(k), p >= 0, v >= 0 else { throw bad("line 1: partition '\(k)' at offset \(v)") }
            positions[p] = v
        }

        // The trailer: the body's checksum and record count.
        let trailerSize = 4 + 8 + trailerMagic.count
        let bodyStart = newline + 1, bodyEnd = size - trailerSize
        guard bodyEnd >= bodyStart else { throw bad("no trailer: the snapshot is cut off") }
        let trailer: [UInt8]
        do { try file.seek(toOffset: UInt64(bodyEnd)); trailer = try read(trailerSize); try file.seek(toOffset: UInt64(bodyStart)) } catch {
            throw bad("cannot read: \(error)")
        }
        guard trailer.count == trailerSize, Array(trailer.suffix(trailerMagic.count)) == trailerMagic else {
            throw bad("no trailer: the snapshot is cut off")
        }
        var t = RowDecoder(trailer)
        let crc = try t.length(), count = try t.int()
        guard count == header.records else { throw bad("the trailer counts \(count) records, the header \(header.records)") }

        // The records, a chunk at a time: those wholly in the buffer are decoded, the rest waits for the next chunk.
        var snapshot = Snapshot(positions: positions, count: header.links)
        var buffer: [UInt8] = []
        var fileOffset = bodyStart  // of the byte after the buffer
        var actual: UInt32 = 0
        var decoded = 0
        while true {
            var d = RowDecoder(buffer)
            while decoded < header.records, buffer.count - d.offset >= 4 {
                let start = d.offset
                let n = Int(try d.length())
                guard n <= buffer.count - d.offset else { d.offset = start; break }
                var one = RowDecoder(buffer, from: d.offset, to: d.offset + n)
                d.offset += n
                do {
                    switch try JoinRecord.decode(&one) {
                    case (.posting(let p), let s): snapshot.postings[p.jobID] = (p, s)
                    case (.skills(let link, let list), let s): snapshot.skills[link] = (list, s)
                    case (.summary(let link, let text), let s): snapshot.summaries[link] = (text, s)
                    default: throw RowDecoder.Truncated()
                    }
                } catch {
                    throw bad("record \(decoded + 1) of \(header.records) cannot be read")
                }
                decoded += 1
            }
            buffer.removeFirst(d.offset)
            guard fileOffset < bodyEnd else { break }
            let chunk = try read(min(chunkBytes, bodyEnd - fileOffset))
            guard !chunk.isEmpty else { throw bad("cut off at byte \(fileOffset)") }
            actual = CRC32C.checksum(chunk, continuing: actual)
            fileOffset += chunk.count
            buffer += chunk
        }
        guard crc == actual else { throw bad("the records' checksum is \(actual), the trailer says \(crc): the snapshot is damaged") }
        guard decoded == header.records, buffer.isEmpty else {
            throw bad("\(decoded) of \(header.records) records read, \(buffer.count) bytes left over: the snapshot is damaged")
        }
        return snapshot
    }

    /// Replaces the held records with a snapshot's (the options stay).
    public func restore(from snapshot: Snapshot) {
        postings = snapshot.postings
        skills = snapshot.skills
        summaries = snapshot.summaries
    }
}
