/// Row-wise operations on flat `[n, d]` float vectors: L2 normalisation and Matryoshka truncation.
/// The one implementation mining, evaluation, indexing and query reading share.
public enum UnitVectors {
    /// Scales each row of `flat` ([n, d]) to unit length; zero rows stay zero.
    public static func normalizeRows(_ flat: inout [Float], dimension d: Int) {
        guard d > 0 else { return }
        flat.withUnsafeMutableBufferPointer { v in
            for i in 0..<(v.count / d) {
                var s: Float = 0
                for j in 0..<d { s += v[i * d + j] * v[i * d + j] }
                if s > 0 { let inv = 1 / s.squareRoot(); for j in 0..<d { v[i * d + j] *= inv } }
            }
        }
    }

    /// Matryoshka: keeps the first `to` values of each row of [n, from] and, when `normalize` is
    /// set, renormalises each row to unit length.
    public static func truncate(_ flat: [Float], from: Int, to: Int, normalize: Bool = true) -> [Float] {
        if from == to && !normalize { return flat }
        let n = from == 0 ? 0 : flat.count / from
        var out = [Float](repeating: 0, count: n * to)
        for i in 0..<n { for j in 0..<to { out[i * to + j] = flat[i * from + j] } }
        if normalize { normalizeRows(&out, dimension: to) }
        return out
    }
}
