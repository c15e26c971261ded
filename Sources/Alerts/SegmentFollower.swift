import Foundation
import JobMatchCore
import Matching

/// Follows `index/segment.jsonl` as `watch` appends to it and merges rewrite it, reading only
/// what is new: lines appended since the last look are parsed from the byte where it stopped (the
/// file is append-only between merges); a new file (a merge renames a rewritten segment into place:
/// another inode) or a shorter one is read whole. A torn last line (an append in progress) waits
/// for the next look. What `serve` uses, so that a segment of tens of thousands of postings is not
/// parsed again at every append.
///
/// ```swift
/// let follower = SegmentFollower(url: ws.indexSegment)
/// let additions = try follower.current().additions(base: matcher.info.created)
/// ```
public final class SegmentFollower: @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private var inode: UInt64?
    /// Bytes of the file parsed so far (up to the last complete line).
    private var offset: UInt64 = 0
    private var latest: [IndexSegment.Entry] = []
    private var position: [String: Int] = [:]
    private var lineNumber = 0
    private var cached: (base: String, additions: [AddedJob])?
    /// Times the file was read whole (a new file or the first look), for tests.
    public private(set) var fullReads = 0

    public init(url: URL) { self.url = url }

    /// Why the last look stopped early (a line that is not an entry: `AlertsError.badFile` naming
    /// the file and line); what was read before it is still served. nil when it read everything.
    public private(set) var lastError: (any Error)?
    private var reported: String?

    /// The last look's error when it is not the one this method returned before (so a caller
    /// that logs it says each problem once, not at every request); nil otherwise.
    public func newError() -> (any Error)? {
        lock.withLock {
            let text = lastError.map { "\($0)" }
            defer { reported = text }
            return text != nil && text != reported ? lastError : nil
        }
    }

    /// The segment as the file holds it now (up to a bad line, see `lastError`).
    public func current() -> IndexSegment {
        lock.withLock {
            look()
            return IndexSegment(entries: latest)
        }
    }

    /// The postings a matcher over the base index created at `base` serves beside it
    /// (`IndexSegment.additions(base:)`), kept until the file or the base changes.
    public func additions(base: String) -> [AddedJob] {
        lock.withLock {
            look()
            if let c = cached, c.base == base { return c.additions }
            let a = IndexSegment(entries: latest).additions(base: base)
            cached = (base, a)
            return a
        }
    }

    private func look() {
        do {
            try refresh()
            lastError = nil
        } catch {
            lastError = error
        }
    }

    /// Reads what is new since the last look.
    private func refresh() throws {
        let identity = FileIdentity(url)
        let node = identity?.inode, size = identity?.size ?? 0
        if node != inode || size < offset {
            (inode, offset, latest, position, lineNumber) = (node, 0, [], [:], 0)
            cached = nil
            if node != nil { fullReads += 1 }
        }
        guard node != nil, size > offset else { return }
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw AlertsError(.io, path: url.path, "cannot open for reading") }
        defer { try? file.close() }
        let bytes: Data
        do {
            try file.seek(toOffset: offset)
            bytes = try file.read(upToCount: Int(size - offset)) ?? Data()
        } catch { throw AlertsError(.io, path: url.path, "cannot read: \(error.localizedDescription)") }
        let decoder = JSONDecoder()
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            if newline > start {
                // Counted once consumed: a look that stops at a bad line names it again next time.
                guard let entry = try? decoder.decode(IndexSegment.Entry.self, from: bytes[start..<newline]) else {
                    throw AlertsError(.badFile, path: url.path, "line \(lineNumber + 1) is not a segment entry")
                }
                if let p = position[entry.job.jobID] { latest[p] = entry } else {
                    position[entry.job.jobID] = latest.count
                    latest.append(entry)
                }
                cached = nil
            }
            lineNumber += 1
            offset += UInt64(newline + 1 - start)
            start = newline + 1
        }
    }
}
