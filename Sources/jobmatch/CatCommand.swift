import ArgumentParser
import Foundation
import Parquet

/// `jobmatch cat FILE.parquet [--columns a,b] [--limit N]`: rows as JSON Lines.
///
/// Reads one row group at a time (only the chosen columns), so memory stays bounded by a row
/// group. Lists print as JSON arrays, nulls as `null`, dates as "YYYY-MM-DD", timestamps as
/// ISO 8601 UTC strings.
struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the rows of a Parquet file as JSON Lines.")

    @Argument(help: "The Parquet file.")
    var file: String

    @Option(help: "Comma-separated columns to print, in this order (default: all).")
    var columns: String?

    @Option(help: "Print at most this many rows.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let columns, columnList(columns).isEmpty { throw ValidationError("--columns names no column") }
    }

    func columnList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let reader = try ParquetReader(url: URL(fileURLWithPath: file))
        let wanted = columns.map(columnList)
        var remaining = limit ?? Int.max
        var out = ""
        out.reserveCapacity(1 << 20)
        let stdout = FileHandle.standardOutput
        for group in reader.rowGroups.indices where remaining > 0 {
            let batch = try reader.readRowGroup(group, columns: wanted)
            let names = batch.fields.map { ParquetValue.string($0.name).json + ":" }
            let cells = zip(batch.columns, batch.fields).map { $0.rowValues(as: $1.type) }
            for row in 0..<min(batch.rowCount, remaining) {
                out += "{"
                for c in cells.indices {
                    if c > 0 { out += "," }
                    out += names[c]
                    cells[c][row].appendJSON(to: &out)
                }
                out += "}\n"
                if out.utf8.count > 1 << 20 {
                    stdout.write(Data(out.utf8))
                    out.removeAll(keepingCapacity: true)
                }
            }
            remaining -= min(batch.rowCount, remaining)
        }
        stdout.write(Data(out.utf8))
    }
}
