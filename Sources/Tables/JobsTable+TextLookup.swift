import Foundation
import Parquet

extension JobsTable {
    /// The `embedding_text` of jobs by table row, read on demand: only the row groups that hold
    /// the asked rows are read, and only that column. The reranker needs the texts of ~100
    /// candidates per request, never the whole table in memory. Thread-safe.
    public final class TextLookup: @unchecked Sendable {
        public let url: URL
        /// The size and modification time (ns) of the table, read just before it was opened: what
        /// this lookup reads, even when the file is replaced later (the open handle keeps the old
        /// bytes). A file derived from these texts names it (`LexicalStatisticsFile`).
        public let stamp: String
        private let file: TableFileReader<Column>
        /// First row of each row group, and the total as the last element.
        private let starts: [Int]
        private let lock = NSLock()

        /// - Throws: `TablesError` naming the table when it is unreadable or has no `embedding_text`.
        public init(table url: URL) throws {
            self.url = url
            let a = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
            let modified = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            stamp = "\((a[.size] as? NSNumber)?.intValue ?? -1)@\(Int64((modified * 1e9).rounded()))"
            file = try TableFileReader(url: url, what: JobsTable.what, hint: JobsTable.hint)
            try file.require([.embeddingText])
            var s = [0]
            for g in file.reader.rowGroups { s.append(s.last! + g.rowCount) }
            starts = s
        }

        public var count: Int { starts.last! }

        /// Calls `body` with every row's text in table order, one row group in memory at a time
        /// (an empty text as ""). For statistics over all jobs (`BM25.Statistics`).
        public func forEachText(_ body: (String) -> Void) throws {
            lock.lock()
            defer { lock.unlock() }
            for g in 0..<(starts.count - 1) {
                for t in try file.batch(g, [.embeddingText]).strings(.embeddingText) { body(t ?? "") }
            }
        }

        /// Texts of the given table rows, in the same order.
        /// - Throws: `TablesError` naming the table and the row when it is out of range or empty.
        public func texts(rows: [Int]) throws -> [String] {
            var byGroup: [Int: [Int]] = [:]
            for r in rows {
                guard r >= 0, r < count else { throw TablesError(.unknownID, path: url.path, "row \(r) out of range (\(count) rows)") }
                byGroup[rowGroup(containing: r, starts: starts), default: []].append(r)
            }
            var found: [Int: String] = [:]
            lock.lock()
            defer { lock.unlock() }
            for (g, rs) in byGroup {
                let column = try file.batch(g, [.embeddingText]).strings(.embeddingText)
                for r in rs {
                    guard let t = column[r - starts[g]], !t.isEmpty else {
                        throw TablesError(.schema, path: url.path, "row \(r) has no embedding_text")
                    }
                    found[r] = t
                }
            }
            return rows.map { found[$0]! }
        }
    }
}
