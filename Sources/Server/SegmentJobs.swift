import Alerts
import Foundation
import JobMatchCore
import Matching

/// The postings `jobmatch watch` appended to `index/segment.jsonl` since the base index was
/// built, as `serve` searches them beside `jobs.faiss`: reloaded when the file's size changes
/// (checked at each request: one `stat`), so additions are served without a restart.
///
/// A segment job replaces the base index's job of the same id (it is the newer version) and ranks
/// among the index's candidates under every order (`Matcher.match(_:vector:options:additions:)`).
final class SegmentJobs: @unchecked Sendable {
    private let url: URL
    private let lock = NSLock()
    /// The file as last loaded: inode (a merge rewrites the segment and renames it into place),
    /// size (`watch` appends) and modification time.
    private var identity: [AnyHashable] = []
    private var segment: IndexSegment?

    init(url: URL) { self.url = url }

    /// The current segment, reloaded first when the file changed. A segment that cannot be read
    /// keeps what was loaded (it is written by appends: a reader may see a torn last line, which
    /// `IndexSegment` does not take).
    func current() -> IndexSegment? {
        let a = try? FileManager.default.attributesOfItem(atPath: url.path)
        let now: [AnyHashable] = [a?[.systemFileNumber] as? NSNumber, a?[.size] as? NSNumber, a?[.modificationDate] as? Date]
        return lock.withLock {
            if now != identity, let fresh = try? IndexSegment(url: url) {
                segment = fresh
                identity = now
            }
            return segment
        }
    }
}
