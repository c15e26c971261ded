import Foundation
import Tensor

/// Writes a `.safetensors` file (F32), the format `SafeTensors` reads and `safetensors.torch.load_file` loads:
/// an 8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8,
/// then each tensor's bytes in order, contiguous.
///
/// ```swift
/// try SafeTensorsWriter.write(model.parameters(), to: url, metadata: ["format": "pt"])
/// ```
public enum SafeTensorsWriter {
    /// Writes to `url + ".partial"` and renames it into place.
    ///
    /// - Throws: `TransformersError.invalidArgument` for an empty or repeated key,
    ///   `TransformersError.unreadable` naming the file when it cannot be written.
    public static func write(_ tensors: [(key: String, tensor: Tensor)], to url: URL, metadata: [String: String] = [:]) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (key, t) in tensors {
            guard !key.isEmpty, key != "__metadata__", header[key] == nil else {
                throw TransformersError.invalidArgument("safetensors: empty, reserved or repeated key '\(key)'")
            }
            header[key] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, t) in tensors {
            t.data.withUnsafeBufferPointer { p in
                #if _endian(big)
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
                #else
                out.append(UnsafeBufferPointer(start: p.baseAddress, count: p.count))
                #endif
            }
        }
        let partial = url.appendingPathExtension("partial")
        do {
            try out.write(to: partial)
            _ = try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: partial, to: url)
        } catch {
            throw TransformersError.unreadable(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
