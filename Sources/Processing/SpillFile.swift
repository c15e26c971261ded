import Foundation

/// A temporary file of length-prefixed records, written through a buffer and read back whole.
///
/// Record layout: a tag byte, a field count byte, then per field a little-endian UInt32 length
/// (`UInt32.max` for nil) and the UTF-8 bytes. Used to hash-partition the three LinkedIn files
/// by job_link so that one partition at a time is joined in memory.
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
        buffer.reserveCapacity(bufferLimit + 4096)
    }

    func write(tag: UInt8, _ fields: [String?]) throws {
        buffer.append(tag)
        buffer.append(UInt8(fields.count))
        for f in fields {
            guard let f else {
                appendLength(UInt32.max)
                continue
            }
            var s = f
            s.withUTF8 { bytes in
                appendLength(UInt32(bytes.count))
                buffer.append(contentsOf: bytes)
            }
        }
        if buffer.count >= bufferLimit { try flush() }
    }

    private func appendLength(_ n: UInt32) {
        withUnsafeBytes(of: n.littleEndian) { buffer.append(contentsOf: $0) }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw ProcessingError(.io, "cannot write spill file: \(error.localizedDescription)", file: path)
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try? handle.close()
    }
}

/// Reads back the records of a `SpillWriter` file.
struct SpillReader {
    private let bytes: [UInt8]
    private var offset = 0
    let path: String

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProcessingError(.io, "cannot read spill file", file: path)
        }
        self.path = path
        bytes = [UInt8](data)
    }

    /// The next record (tag, fields), or nil at the end.
    mutating func next() throws -> (tag: UInt8, fields: [String?])? {
        guard offset < bytes.count else { return nil }
        guard offset + 2 <= bytes.count else { throw corrupt() }
        let tag = bytes[offset], count = Int(bytes[offset + 1])
        offset += 2
        var fields: [String?] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw corrupt() }
            let n = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            if n == UInt32.max {
                fields.append(nil)
                continue
            }
            guard offset + Int(n) <= bytes.count else { throw corrupt() }
            fields.append(String(decoding: bytes[offset..<offset + Int(n)], as: UTF8.self))
            offset += Int(n)
        }
        return (tag, fields)
    }

    private func corrupt() -> ProcessingError {
        ProcessingError(.io, "spill file is truncated at byte \(offset)", file: path)
    }
}
