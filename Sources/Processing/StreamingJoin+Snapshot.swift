import Foundation
import JobMatchCore

/// The join's state on disk, so that a restarted `jobmatch watch` reads the log only from where
/// the state was taken instead of from its beginning.
///
/// A snapshot is JSON Lines: a header (format, topic, the offset of each partition the state
/// covers — every record before it was added, none after — and the number of job links), then one
/// line per job link with the records held for it (posting, skills row, summary row, each with its
/// stamp: ingest run and offset), then a trailer with the same count. It is written to a temporary
/// file, fsynced and renamed into place, so a reader finds the previous snapshot or this one whole.
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
    public static let snapshotFormat = 1

    private struct Header: Codable {
        var format: Int
        var topic: String
        /// Partition (as a string: JSON keys) → offset.
        var positions: [String: Int64]
        var links: Int
    }

    private struct Line: Codable {
        var link: String
        var posting: JobPosting?
        var postingStamp: [Int64]?
        var skills: [String]?
        var skillsStamp: [Int64]?
        var summary: String?
        var summaryStamp: [Int64]?
    }

    private struct Trailer: Codable { var end: Int }

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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var buffer = Data()
        func put<T: Encodable>(_ value: T) throws {
            buffer.append(try encoder.encode(value))
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try flush() }
        }
        func flush() throws {
            do { try out.write(contentsOf: buffer) } catch { throw JobMatchError.io(path: tmp.path, reason: "cannot write: \(error.localizedDescription)") }
            buffer.removeAll(keepingCapacity: true)
        }
        try put(Header(format: Self.snapshotFormat, topic: topic,
                       positions: Dictionary(uniqueKeysWithValues: positions.map { (String($0.key), $0.value) }), links: links.count))
        func stamp(_ s: RecordStamp?) -> [Int64]? { s.map { [Int64($0.run), $0.position] } }
        for link in links {
            let p = postings[link], k = skills[link], s = summaries[link]
            try put(Line(link: link, posting: p?.0, postingStamp: stamp(p?.1), skills: k?.0, skillsStamp: stamp(k?.1),
                         summary: s?.0, summaryStamp: stamp(s?.1)))
        }
        try put(Trailer(end: links.count))
        try flush()
        try DurableFile.commit(tmp, to: url)
    }

    /// Reads a snapshot of `topic`; nil when there is no file.
    /// - Throws: `JobMatchError.io` naming the file and line of a damaged or cut-off snapshot, or
    ///   one of another topic or format.
    public static func readSnapshot(_ url: URL, topic: String) throws -> Snapshot? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw JobMatchError.io(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        func bad(_ line: Int, _ reason: String) -> JobMatchError { .io(path: url.path, reason: "line \(line): \(reason)") }
        let decoder = JSONDecoder()
        var lineNumber = 0
        var start = data.startIndex
        func next() -> Data? {
            guard start < data.endIndex, let newline = data[start...].firstIndex(of: 0x0A) else { return nil }
            defer { start = newline + 1 }
            lineNumber += 1
            return data[start..<newline]
        }
        guard let first = next(), let header = try? decoder.decode(Header.self, from: first) else { throw bad(1, "not a join snapshot header") }
        guard header.format == snapshotFormat else { throw bad(1, "format \(header.format), this build reads \(snapshotFormat)") }
        guard header.topic == topic else { throw bad(1, "a snapshot of topic '\(header.topic)', not '\(topic)'") }
        var positions: [Int: Int64] = [:]
        for (k, v) in header.positions {
            guard let p = Int(k), p >= 0, v >= 0 else { throw bad(1, "partition '\(k)' at offset \(v)") }
            positions[p] = v
        }
        var snapshot = Snapshot(positions: positions, count: header.links)
        func stamp(_ s: [Int64]?) throws -> RecordStamp {
            guard let s, s.count == 2 else { throw bad(lineNumber, "a record without its stamp") }
            return RecordStamp(run: Int(s[0]), position: s[1])
        }
        for _ in 0..<header.links {
            guard let bytes = next() else { throw bad(lineNumber + 1, "cut off: \(header.links) job links announced, \(lineNumber - 1) found") }
            guard let line = try? decoder.decode(Line.self, from: bytes) else { throw bad(lineNumber, "not a job link's records") }
            if let p = line.posting { snapshot.postings[line.link] = (p, try stamp(line.postingStamp)) }
            if let k = line.skills { snapshot.skills[line.link] = (k, try stamp(line.skillsStamp)) }
            if let s = line.summary { snapshot.summaries[line.link] = (s, try stamp(line.summaryStamp)) }
        }
        guard let last = next() else { throw bad(lineNumber + 1, "no trailer: the snapshot is cut off") }
        guard let trailer = try? decoder.decode(Trailer.self, from: last), trailer.end == header.links else {
            throw bad(lineNumber, "not the trailer of \(header.links) job links")
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
