import Foundation
import Tensor

/// `sentence_transformers.models.Pooling`: one vector per sequence from the token vectors.
///
/// Mean (over real tokens, as the attention mask says) and CLS are implemented; any other mode
/// in `1_Pooling/config.json` is refused as unsupported rather than replaced.
public struct Pooling: Sendable, Equatable {
    public enum Mode: String, Sendable { case mean, cls }
    public var mode: Mode
    public var dimension: Int

    public init(mode: Mode, dimension: Int) {
        self.mode = mode
        self.dimension = dimension
    }

    /// Reads `1_Pooling/config.json`.
    ///
    /// - Throws: `TransformersError` naming the file and field for a missing dimension, no mode
    ///   or several modes, or a mode other than mean and CLS.
    public init(url: URL) throws {
        let f = try JSONFile(url)
        let dim = try f.int("word_embedding_dimension")
        var modes: [Mode] = []
        if try f.bool("pooling_mode_mean_tokens", default: false) { modes.append(.mean) }
        if try f.bool("pooling_mode_cls_token", default: false) { modes.append(.cls) }
        for other in ["pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens",
                      "pooling_mode_lasttoken"] where try f.bool(other, default: false) {
            throw TransformersError.unsupported(path: f.path, field: other, value: "true")
        }
        if try !f.bool("include_prompt", default: true) {
            throw TransformersError.unsupported(path: f.path, field: "include_prompt", value: "false")
        }
        guard modes.count == 1 else {
            throw TransformersError.invalidField(
                path: f.path, field: "pooling_mode_*", reason: "exactly one of mean and CLS must be true, found \(modes.count)")
        }
        self.init(mode: modes[0], dimension: dim)
    }

    /// hidden: [N, C] packed → [B, C]
    public func forward(_ hidden: Tensor, batch: TokenBatch) throws -> Tensor {
        let c = hidden.shape[1]
        guard c == dimension, hidden.shape[0] == batch.tokenCount else {
            throw TensorError.shapeMismatch(op: "Pooling.forward", expected: "[\(batch.tokenCount), \(dimension)]",
                                            actual: describeShape(hidden.shape))
        }
        var out = Tensor(zeros: [batch.count, c])
        hidden.data.withUnsafeBufferPointer { ph in
            out.data.withUnsafeMutableBufferPointer { po in
                for b in 0..<batch.count {
                    let dst = po.baseAddress! + b * c
                    let start = batch.offsets[b]
                    switch mode {
                    case .cls:
                        dst.update(from: ph.baseAddress! + start * c, count: c)
                    case .mean:
                        for t in 0..<batch.lengths[b] { Kernels.add(dst, ph.baseAddress! + (start + t) * c, count: c) }
                        Kernels.scale(dst, count: c, by: 1 / Float(batch.lengths[b]))
                    }
                }
            }
        }
        return out
    }

    /// dPooled: [B, C] → dHidden: [N, C] packed. Mean spreads `dPooled[b] / L` over the sequence's
    /// tokens; CLS sends it to the first token; other tokens get zero.
    public func backward(_ dPooled: Tensor, batch: TokenBatch) throws -> Tensor {
        try dPooled.expectShape([batch.count, dimension], op: "Pooling.backward")
        let c = dimension
        var dh = Tensor(zeros: [batch.tokenCount, c])
        dPooled.data.withUnsafeBufferPointer { pd in
            dh.data.withUnsafeMutableBufferPointer { ph in
                for b in 0..<batch.count {
                    let src = pd.baseAddress! + b * c
                    let start = batch.offsets[b]
                    switch mode {
                    case .cls:
                        (ph.baseAddress! + start * c).update(from: src, count: c)
                    case .mean:
                        let inv = 1 / Float(batch.lengths[b])
                        for t in 0..<batch.lengths[b] {
                            let dst = ph.baseAddress! + (start + t) * c
                            for j in 0..<c { dst[j] = src[j] * inv }
                        }
                    }
                }
            }
        }
        return dh
    }

    /// Scales each row to unit L2 norm (rows of zeros stay zero), as `Normalize` / `F.normalize`.
    public static func l2Normalize(_ v: inout [Float]) {
        var s: Float = 0
        for x in v { s += x * x }
        let n = Swift.max(s.squareRoot(), 1e-12)
        for i in v.indices { v[i] /= n }
    }
}
