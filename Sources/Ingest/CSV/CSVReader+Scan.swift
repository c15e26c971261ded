#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CSVReader {
    /// Appends `count` bytes at `p` to the current record's scratch buffer.
    @inline(__always)
    func append(_ p: UnsafePointer<UInt8>, _ count: Int) {
        if scratchCount + count > scratchCapacity { growScratch(scratchCount + count) }
        (scratch + scratchCount).update(from: p, count: count)
        scratchCount += count
    }

    @inline(__always)
    func appendByte(_ b: UInt8) {
        if scratchCount + 1 > scratchCapacity { growScratch(scratchCount + 1) }
        scratch[scratchCount] = b
        scratchCount += 1
    }

    func growScratch(_ needed: Int) {
        let newCapacity = max(needed, scratchCapacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = newCapacity
    }

    /// Scans one record at `pos` into the scratch buffer without consuming it.
    ///
    /// Returns `.needMore` when the buffer ends before the record does and the file has more;
    /// the caller refills and scans the record again from its start.
    func scanRecord() -> Scan {
        scratchCount = 0
        fieldEnds.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\""), lf: UInt8 = 10, cr: UInt8 = 13
        let delimiter = options.delimiter
        let base = buf
        var p = pos
        var newlines = 0
        var problem: String?
        if p == end { return eof ? .record(consumed: 0, newlines: 0, problem: nil) : .needMore }
        while true {
            if p == end {
                // The file ends right after a delimiter: one more, empty, field.
                if !eof { return .needMore }
                fieldEnds.append(scratchCount)
                return .record(consumed: p - pos, newlines: newlines, problem: problem)
            }
            if base[p] == quote {
                p += 1
                while true {
                    guard let q = memchr(base + p, Int32(quote), end - p) else {
                        return eof ? .unterminated(field: fieldEnds.count + 1) : .needMore
                    }
                    let qi = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                    newlines += count(lf, in: p, qi, crToo: true)
                    append(base + p, qi - p)
                    p = qi + 1
                    if p == end, !eof { return .needMore }
                    if p < end, base[p] == quote {
                        appendByte(quote)
                        p += 1
                        continue
                    }
                    break
                }
                if p < end, base[p] != delimiter, base[p] != lf, base[p] != cr {
                    if problem == nil {
                        problem = "unexpected character after the closing quote of field \(fieldEnds.count + 1)"
                    }
                    while p < end, base[p] != delimiter, base[p] != lf, base[p] != cr {
                        appendByte(base[p])
                        p += 1
                    }
                    if p == end, !eof { return .needMore }
                }
            } else {
                let start = p
                while p < end {
                    let c = base[p]
                    if c == delimiter || c == lf || c == cr { break }
                    p += 1
                }
                if p == end, !eof { return .needMore }
                append(base + start, p - start)
            }
            fieldEnds.append(scratchCount)
            if p == end { return .record(consumed: p - pos, newlines: newlines, problem: problem) }
            let c = base[p]
            p += 1
            if c == delimiter { continue }
            if c == cr {
                if p == end, !eof { return .needMore }
                if p < end, base[p] == lf { p += 1 }
            }
            newlines += 1
            return .record(consumed: p - pos, newlines: newlines, problem: problem)
        }
    }

    /// Line breaks (LF, CRLF, or lone CR) in `buf[from..<to]`.
    @inline(__always)
    private func count(_ lf: UInt8, in from: Int, _ to: Int, crToo: Bool) -> Int {
        var n = 0
        var i = from
        while i < to {
            let c = buf[i]
            if c == lf { n += 1 } else if c == 13, i + 1 >= to || buf[i + 1] != lf { n += 1 }
            i += 1
        }
        return n
    }
}
