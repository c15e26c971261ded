import Foundation
import JobMatchCore
import Tables

/// Where `jobmatch embed` puts vectors: Parquet (`.parquet`) or JSON Lines (anything else).
protocol EmbeddingWriter {
    /// Appends one vector under its id.
    mutating func write(id: String, embedding: [Float]) throws
    /// Flushes and closes; the file is complete only after this returns.
    mutating func finish() throws
}

/// The writer for `url`'s extension.
func makeEmbeddingWriter(url: URL, model: String, dimension: Int) throws -> any EmbeddingWriter {
    url.pathExtension.lowercased() == "parquet"
        ? try ParquetEmbeddingWriter(url: url, model: model, dimension: dimension)
        : try JSONLEmbeddingWriter(url: url)
}

/// A Parquet table `id: string, embedding: list<float>` (`VectorTableWriter`: zstd, row groups of
/// 8,192, model and dimension in the footer).
struct ParquetEmbeddingWriter: EmbeddingWriter {
    private let table: VectorTableWriter

    init(url: URL, model: String, dimension: Int) throws {
        table = try VectorTableWriter(url: url, model: model, dimension: dimension)
    }

    mutating func write(id: String, embedding: [Float]) throws { try table.write(id: id, embedding: embedding) }

    mutating func finish() throws { try table.finish() }
}

/// One JSON object per line: `{"id": "...", "embedding": [0.1, ...]}`, floats in shortest
/// round-trip form. Written to `NAME.partial` and moved into place at `finish` with
/// ``DurableFile/commit(_:to:)`` (fsync, rename over the old file, fsync of the folder), so a
/// crash leaves the old file or the whole new one, never none and never half of one.
struct JSONLEmbeddingWriter: EmbeddingWriter {
    let url: URL
    private let temp: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(url: URL) throws {
        self.url = url
        temp = DurableFile.temporary(for: url)
        guard FileManager.default.createFile(atPath: temp.path, contents: nil),
              let h = FileHandle(forWritingAtPath: temp.path) else {
            throw EmbedError("\(url.path): cannot create file")
        }
        handle = h
    }

    mutating func write(id: String, embedding: [Float]) throws {
        let idJSON = String(decoding: try JSONSerialization.data(withJSONObject: [id], options: [.fragmentsAllowed]), as: UTF8.self)
        var line = "{\"id\":" + idJSON.dropFirst().dropLast() + ",\"embedding\":["
        line += embedding.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",")
        line += "]}\n"
        buffer.append(contentsOf: line.utf8)
        if buffer.count > 1 << 20 { try flush() }
    }

    private mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws {
        try flush()
        try handle.close()
        try DurableFile.commit(temp, to: url)
    }
}
