import Foundation

/// Where `jobmatch embed` puts vectors. JSONL now; a Parquet writer conforms to the same protocol
/// when the Parquet target lands.
protocol EmbeddingWriter {
    /// Appends one vector under its id.
    mutating func write(id: String, embedding: [Float]) throws
    /// Flushes and closes; the file is complete only after this returns.
    mutating func finish() throws
}

/// One JSON object per line: `{"id": "...", "embedding": [0.1, ...]}`, floats in shortest
/// round-trip form. Written to a temporary file and renamed at `finish`, so a crash never leaves
/// a half file under the final name.
struct JSONLEmbeddingWriter: EmbeddingWriter {
    let url: URL
    private let temp: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(url: URL) throws {
        self.url = url
        temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
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
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temp, to: url)
    }
}
