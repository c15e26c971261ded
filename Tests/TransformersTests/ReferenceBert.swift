import Foundation
import Tensor
@testable import Transformers

/// A float64 reference of the BERT ops, written from the PyTorch definitions in plain loops, for
/// finite-difference gradient checks. Parameters are read by checkpoint key from a dictionary,
/// so the checker can nudge any element of any tensor; dropout uses the same stateless masks.
struct RefParams {
    var values: [String: [Double]]
    subscript(_ key: String) -> [Double] { values[key]! }
}

/// A row-major float64 matrix.
struct M {
    var rows: Int, cols: Int
    var a: [Double]
    init(_ rows: Int, _ cols: Int, _ a: [Double]? = nil) {
        self.rows = rows; self.cols = cols
        self.a = a ?? [Double](repeating: 0, count: rows * cols)
    }
    subscript(r: Int, c: Int) -> Double {
        get { a[r * cols + c] }
        set { a[r * cols + c] = newValue }
    }
}

enum Ref {
    static func linear(_ x: M, _ p: RefParams, _ key: String) -> M {
        let w = p[key + ".weight"], b = p[key + ".bias"]
        let out = b.count
        var y = M(x.rows, out)
        for r in 0..<x.rows {
            for o in 0..<out {
                var s = b[o]
                for i in 0..<x.cols { s += x[r, i] * w[o * x.cols + i] }
                y[r, o] = s
            }
        }
        return y
    }

