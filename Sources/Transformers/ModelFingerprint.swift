import Foundation
import JobMatchCore

/// A fingerprint of a model folder's weights and config: `ContentHash` over `config.json`,
/// `model.safetensors` and their sizes, as 16 hex digits.
///
/// Cheap enough to compute on every run (the 90 MB MiniLM weights take ~0.1 s) and changes with
/// any fine-tune, so an index or encoded table records exactly which weights made it.
public enum ModelFingerprint {
    public static func of(modelDirectory dir: URL) throws -> String {
        var h = ContentHash.seed
        for name in ["config.json", "model.safetensors"] {
            let url = dir.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { throw TransformersError.missingFile(path: url.path) }
            let (hash, size) = try ContentHash.update(h, file: url)
            h = ContentHash.update(hash, withUnsafeBytes(of: size.littleEndian) { Data($0) })
        }
        return String(format: "%016llx", h)
    }
}
