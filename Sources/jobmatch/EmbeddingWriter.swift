import Foundation
import JobMatchCore
import Parquet

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

/// A Parquet table `id: string, embedding: list<float>` (zstd), with the model and dimension in
/// the footer's key-value metadata (`embedding.model`, `embedding.dimension`); readable by
/// pyarrow, DuckDB and Spark. Rows are written in row groups of 8,192, so memory holds one row
/// group, not the table (with the writer's default of 131,072 rows, embedding 50,250 jobs peaked
/// at 466 MiB); the file appears under its name only when `finish` succeeds.
struct ParquetEmbeddingWriter: EmbeddingWriter {
    private let writer: ParquetWriter
    private let dimension: Int
    private var ids: [String] = []
    private var flat: [Float] = []
    private static let rowsPerBatch = 8_192

    init(url: URL, model: String, dimension: Int) throws {
        self.dimension = dimension
        let schema = ParquetSchema([
            .column("id", .string, nullable: false),
            .list("embedding", of: .float, nullable: false, elementNullable: false),
        ])
        writer = try ParquetWriter(url: url, schema: schema, options: ParquetWriterOptions(
            rowGroupSize: Self.rowsPerBatch, metadata: ["embedding.model": model, "embedding.dimension": String(dimension)]))
    }

    mutating func write(id: String, embedding: [Float]) throws {
        guard embedding.count == dimension else {
            throw EmbedError("embedding of \(embedding.count) values for id \(id), expected \(dimension)")
        }
        ids.append(id)
        flat.append(contentsOf: embedding)
        if ids.count >= Self.rowsPerBatch { try flush() }
    }

    private mutating func flush() throws {
        guard !ids.isEmpty else { return }
        try writer.write([.strings(ids), .floatLists(flat: flat, dimension: dimension)])
        ids.removeAll(keepingCapacity: true)
        flat.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws {
        try flush()
        try writer.close()
    }
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