    static func layerNorm(_ x: M, _ p: RefParams, _ key: String, eps: Double) -> M {
        let g = p[key + ".weight"], b = p[key + ".bias"]
        var y = x
        for r in 0..<x.rows {
            let row = (0..<x.cols).map { x[r, $0] }
            let mean = row.reduce(0, +) / Double(x.cols)
            let v = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.cols)
            for c in 0..<x.cols { y[r, c] = (row[c] - mean) / (v + eps).squareRoot() * g[c] + b[c] }
        }
        return y
    }

    static func gelu(_ x: M) -> M {
        var y = x
        y.a = x.a.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        return y
    }

    /// Inverted dropout with `d`'s mask over the flat elements (stream as the Swift forward uses).
    static func dropout(_ x: [Double], _ d: Dropout?, stream: UInt64) -> [Double] {
        guard let d, d.probability > 0 else { return x }
        let s = 1 / (1 - Double(d.probability))
        return x.indices.map { d.keeps($0, stream: stream) ? x[$0] * s : 0 }
    }

    static func dropout(_ x: M, _ d: Dropout?, stream: UInt64) -> M {
        var y = x
        y.a = dropout(x.a, d, stream: stream)
        return y
    }

    static func add(_ x: M, _ y: M) -> M {
        var z = x
        for i in z.a.indices { z.a[i] += y.a[i] }
        return z
    }

    /// Per sequence and head: softmax(QKᵀ/√d) (dropout) V, only over the sequence's own keys.
    static func selfAttention(_ x: M, _ p: RefParams, _ key: String, heads: Int, batch: TokenBatch, dropout: Dropout?) -> M {
        let q = linear(x, p, key + ".query"), k = linear(x, p, key + ".key"), v = linear(x, p, key + ".value")
        let c = x.cols, d = c / heads
        var ctx = M(x.rows, c)
        for (b, start) in batch.offsets.enumerated() {
            let l = batch.lengths[b]
            var probs = [Double](repeating: 0, count: heads * l * l)
            for h in 0..<heads {
                for i in 0..<l {
                    var s = [Double](repeating: 0, count: l)
                    for j in 0..<l {
                        for e in 0..<d { s[j] += q[start + i, h * d + e] * k[start + j, h * d + e] }
                        s[j] /= Double(d).squareRoot()
                    }
                    let m = s.max()!
                    let ex = s.map { Foundation.exp($0 - m) }
                    let z = ex.reduce(0, +)
                    for j in 0..<l { probs[h * l * l + i * l + j] = ex[j] / z }
                }
            }
            probs = Ref.dropout(probs, dropout, stream: UInt64(b))
            for h in 0..<heads {
                for i in 0..<l {
                    for e in 0..<d {
                        var s = 0.0
                        for j in 0..<l { s += probs[h * l * l + i * l + j] * v[start + j, h * d + e] }
                        ctx[start + i, h * d + e] = s
                    }
                }
            }
        }
        return ctx
    }

    /// BertSelfOutput (stream 1) and BertOutput (stream 2): LayerNorm(dropout(dense(h)) + input).
    static func denseResidual(_ h: M, _ input: M, _ p: RefParams, _ key: String, eps: Double, dropout: Dropout?, stream: UInt64) -> M {
        let y = Ref.dropout(linear(h, p, key + ".dense"), dropout, stream: stream)
        return layerNorm(add(y, input), p, key + ".LayerNorm", eps: eps)
    }

    static func layer(_ x: M, _ p: RefParams, _ key: String, heads: Int, batch: TokenBatch, eps: Double, plan: DropoutPlan?) -> M {
        let ctx = selfAttention(x, p, key + ".attention.self", heads: heads, batch: batch, dropout: plan?.attention)
        let a = denseResidual(ctx, x, p, key + ".attention.output", eps: eps, dropout: plan?.hidden, stream: 1)
        let i = gelu(linear(a, p, key + ".intermediate.dense"))
        return denseResidual(i, a, p, key + ".output", eps: eps, dropout: plan?.hidden, stream: 2)
    }

    static func embeddings(_ batch: TokenBatch, _ p: RefParams, c: Int, eps: Double, plan: DropoutPlan?) -> M {
        let w = p["embeddings.word_embeddings.weight"], pos = p["embeddings.position_embeddings.weight"]
        let t = p["embeddings.token_type_embeddings.weight"]
        var x = M(batch.tokenCount, c)
        for (b, start) in batch.offsets.enumerated() {
            for s in 0..<batch.lengths[b] {
                let i = start + s, id = Int(batch.ids[i]), ty = Int(batch.typeIds[i])
                for j in 0..<c { x[i, j] = w[id * c + j] + pos[s * c + j] + t[ty * c + j] }
            }
        }
        return dropout(layerNorm(x, p, "embeddings.LayerNorm", eps: eps), plan?.hidden, stream: 0)
    }

    static func model(_ batch: TokenBatch, _ p: RefParams, config: BertConfig, plan: DropoutPlan?) -> M {
        let eps = Double(config.layerNormEps)
        var x = embeddings(batch, p, c: config.hiddenSize, eps: eps, plan: plan?.derived(0))
        for i in 0..<config.numHiddenLayers {
            x = layer(x, p, "encoder.layer.\(i)", heads: config.numAttentionHeads, batch: batch, eps: eps,
                      plan: plan?.derived(UInt64(i + 1)))
        }
        return x
    }

    static func pool(_ h: M, batch: TokenBatch, mode: Pooling.Mode) -> M {
        var out = M(batch.count, h.cols)
        for (b, start) in batch.offsets.enumerated() {
            for j in 0..<h.cols {
                switch mode {
                case .cls: out[b, j] = h[start, j]
                case .mean: out[b, j] = (0..<batch.lengths[b]).map { h[start + $0, j] }.reduce(0, +) / Double(batch.lengths[b])
                }
            }
        }
        return out
    }

    static func normalize(_ x: M) -> M {
        var y = x
        for r in 0..<x.rows {
            let n = max((0..<x.cols).map { x[r, $0] * x[r, $0] }.reduce(0, +).squareRoot(), 1e-12)
            for c in 0..<x.cols { y[r, c] = x[r, c] / n }
        }
        return y
    }

    static func truncate(_ x: M, _ d: Int) -> M {
        var y = M(x.rows, d)
        for r in 0..<x.rows { for c in 0..<d { y[r, c] = x[r, c] } }
        return y
    }
}
