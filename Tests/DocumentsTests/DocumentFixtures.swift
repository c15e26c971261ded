import Foundation

/// The committed CV files of Fixtures/ (made by scripts/fixtures/make_document_fixtures.py).
enum DocumentFixtures {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    /// A scratch file holding `bytes`, removed by the caller.
    static func scratch(_ bytes: Data, suffix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("documents-test-\(UUID().uuidString)\(suffix)")
        try bytes.write(to: url)
        return url.path
    }
}

/// A zip with stored (uncompressed) entries, for DOCX cases the fixture script does not cover.
enum StoredZip {
    static func make(_ entries: [(String, [UInt8])]) -> Data {
        var out: [UInt8] = [], directory: [UInt8] = []
        func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ into: inout [UInt8]) { u16(Int(v & 0xFFFF), &into); u16(Int(v >> 16), &into) }
        for (name, data) in entries {
            let offset = out.count, crc = crc32(data), n = Array(name.utf8)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out); u16(n.count, &out); u16(0, &out)
            out += n + data
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(crc, &directory); u32(UInt32(data.count), &directory)
            u32(UInt32(data.count), &directory); u16(n.count, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(UInt32(offset), &directory)
            directory += n
        }
        let directoryOffset = out.count
        out += directory
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(directory.count), &out); u32(UInt32(directoryOffset), &out); u16(0, &out)
        return Data(out)
    }

    /// CRC-32 (IEEE, reflected), bit by bit: a twin of zlib's for the test's own zips.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A minimal document.xml around `body` (WordprocessingML's namespace).
    static func documentXML(_ body: String) -> [UInt8] {
        Array("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>".utf8)
    }
}
