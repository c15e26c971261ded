import Tensor

/// `sentence_transformers.models.Normalize` / `F.normalize(x, p=2, dim=-1)`: each row to unit L2 norm.
public enum L2Normalize {
    /// What backward needs: the output and each row's norm (clamped at 1e-12 as PyTorch does).
    public struct Cache: Sendable { public let output: Tensor, norms: [Float] }

    /// x: [B, C] → y: [B, C], `y = x / max(‖x‖, 1e-12)`.
    public static func forward(_ x: Tensor) throws -> (Tensor, Cache) {
        guard x.rank == 2 else {
            throw TensorError.shapeMismatch(op: "L2Normalize.forward", expected: "[B, C]", actual: describeShape(x.shape))
        }
        let (b, c) = (x.shape[0], x.shape[1])
        var y = x
        var norms = [Float](repeating: 0, count: b)
        for r in 0..<b {
            var s: Double = 0
            for j in 0..<c { let v = Double(x.data[r * c + j]); s += v * v }
            let n = Swift.max(Float(s.squareRoot()), 1e-12)
            norms[r] = n
            for j in 0..<c { y.data[r * c + j] = x.data[r * c + j] / n }
        }
        return (y, Cache(output: y, norms: norms))
    }

    /// dy: [B, C] → dx: [B, C], `dx = (dy − y·(y·dy)) / ‖x‖`.
    public static func backward(_ dy: Tensor, cache: Cache) throws -> Tensor {
        let y = cache.output
        try dy.expectShape(y.shape, op: "L2Normalize.backward")
        let (b, c) = (y.shape[0], y.shape[1])
        var dx = dy
        for r in 0..<b {
            var dot: Float = 0
            for j in 0..<c { dot += y.data[r * c + j] * dy.data[r * c + j] }
            let inv = 1 / cache.norms[r]
            for j in 0..<c { dx.data[r * c + j] = (dy.data[r * c + j] - y.data[r * c + j] * dot) * inv }
        }
        return dx
    }
}

/// Matryoshka truncation: the first `dimension` columns of each embedding (as
/// sentence-transformers' `MatryoshkaLoss` shrinks them before its inner loss).
public enum MatryoshkaTruncation {
    /// x: [B, C] → [B, dimension]
    ///
    /// - Throws: `TransformersError.invalidArgument` when `dimension` is not in 1...C.
    public static func forward(_ x: Tensor, dimension: Int) throws -> Tensor {
        guard x.rank == 2 else {
            throw TensorError.shapeMismatch(op: "MatryoshkaTruncation.forward", expected: "[B, C]", actual: describeShape(x.shape))
        }
        let (b, c) = (x.shape[0], x.shape[1])
        guard dimension >= 1 && dimension <= c else {
            throw TransformersError.invalidArgument("Matryoshka dimension \(dimension) not in 1...\(c)")
        }
        var out = Tensor(zeros: [b, dimension])
        for r in 0..<b { out.data.replaceSubrange((r * dimension)..<((r + 1) * dimension), with: x.data[(r * c)..<(r * c + dimension)]) }
        return out
    }

    /// dy: [B, dimension] → dx: [B, width], zero past `dimension`.
    public static func backward(_ dy: Tensor, width: Int) throws -> Tensor {
        guard dy.rank == 2, dy.shape[1] <= width else {
            throw TensorError.shapeMismatch(op: "MatryoshkaTruncation.backward", expected: "[B, ≤\(width)]", actual: describeShape(dy.shape))
        }
        let (b, d) = (dy.shape[0], dy.shape[1])
        var dx = Tensor(zeros: [b, width])
        for r in 0..<b { dx.data.replaceSubrange((r * width)..<(r * width + d), with: dy.data[(r * d)..<((r + 1) * d)]) }
        return dx
    }
}
