import Foundation
import JobMatchCore

/// Writes RFC 4180 CSV to a file through a buffer, in bounded memory.
///
/// `quoting: .all` quotes every field (as LinkedIn's postings file does); `.minimal` quotes only
/// fields holding the delimiter, a quote or a line break (as its skills file does). Quotes inside
/// fields are doubled. Records end in `lineEnding` (LF by default, CRLF for Windows exports).
public final class CSVWriter {
    public enum Quoting: Sendable { case all, minimal }

    public let path: String
    private let quoting: Quoting
    private let lineEnding: [UInt8]
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Creates (or truncates) the file and writes the header (none when `header` is empty: the
    /// writer then serves JSON Lines through `writeRaw`).
    /// - Throws: `JobMatchError.io` naming the file.
    public init(path: String, header: [String], quoting: Quoting = .minimal, lineEnding: String = "\n") throws {
        self.path = path
        self.quoting = quoting
        self.lineEnding = Array(lineEnding.utf8)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw JobMatchError.io(path: path, reason: "cannot create file") }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
        if !header.isEmpty { try write(header) }
    }

    /// Appends one record.
    public func write(_ fields: [String]) throws {
        // A record of one empty field is written as "" so that it is not read as a blank line.
        if fields.count == 1, fields[0].isEmpty {
            buffer.append(contentsOf: [34, 34])
        } else {
            for (i, field) in fields.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                appendField(field)
            }
        }
        buffer.append(contentsOf: lineEnding)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends raw bytes as they are (for tests that need malformed input).
    public func writeRaw(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }

    private func appendField(_ field: String) {
        let utf8 = field.utf8
        let needsQuotes = quoting == .all || utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(34)
        for b in utf8 {
            if b == 34 { buffer.append(34) }
            buffer.append(b)
        }
        buffer.append(34)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw JobMatchError.io(path: path, reason: "write failed: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
