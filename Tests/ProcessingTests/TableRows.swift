import Foundation
import Parquet

/// Reads a whole Parquet table as rows of JSON cells keyed by column, sorted by `key`.
enum TableRows {
    static func read(_ url: URL, key: String) throws -> [[String: String]] {
        let reader = try ParquetReader(url: url)
        let names = reader.schema.fields.map(\.name)
        var rows: [[String: String]] = []
        for g in 0..<reader.rowGroups.count {
            let batch = try reader.readRowGroup(g, columns: names)
            let columns = names.map { name in (name, batch[name]!.rowValues(as: reader.schema.fields.first { $0.name == name }!.type)) }
            for r in 0..<(columns.first?.1.count ?? 0) {
                var row: [String: String] = [:]
                for (name, values) in columns { row[name] = values[r].json }
                rows.append(row)
            }
        }
        return rows.sorted { $0[key]! < $1[key]! }
    }
}
