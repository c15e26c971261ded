import Foundation
import Tensor
import Transformers

/// `sentence_transformers.losses.MultipleNegativesRankingLoss` (and, with `symmetric`,
/// `MultipleNegativesSymmetricRankingLoss`): cosine similarity × `scale`, cross-entropy where
/// anchor `i`'s target is candidate `i` among all candidates of the batch.
///
/// Candidates are the rows of every column after the anchors, concatenated: the positives
/// `[B, D]`, then optional hard negatives (any number of rows, so a batch where only some pairs
/// have a negative still works; with all or none it is exactly sentence-transformers' loss).
public struct MultipleNegativesRankingLoss: Sendable, Equatable {
    public var scale: Float
    /// Also the backward loss (positives → anchors over the positive block), averaged with the forward one.
    public var symmetric: Bool

    public init(scale: Float = 20, symmetric: Bool = false) {
        self.scale = scale
        self.symmetric = symmetric
    }

    /// anchors [B, D], columns [[B, D], [K, D]…] → the mean loss and the gradient of each input.
    ///
    /// - Throws: `TensorError.shapeMismatch` when the positives are not `[B, D]` or widths differ.
    public func lossAndGradient(anchors: Tensor, columns: [Tensor]) throws -> (loss: Double, dAnchors: Tensor, dColumns: [Tensor]) {
        guard let positives = columns.first else { throw TensorError.invalidArgument(op: "MNRLoss", reason: "no positive column") }
        let b = anchors.shape[0], d = anchors.shape[1]
        try positives.expectShape([b, d], op: "MNRLoss positives")
        for col in columns { guard col.rank == 2, col.shape[1] == d else {
            throw TensorError.shapeMismatch(op: "MNRLoss candidates", expected: "[K, \(d)]", actual: describeShape(col.shape)) } }
        var candidates = Tensor(zeros: [columns.reduce(0) { $0 + $1.shape[0] }, d])
        var row = 0
        for col in columns {
            candidates.data.replaceSubrange((row * d)..<((row + col.shape[0]) * d), with: col.data)
            row += col.shape[0]
        }
        let n = candidates.shape[0]
        let (a, ac) = try L2Normalize.forward(anchors)
        let (c, cc) = try L2Normalize.forward(candidates)
        var scores = try BLAS.matmul(a, c, transposeB: true)  // [B, N] cosine
        scores.data.withUnsafeMutableBufferPointer { Kernels.scale($0.baseAddress!, count: $0.count, by: scale) }

        // Forward cross-entropy over rows; dScores = (softmax - onehot) / B.
        var dScores = Tensor(zeros: [b, n])
        var loss = Self.crossEntropy(scores.data, rows: b, cols: n, stride: n, transposed: false, grad: &dScores.data, weight: 1 / Double(b))
        if symmetric {
            // Backward loss: for positive j, softmax over anchors i of scores[i, j] (the [B, B] block, transposed).
            var dSym = [Float](repeating: 0, count: b * n)
            let back = Self.crossEntropy(scores.data, rows: b, cols: b, stride: n, transposed: true, grad: &dSym, weight: 1 / Double(b))
            loss = (loss + back) / 2
            for i in 0..<(b * n) { dScores.data[i] = (dScores.data[i] + dSym[i]) / 2 }
        }
        // scores = scale · a·cᵀ → da = scale · dS·c, dc = scale · dSᵀ·a
        var da = Tensor(zeros: [b, d]), dc = Tensor(zeros: [n, d])
        dScores.data.withUnsafeBufferPointer { pds in
            c.data.withUnsafeBufferPointer { pc in
                a.data.withUnsafeBufferPointer { pa in
                    da.data.withUnsafeMutableBufferPointer { pda in
                        BLAS.sgemm(m: b, n: d, k: n, alpha: scale, a: pds.baseAddress!, lda: n, b: pc.baseAddress!, ldb: d,
                                   c: pda.baseAddress!, ldc: d)
                    }
                    dc.data.withUnsafeMutableBufferPointer { pdc in
                        BLAS.sgemm(transA: true, m: n, n: d, k: b, alpha: scale, a: pds.baseAddress!, lda: n, b: pa.baseAddress!, ldb: d,
                                   c: pdc.baseAddress!, ldc: d)
                    }
                }
            }
        }
        let dAnchors = try L2Normalize.backward(da, cache: ac)
        let dCandidates = try L2Normalize.backward(dc, cache: cc)
        var dColumns: [Tensor] = []
        row = 0
        for col in columns {
            dColumns.append(try Tensor(shape: col.shape, data: Array(dCandidates.data[(row * d)..<((row + col.shape[0]) * d)])))
            row += col.shape[0]
        }
        return (loss, dAnchors, dColumns)
    }

    /// Mean cross-entropy of `rows` softmaxes with target = row index, in float64; adds
    /// `weight · (softmax − onehot)` to `grad`. With `transposed`, row `r` is column `r` of `x`.
    static func crossEntropy(_ x: [Float], rows: Int, cols: Int, stride: Int, transposed: Bool, grad: inout [Float], weight: Double) -> Double {
        var total = 0.0
        for r in 0..<rows {
            func at(_ j: Int) -> Int { transposed ? j * stride + r : r * stride + j }
            var m = -Double.infinity
            for j in 0..<cols { m = max(m, Double(x[at(j)])) }
            var z = 0.0
            for j in 0..<cols { z += exp(Double(x[at(j)]) - m) }
            let logZ = m + log(z)
            total += logZ - Double(x[at(r)])
            for j in 0..<cols {
                let p = exp(Double(x[at(j)]) - logZ)
                grad[at(j)] += Float(weight * (p - (j == r ? 1 : 0)))
            }
        }
        return total / Double(rows)
    }
}
