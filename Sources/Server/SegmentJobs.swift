import Alerts
import Foundation
import JobMatchCore
import Matching

/// The postings `jobmatch watch` appended to `index/segment.jsonl` since the base index was
/// built, as `serve` searches them beside `jobs.faiss`: reloaded when the file's size changes
/// (checked at each request: one `stat`), so additions are served without a restart.
///
/// A segment job replaces the base index's job of the same id (it is the newer version).
final class SegmentJobs: @unchecked Sendable {
    private let url: URL
    private let lock = NSLock()
    private var size: Int64 = -1
    private var entries: [IndexSegment.Entry] = []
    private var ids: Set<String> = []

    init(url: URL) { self.url = url }

    /// The current entries and their ids, reloaded first when the file changed. A segment that
    /// cannot be read keeps what was loaded (it is written by appends: a reader may see a torn
    /// last line, which `IndexSegment` does not take).
    func current() -> (entries: [IndexSegment.Entry], ids: Set<String>) {
        let now = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
        return lock.withLock {
            if now != size, let fresh = try? IndexSegment(url: url) {
                entries = fresh.entries
                ids = Set(fresh.entries.map(\.job.jobID))
                size = now
            }
            return (entries, ids)
        }
    }

    /// The segment jobs that pass the filters, scored against `vector` and explained.
    static func results(_ entries: [IndexSegment.Entry], cv: CVQuery, vector: [Float], filters: MatchFilters,
                        matcher: Matcher) -> [MatchResult] {
        let country = filters.country?.lowercased(), level = filters.level?.lowercased()
        var out: [MatchResult] = []
        for e in entries where e.vector.count == vector.count {
            if let country, e.job.country?.lowercased() != country { continue }
            if let level, e.job.level?.lowercased() != level { continue }
            if filters.remote == true, !e.job.isRemote { continue }
            let score = zip(vector, e.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            out.append(matcher.explain(cv, job: e.job, score: score))
        }
        return out
    }
}
