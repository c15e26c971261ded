import Foundation
import Parquet

/// The `embedding_text` of jobs by row of `tables/jobs.parquet`, read on demand: only the row
/// groups that hold the asked rows are read, and only that column. The reranker needs the texts
/// of ~100 candidates per request, never the whole table in memory.
public final class JobTexts: @unchecked Sendable {
    public let url: URL
    let reader: ParquetReader
    /// First row of each row group, and the total as the last element.
    let starts: [Int]
    private let lock = NSLock()

    /// - Throws: `MatchingError` naming the table when it is unreadable or has no `embedding_text`.
    public init(table url: URL) throws {
        self.url = url
        do { reader = try ParquetReader(url: url) } catch {
            throw MatchingError(.io, path: url.path, "cannot read the jobs table: \(error)")
        }
        guard reader.schema.index(of: "embedding_text") != nil else {
            throw MatchingError(.inconsistent, path: url.path, "no column 'embedding_text'")
        }
        var s = [0]
        for g in reader.rowGroups { s.append(s.last! + g.rowCount) }
        starts = s
    }

    public var count: Int { starts.last! }

    /// Texts of the given table rows, in the same order.
    /// - Throws: `MatchingError` naming the table and the row when it is out of range or null.
    public func texts(rows: [Int]) throws -> [String] {
        var byGroup: [Int: [Int]] = [:]
        for r in rows {
            guard r >= 0, r < count else { throw MatchingError(.inconsistent, path: url.path, "row \(r) out of range (\(count) rows)") }
            var lo = 0, hi = starts.count - 2  // the group g with starts[g] <= r < starts[g + 1]
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= r { lo = mid } else { hi = mid - 1 }
            }
            byGroup[lo, default: []].append(r)
        }
        var found: [Int: String] = [:]
        lock.lock()
        defer { lock.unlock() }
        for (g, rs) in byGroup {
            let column: [String?]
            do { column = try reader.readColumn("embedding_text", rowGroup: g).strings() } catch {
                throw MatchingError(.io, path: url.path, "cannot read embedding_text of row group \(g): \(error)")
            }
            for r in rs {
                guard let t = column[r - starts[g]], !t.isEmpty else {
                    throw MatchingError(.inconsistent, path: url.path, "row \(r) has no embedding_text")
                }
                found[r] = t
            }
        }
        return rows.map { found[$0]! }
    }
}
