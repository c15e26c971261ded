import JobMatchCore

/// Options of `CSVReader`.
public struct CSVOptions: Sendable {
    /// The field separator (`,` by default; `\t` for TSV).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// A record longer than this is rejected (a stray quote would otherwise swallow the file).
    public var maxRecordBytes = 16 << 20
    /// Bytes read per `read(2)`.
    public var chunkSize = 1 << 20

    public init() {}
}

/// A streaming RFC 4180 CSV reader over bytes, with a header row.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; records end in LF, CRLF or
/// CR; a UTF-8 BOM is skipped. Bad records are reported to a `RejectLog` with the file, the line
/// where the record starts and the reason, and reading goes on:
/// - a field count other than the header's,
/// - invalid UTF-8,
/// - a character after a closing quote,
/// - a quoted field still open at the end of the file (the rest is read again from the line after
///   the record's first line, so one stray quote loses one record, not the file),
/// - a record over `maxRecordBytes` (resynchronised the same way).
///
/// The reader is a cursor: `next()` moves to the next good record, whose fields are read with
/// `string(_:)` or `withBytes(_:_:)` until the following call. Memory is bounded by the longest
/// record plus one chunk.
///
/// ```swift
/// let reader = try CSVReader(path: "job_skills.csv", rejects: RejectLog(file: nil))
/// let link = try reader.requireColumn("job_link")
/// while try reader.next() { print(reader.line, reader.string(link)) }
/// ```
public final class CSVReader {
    /// The file being read.
    public let path: String
    /// The header's field names.
    public private(set) var header: [String] = []
    /// The 1-based line on which the current record starts.
    public private(set) var line = 0
    /// Good records returned so far.
    public private(set) var rowCount = 0
    /// Empty lines skipped (not records).
    public private(set) var blankLines = 0
    /// Where bad records go.
    public let rejects: RejectLog

    let options: CSVOptions
    private let input: FileInput
    var buf: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var pos = 0, end = 0
    private var bufferOffset = 0  // file offset of buf[0]
    var eof = false
    private var nextLine = 1
    // The current record: unescaped field bytes back to back, and where each field ends.
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var scratchCount = 0
    var fieldEnds: [Int] = []

    /// Opens the file and reads its header.
    /// - Throws: `JobMatchError.io` if the file cannot be read, `.format` if it has no header or
    ///   the header is not valid UTF-8.
    public init(path: String, rejects: RejectLog, options: CSVOptions = CSVOptions()) throws {
        self.path = path
        self.rejects = rejects
        self.options = options
        self.input = try FileInput(path: path)
        self.capacity = max(options.chunkSize, 1 << 12) * 2
        self.buf = .allocate(capacity: capacity)
        self.scratchCapacity = 1 << 16
        self.scratch = .allocate(capacity: scratchCapacity)
        try fill()
        if end - pos >= 3, buf[pos] == 0xEF, buf[pos + 1] == 0xBB, buf[pos + 2] == 0xBF { pos += 3 }
        guard try readRecord(checkCount: false) else {
            throw JobMatchError.format(path: path, reason: "empty file: no header row")
        }
        header = (0..<fieldCount).map { string($0).trimmingCharacters(in: .whitespaces) }
    }

    deinit {
        buf.deallocate()
        scratch.deallocate()
    }

    /// Number of fields in the current record.
    public var fieldCount: Int { fieldEnds.count }

    /// Moves to the next good record; false at the end of the file.
    /// - Throws: `JobMatchError.io` only when the file itself cannot be read.
    public func next() throws -> Bool {
        let found = try readRecord(checkCount: true)
        if found { rowCount += 1 }
        return found
    }

    /// Field `i` of the current record as a string (validated UTF-8).
    public func string(_ i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of field `i` of the current record.
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : fieldEnds[i - 1]
        return try body(UnsafeBufferPointer(start: scratch + start, count: fieldEnds[i] - start))
    }

    /// Field `i` of the current record, trimmed, as a record key; when it is blank the record is
    /// rejected ("empty COLUMN", with file and line) and nil is returned.
    public func key(_ i: Int) -> String? {
        let value = string(i).trimmingCharacters(in: .whitespaces)
        if value.isEmpty { rejects.record(Rejection(source: path, line: line, reason: "empty \(header[i])")) }
        return value.isEmpty ? nil : value
    }

