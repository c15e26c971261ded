import Foundation

/// A temporary file of framed records (`UInt32` length, then the bytes), written through a
/// buffer and read back whole by `SpillFrames` (see `JoinUnitStore` for what a frame holds).
final class SpillWriter {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let bufferLimit: Int
    private(set) var bytesWritten = 0

    init(path: String, bufferLimit: Int = 256 * 1024) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let h = FileHandle(forWritingAtPath: path) else {
            throw ProcessingError(.io, "cannot create spill file", file: path)
        }
        self.path = path
        handle = h
        self.bufferLimit = bufferLimit
    }

    /// Appends frames already laid out (length-prefixed), e.g. an in-memory unit being spilled.
    func write(frames: some Collection<UInt8>) throws {
        buffer.append(contentsOf: frames)
        bytesWritten += frames.count
        if buffer.count >= bufferLimit { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw ProcessingError(.io, "cannot write spill file: \(error.localizedDescription)", file: path)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        buffer = []
        try? handle.close()
    }
}

/// Frames: `UInt32` little-endian length, then that many bytes.
enum SpillFrames {
    /// Calls `body` with each frame's range in `bytes`.
    /// - Throws: `ProcessingError.io` naming `file` when a frame runs past the end.
    static func forEach(_ bytes: [UInt8], file: String, _ body: (Range<Int>) throws -> Void) throws {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { throw truncated(file, offset) }
            let n = Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            guard n <= bytes.count - offset - 4 else { throw truncated(file, offset) }
            try body(offset + 4..<offset + 4 + n)
            offset += 4 + n
        }
    }

    static func truncated(_ file: String, _ offset: Int) -> ProcessingError {
        ProcessingError(.io, "spill file is truncated at byte \(offset)", file: file)
    }

    /// Calls `body` with each frame of the file at `path` (its bytes, length prefix included),
    /// reading 1 MiB at a time, so a file of any size is streamed.
    static func stream(_ path: String, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ProcessingError(.io, "cannot read spill file", file: path) }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var start = 0, consumed = 0
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw ProcessingError(.io, "cannot read spill file: \(error.localizedDescription)", file: path)
            }
            guard let chunk, !chunk.isEmpty else { break }
            buffer.removeSubrange(0..<start)
            start = 0
            buffer.append(contentsOf: chunk)
            while buffer.count - start >= 4 {
                let n = Int(UInt32(buffer[start]) | UInt32(buffer[start + 1]) << 8 | UInt32(buffer[start + 2]) << 16 | UInt32(buffer[start + 3]) << 24)
                guard buffer.count - start - 4 >= n else { break }
                try body(buffer[start..<start + 4 + n])
                start += 4 + n
                consumed += 4 + n
            }
        }
        guard start == buffer.count else { throw truncated(path, consumed) }
    }

    /// Reads a whole spill file.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProcessingError(.io, "cannot read spill file", file: path)
        }
        return [UInt8](data)
    }
}
