import Evaluation
import Foundation
import Tables

/// The BM25 statistics of every job's embedding text, kept beside the jobs table
/// (`tables/jobs.bm25.json`) so that a server serving the hybrid order reads them at start instead
/// of streaming and tokenising every text again (at 100k jobs: the difference is measured in
/// docs/benchmarks.md).
///
/// The file names the table it was counted from (`JobsTable.TextLookup.stamp`: size and
/// modification time, as `make` would, read when the lookup opened the table — a table replaced
/// while a server runs is still the old bytes to it); a table rewritten since (`process` replaces
/// it) makes the file stale and it is counted anew.
/// The file is a cache: one that cannot be read or written is counted again or skipped, never an
/// error, since the statistics can always be made from the table.
public enum LexicalStatisticsFile {
    /// The file for a jobs table: `<table without .parquet>.bm25.json`.
    public static func url(forTable table: URL) -> URL {
        table.deletingPathExtension().appendingPathExtension("bm25.json")
    }

    struct Stored: Codable {
        var table: String
        var statistics: BM25.Statistics
    }

    /// The statistics of `texts`' table: read from the file when it was counted from the table as
    /// it is now, else counted in one streamed pass and written (atomically) for next time.
    /// - Returns: the statistics and whether they came from the file.
    public static func statistics(for texts: JobsTable.TextLookup) throws -> (BM25.Statistics, fromFile: Bool) {
        let file = url(forTable: texts.url)
        let stamp = texts.stamp  // of the bytes the lookup reads, taken when it opened them
        if let data = FileManager.default.contents(atPath: file.path),
           let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.table == stamp {
            return (stored.statistics, true)
        }
        var counter = BM25.Statistics.Counter()
        try texts.forEachText { counter.add($0) }
        let statistics = counter.statistics()
        if let data = try? JSONEncoder().encode(Stored(table: stamp, statistics: statistics)) {
            try? data.write(to: file, options: .atomic)
        }
        return (statistics, false)
    }
}