    /// The index of the header column `name`, or nil.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The index of the header column `name`.
    /// - Throws: `JobMatchError.format` naming the file, the column and the header found.
    public func requireColumn(_ name: String) throws -> Int {
        guard let i = column(name) else {
            throw JobMatchError.format(
                path: path, reason: "missing column '\(name)' (header has: \(header.joined(separator: ", ")))")
        }
        return i
    }

    /// Bytes of the file consumed so far (for progress bars).
    public var bytesRead: Int { bufferOffset + pos }

    /// The file's size in bytes.
    public var fileSize: Int { input.size }
}

extension CSVReader {
    enum Scan {
        case record(consumed: Int, newlines: Int, problem: String?)
        case needMore
        case unterminated(field: Int)
    }

    /// Reads records until a good one (or the end), rejecting bad ones on the way.
    private func readRecord(checkCount: Bool) throws -> Bool {
        while true {
            let scan = scanRecord()
            switch scan {
            case .needMore:
                if end - pos >= options.maxRecordBytes {
                    try rejectAndResync(reason: "record longer than \(options.maxRecordBytes) bytes (a stray quote?)")
                } else {
                    try fill()
                }
            case .unterminated(let field):
                try rejectAndResync(reason: "unterminated quoted field \(field) (the file ends inside it)")
            case .record(let consumed, let newlines, let problem):
                let startLine = nextLine
                let raw = UnsafeBufferPointer(start: buf + pos, count: consumed)
                pos += consumed
                nextLine += newlines
                if consumed == 0 { return false }  // end of file
                if fieldEnds.count == 1, scratchCount == 0, raw.allSatisfy({ $0 == 10 || $0 == 13 }) {
                    blankLines += 1
                    continue
                }
                var reason = problem
                if reason == nil, checkCount, fieldEnds.count != header.count {
                    reason = "expected \(header.count) fields, found \(fieldEnds.count)"
                }
                if reason == nil, let bad = UTF8Validation.firstInvalid(scratch, count: scratchCount) {
                    let field = fieldEnds.firstIndex { $0 > bad }.map { $0 + 1 } ?? fieldEnds.count
                    reason = "invalid UTF-8 in field \(field)"
                }
                if let reason {
                    if !checkCount {
                        throw JobMatchError.format(path: path, reason: "line \(startLine): bad header: \(reason)")
                    }
                    rejects.record(Rejection(source: path, line: startLine, reason: reason), raw: raw)
                    continue
                }
                line = startLine
                return true
            }
        }
    }

    /// Rejects the record at `pos` and goes on from the line after its first line.
    private func rejectAndResync(reason: String) throws {
        let recordStart = bufferOffset + pos
        let shown = min(end - pos, 1 << 20)
        rejects.record(
            Rejection(source: path, line: nextLine, reason: reason),
            raw: UnsafeBufferPointer(start: buf + pos, count: shown))
        // Skip to just past the first line break after the record's start.
        try input.seek(to: recordStart)
        bufferOffset = recordStart
        pos = 0
        end = 0
        eof = false
        while true {
            if pos == end {
                if eof { return }
                try fill()
                continue
            }
            let c = buf[pos]
            pos += 1
            if c == 10 { break }
            if c == 13 {
                if pos == end, !eof { try fill() }
                if pos < end, buf[pos] == 10 { pos += 1 }
                break
            }
        }
        nextLine += 1
    }

    /// Moves unread bytes to the front, grows the buffer if the record needs it, reads a chunk.
    private func fill() throws {
        if eof { return }
        if pos > 0 {
            let live = end - pos
            if live > 0 { (buf).update(from: buf + pos, count: live) }
            bufferOffset += pos
            end = live
            pos = 0
        }
        if capacity - end < options.chunkSize {
            let newCapacity = max(capacity * 2, end + options.chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buf, count: end)
            buf.deallocate()
            buf = grown
            capacity = newCapacity
        }
        let n = try input.read(into: buf + end, count: capacity - end)
        if n == 0 { eof = true }
        end += n
    }
}
