import Foundation
import JobMatchCore
import Parquet

/// The folder of finished parts of an encoding run (`jobs_encoded.parquet.parts/`): `settings.json`
/// and `part-NNNNNN.parquet` files, each written to a temporary name and renamed into place
/// durably, so a part that exists is complete.
struct PartFolder {
    let url: URL

    /// Opens the folder, discarding it when it was made under other settings.
    init(url: URL, settings: JobIndexer.PartSettings) throws {
        self.url = url
        let settingsURL = url.appendingPathComponent("settings.json")
        let fm = FileManager.default
        if let data = fm.contents(atPath: settingsURL.path),
           (try? JSONDecoder().decode(JobIndexer.PartSettings.self, from: data)) == settings {
            return
        }
        try? fm.removeItem(at: url)
        do { try fm.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw MatchingError(.io, path: url.path, "cannot create folder: \(error.localizedDescription)")
        }
        try DurableFile.write(try JSONEncoder().encode(settings), to: settingsURL)
    }

    func partURL(_ i: Int) -> URL { url.appendingPathComponent(String(format: "part-%06d.parquet", i)) }

    func isComplete(_ i: Int) -> Bool { FileManager.default.fileExists(atPath: partURL(i).path) }

    static func schema() -> ParquetSchema {
        ParquetSchema([
            .column("job_id", .string, nullable: false),
            .list("embedding", of: .float, nullable: false, elementNullable: false),
        ])
    }

    /// zstd, no dictionary (ids are unique and floats do not repeat), row groups as written.
    static func options(_ metadata: [String: String]) -> ParquetWriterOptions {
        var o = ParquetWriterOptions(rowGroupSize: Int.max, metadata: metadata)
        o.dictionary = false
        return o
    }

    func write(_ i: Int, ids: [String], vectors: [Float], dimension: Int, model: String) throws {
        let final = partURL(i), tmp = final.appendingPathExtension("tmp")
        let w = try ParquetWriter(url: tmp, schema: Self.schema(), options: Self.options([:]))
        try w.write([.strings(ids), .floatLists(flat: vectors, dimension: dimension)])
        try w.close()
        try DurableFile.commit(tmp, to: final)
    }

    /// Concatenates parts 0..<count into `table` (one row group per part), durably.
    func merge(count: Int, into table: URL, model: String, fingerprint: String, dimension: Int) throws {
        let tmp = table.appendingPathExtension("tmp")
        let w = try ParquetWriter(url: tmp, schema: Self.schema(), options: Self.options(
            ["embedding.model": model, "embedding.model_fingerprint": fingerprint, "embedding.dimension": String(dimension)]))
        for i in 0..<count {
            let r = try ParquetReader(url: partURL(i))
            for g in r.rowGroups.indices {
                let b = try r.readRowGroup(g)
                try w.write(b.columns)
                try w.flushRowGroup()
            }
        }
        try w.close()
        try DurableFile.commit(tmp, to: table)
    }

    func remove() throws { try? FileManager.default.removeItem(at: url) }
}
