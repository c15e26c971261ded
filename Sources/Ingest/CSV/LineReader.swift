import JobMatchCore

/// Reads a file line by line as bytes (LF or CRLF), in chunks, with bounded memory.
///
/// Used for JSON Lines. A line longer than `maxLineBytes` or with invalid UTF-8 is reported to
/// the `RejectLog` and skipped; blank lines are skipped and counted.
public final class LineReader {
    public let path: String
    public let rejects: RejectLog
    /// The 1-based number of the current line.
    public private(set) var line = 0
    public private(set) var blankLines = 0
    private let input: FileInput
    private let maxLineBytes: Int
    private var buf: [UInt8]
    private var pos = 0, end = 0
    private var eof = false
    private var nextLine = 1
    private var current: Range<Int> = 0..<0
    private var bytesBefore = 0

    public init(path: String, rejects: RejectLog, maxLineBytes: Int = 16 << 20) throws {
        self.path = path
        self.rejects = rejects
        self.maxLineBytes = maxLineBytes
        self.input = try FileInput(path: path)
        self.buf = [UInt8](repeating: 0, count: 1 << 20)
    }

    /// Moves to the next non-blank, valid UTF-8 line; false at the end of the file.
    public func next() throws -> Bool {
        while true {
            guard let range = try rawLine() else { return false }
            let lineNumber = nextLine
            nextLine += 1
            var r = range
            if r.count > 0, buf[r.upperBound - 1] == 13 { r = r.lowerBound..<(r.upperBound - 1) }
            if buf[r].allSatisfy({ $0 == 32 || $0 == 9 }) {
                blankLines += 1
                continue
            }
            let bad = buf.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0.baseAddress! + r.lowerBound, count: r.count) }
            if let bad {
                rejects.record(Rejection(source: path, line: lineNumber, reason: "invalid UTF-8 at column \(bad + 1)"), raw: buf[r])
                continue
            }
            line = lineNumber
            current = r
            return true
        }
    }

    /// The current line's bytes.
    public var bytes: ArraySlice<UInt8> { buf[current] }

    /// The current line as a string.
    public var string: String { String(decoding: buf[current], as: UTF8.self) }

    /// Bytes of the file consumed so far.
    public var bytesRead: Int { bytesBefore + pos }

    /// The next line's byte range in `buf` (without the LF), or nil at the end.
    private func rawLine() throws -> Range<Int>? {
        var scanFrom = pos
        while true {
            if let nl = buf[scanFrom..<end].firstIndex(of: 10) {
                let r = pos..<nl
                pos = nl + 1
                return r
            }
            if eof {
                guard pos < end else { return nil }
                let r = pos..<end
                pos = end
                return r
            }
            if end - pos >= maxLineBytes {
                rejects.record(Rejection(source: path, line: nextLine, reason: "line longer than \(maxLineBytes) bytes"))
                // Drop what we have and skip to the next line break.
                bytesBefore += end
                pos = 0; end = 0
                while !eof {
                    try read()
                    if let nl = buf[0..<end].firstIndex(of: 10) { pos = nl + 1; break }
                    bytesBefore += end
                    end = 0
                }
                nextLine += 1
                scanFrom = pos
                continue
            }
            let scanned = end - pos
            try read()
            scanFrom = pos + scanned
        }
    }

    private func read() throws {
        if pos > 0 {
            buf.replaceSubrange(0..<(end - pos), with: buf[pos..<end])
            bytesBefore += pos
            end -= pos
            pos = 0
        }
        if buf.count - end < 1 << 16 { buf.append(contentsOf: repeatElement(0, count: buf.count)) }
        let n = try buf.withUnsafeMutableBytes { try input.read(into: $0.baseAddress! + end, count: $0.count - end) }
        if n == 0 { eof = true }
        end += n
    }
}
