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
    private var size: Int64 = -1
    private var entries: [IndexSegment.Entry] = []
    private var additions: [AddedJob] = []

    init(url: URL) { self.url = url }

    /// The current entries and the postings they serve, reloaded first when the file changed. A
    /// segment that cannot be read keeps what was loaded (it is written by appends: a reader may
    /// see a torn last line, which `IndexSegment` does not take).
    func current() -> (entries: [IndexSegment.Entry], additions: [AddedJob]) {
        let now = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
        return lock.withLock {
            if now != size, let fresh = try? IndexSegment(url: url) {
                entries = fresh.entries
                additions = fresh.entries.map(\.added)
                size = now
            }
            return (entries, additions)
        }
    }
}
