/// The central directory of a zip file, and its entries' bytes: what a DOCX needs, nothing more
/// (no zip64, no encryption, stored and deflated entries only). Every offset and size is checked
/// against the file before use; a bad one throws `DocumentError(.damaged)`, never traps.
struct ZipArchive {
    struct Entry: Equatable {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    private(set) var entries: [Entry] = []

    /// - Throws: `.damaged` when no end-of-directory record is found (a truncated file) or the
    ///   directory runs past the file; `.tooLarge` over `maxEntries`; `.unsupported` for zip64.
    init(bytes: [UInt8], file: String, maxEntries: Int) throws {
        self.bytes = bytes
        self.file = file
        guard bytes.count >= 22 else { throw damaged("too short to be a zip file (truncated?)") }
        var end: Int?
        var at = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while at >= lowest {
            if u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard let end else { throw damaged("no zip directory at the end of the file (truncated?)") }
        let count = Int(u16(end + 10)), directorySize = Int(u32(end + 12)), directoryOffset = Int(u32(end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF { throw DocumentError(.unsupported, file: file, "a zip64 archive; a CV's DOCX is never that large") }
        guard count <= maxEntries else { throw DocumentError(.tooLarge, file: file, "\(count) zip entries, over the limit of \(maxEntries)") }
        guard directoryOffset + directorySize <= end else { throw damaged("the zip directory runs past its end record") }
        var p = directoryOffset
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x0201_4B50 else { throw damaged("a broken zip directory entry at byte \(p)") }
            let nameLength = Int(u16(p + 28)), extra = Int(u16(p + 30)), comment = Int(u16(p + 32))
            guard p + 46 + nameLength <= end else { throw damaged("a zip entry name runs past the directory") }
            entries.append(Entry(
                name: String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                flags: u16(p + 8), method: u16(p + 10), crc: u32(p + 16),
                compressedSize: Int(u32(p + 20)), size: Int(u32(p + 24)), localHeaderOffset: Int(u32(p + 42))))
            p += 46 + nameLength + extra + comment
        }
    }

    func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The entry's bytes, inflated and checked against its CRC-32.
    /// - Throws: `.tooLarge` when its recorded size is over `maxBytes` (before inflating a byte);
    ///   `.damaged` for a bad header, a short or overlong stream, or a CRC mismatch;
    ///   `.encrypted`; `.unsupported` for methods other than stored and deflate.
    func contents(of entry: Entry, maxBytes: Int) throws -> [UInt8] {
        guard entry.flags & 1 == 0 else { throw DocumentError(.encrypted, file: file, "\(entry.name) is encrypted; send the CV without a password") }
        guard entry.size <= maxBytes else {
            throw DocumentError(.tooLarge, file: file, "\(entry.name) would unpack to \(entry.size >> 20) MiB, over the limit of \(maxBytes >> 20) MiB")
        }
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, u32(h) == 0x0403_4B50 else { throw damaged("\(entry.name): no local header where the directory says") }
        let start = h + 30 + Int(u16(h + 26)) + Int(u16(h + 28))
        guard start + entry.compressedSize <= bytes.count else { throw damaged("\(entry.name) runs past the end of the file (truncated?)") }
        let raw = bytes[start..<(start + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw damaged("\(entry.name): stored sizes disagree") }
            data = Array(raw)
        case 8:
            do { data = try Inflater.inflateRaw(raw, size: entry.size) } catch { throw damaged("\(entry.name): \(error.reason)") }
        default:
            throw DocumentError(.unsupported, file: file, "\(entry.name) uses zip method \(entry.method); only stored and deflate are read")
        }
        guard Inflater.crc32(data) == entry.crc else { throw damaged("\(entry.name) fails its CRC-32 check (damaged)") }
        return data
    }

    private func damaged(_ reason: String) -> DocumentError { DocumentError(.damaged, file: file, reason) }
    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
}
