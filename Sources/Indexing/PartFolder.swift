import Foundation
import JobMatchCore
import Tables

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
            throw IndexingError(.io, path: url.path, "cannot create folder: \(error.localizedDescription)")
        }
        try DurableFile.write(try JSONEncoder().encode(settings), to: settingsURL)
    }

    func partURL(_ i: Int) -> URL { url.appendingPathComponent(String(format: "part-%06d.parquet", i)) }

    func isComplete(_ i: Int) -> Bool { FileManager.default.fileExists(atPath: partURL(i).path) }

    func write(_ i: Int, ids: [String], vectors: [Float], dimension: Int) throws {
        try EncodedJobsTable.writePart(partURL(i), ids: ids, vectors: vectors, dimension: dimension)
    }

    /// Concatenates parts 0..<count into `table` (one row group per part), durably.
    func merge(count: Int, into table: URL, model: String, fingerprint: String, dimension: Int) throws {
        try EncodedJobsTable.merge(parts: (0..<count).map(partURL), into: table, model: model, fingerprint: fingerprint, dimension: dimension)
    }

    func remove() throws { try? FileManager.default.removeItem(at: url) }
}
