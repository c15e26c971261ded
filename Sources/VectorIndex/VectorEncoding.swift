/// How an index stores each vector.
///
/// FAISS names: `Flat` (float32, `IndexFlatIP`), `SQfp16` and `SQ8` (`IndexScalarQuantizer` with
/// `QT_fp16` / `QT_8bit`, per-dimension min/max ranges).
public enum VectorEncoding: String, Sendable, CaseIterable, Codable {
    case float32
    case float16
    case int8

    /// Bytes per stored component.
    public var bytesPerComponent: Int {
        switch self {
        case .float32: 4
        case .float16: 2
        case .int8: 1
        }
    }

    /// The FAISS factory name of this encoding with an inner-product metric.
    public var faissName: String {
        switch self {
        case .float32: "IDMap,Flat"
        case .float16: "IDMap,SQfp16"
        case .int8: "IDMap,SQ8"
        }
    }
}
