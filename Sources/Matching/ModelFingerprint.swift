import Foundation

/// A fingerprint of a model folder's weights and config: FNV-1a (64-bit) over `config.json`,
/// the size of `model.safetensors` and its bytes, as 16 hex digits.
///
/// Cheap enough to compute on every run (the 90 MB MiniLM weights take ~0.1 s) and changes with
/// any fine-tune, so an index or encoded table records exactly which weights made it.
public enum ModelFingerprint {
    public static func of(modelDirectory dir: URL) throws -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in ["config.json", "model.safetensors"] {
            let url = dir.appendingPathComponent(name)
            guard let handle = FileHandle(forReadingAtPath: url.path) else {
                throw MatchingError(.io, path: url.path, "model file not found")
            }
            defer { try? handle.close() }
            var size: UInt64 = 0
            while let chunk = try? handle.read(upToCount: 8 << 20), !chunk.isEmpty {
                size += UInt64(chunk.count)
                h = fnv1a(chunk, h)
            }
            h = fnv1a(withUnsafeBytes(of: size.littleEndian) { Data($0) }, h)
        }
        return String(format: "%016llx", h)
    }

    /// FNV-1a over 8-byte words (then the tail bytes): the same order-sensitive mixing, 8× fewer steps.
    static func fnv1a(_ data: Data, _ seed: UInt64) -> UInt64 {
        var h = seed
        data.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01b3
            }
            for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x100_0000_01b3 }
        }
        return h
    }
}
