import TestSupport
import Testing
@testable import EventLog

@Suite struct CRC32CTests {
    /// Known vectors: RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
    @Test(arguments: [
        ("123456789", UInt32(0xE306_9283)),
        ("", UInt32(0)),
        ("a", UInt32(0xC1D0_4330)),
    ])
    func knownStrings(text: String, expected: UInt32) {
        #expect(CRC32C.checksum(Array(text.utf8)) == expected)
    }

    @Test func hardwarePathIsUsedOnX86() {
        #if arch(x86_64)
        #expect(CRC32C.usesHardware)
        #endif
    }

    @Test func rfc3720Vectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    /// Slicing-by-8 against the bit-at-a-time twin, over every length up to 100 and split inputs.
    @Test func fastPathMatchesNaive() {
        var generator = SeededGenerator(seed: 7)
        for length in 0..<100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(CRC32C.checksum(bytes) == CRC32C.naiveChecksum(bytes), "length \(length)")
            let software = bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) }
            #expect(software == CRC32C.naiveChecksum(bytes), "software path, length \(length)")
            let cut = length / 3
            let continued = CRC32C.checksum(Array(bytes[cut...]), continuing: CRC32C.checksum(Array(bytes[..<cut])))
            #expect(continued == CRC32C.naiveChecksum(bytes), "split at \(cut) of \(length)")
        }
    }
}

/// The shared seeded generator (TestSupport), under the name these tests use.
typealias SeededGenerator = SplitMix64
