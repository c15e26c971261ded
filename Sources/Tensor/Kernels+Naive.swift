import Foundation

/// Plain-loop twins of the kernels (Double accumulation, libm `exp`/`erf`), for tests.
extension Kernels {
    public enum naive {
        public static func layerNorm(_ x: [Float], rows: Int, cols: Int, gamma: [Float], beta: [Float], eps: Float) -> [Float] {
            var out = x
            for r in 0..<rows {
                let row = (0..<cols).map { Double(x[r * cols + $0]) }
                let mean = row.reduce(0, +) / Double(cols)
                let v = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(cols)
                for c in 0..<cols {
                    out[r * cols + c] = Float((row[c] - mean) / (v + Double(eps)).squareRoot()) * gamma[c] + beta[c]
                }
            }
            return out
        }

        public static func geluErf(_ x: [Float]) -> [Float] {
            x.map { v in Float(0.5 * Double(v) * (1 + Foundation.erf(Double(v) / 2.0.squareRoot()))) }
        }

        /// `dy · (Φ(x) + x · φ(x))` in float64, rounded once.
        public static func geluErfBackward(_ pre: [Float], _ dy: [Float]) -> [Float] {
            zip(pre, dy).map { x, d in
                let v = Double(x)
                return Float(Double(d) * (0.5 * (1 + Foundation.erf(v / 2.0.squareRoot())) + v * Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()))
            }
        }

        public static func softmaxRows(_ x: [Float], rows: Int, cols: Int, valid: Int) -> [Float] {
            var out = [Float](repeating: 0, count: x.count)
            for r in 0..<rows {
                let row = (0..<valid).map { Double(x[r * cols + $0]) }
                let m = row.max()!
                let e = row.map { Foundation.exp($0 - m) }
                let s = e.reduce(0, +)
                for c in 0..<valid { out[r * cols + c] = Float(e[c] / s) }
            }
            return out
        }

        /// Attention of one sequence and head in Double: `softmax(scale · q · kᵀ) · v`, with q, k, v
        /// `[length, headDim]` at row stride `ld`; returns `[length, headDim]` packed.
        public static func attention(q: [Float], k: [Float], v: [Float], ld: Int, length: Int, headDim: Int, scale: Float) -> [Float] {
            var out = [Float](repeating: 0, count: length * headDim)
            for i in 0..<length {
                let s = (0..<length).map { j in Double(scale) * (0..<headDim).reduce(0.0) { $0 + Double(q[i * ld + $1]) * Double(k[j * ld + $1]) } }
                let m = s.max()!
                let e = s.map { Foundation.exp($0 - m) }
                let sum = e.reduce(0, +)
                for c in 0..<headDim {
                    out[i * headDim + c] = Float((0..<length).reduce(0.0) { $0 + e[$1] * Double(v[$1 * ld + c]) } / sum)
                }
            }
            return out
        }

        /// LayerNorm backward in Double: (dx, dgamma, dbeta) for `rows` rows of `cols` values.
        public static func layerNormBackward(
            x: [Float], dy: [Float], rows: Int, cols: Int, gamma: [Float], eps: Float
        ) -> (dx: [Float], dgamma: [Float], dbeta: [Float]) {
            var dx = [Float](repeating: 0, count: x.count)
            var dg = [Double](repeating: 0, count: cols), db = [Double](repeating: 0, count: cols)
            let n = Double(cols)
            for r in 0..<rows {
                let xr = (0..<cols).map { Double(x[r * cols + $0]) }, dyr = (0..<cols).map { Double(dy[r * cols + $0]) }
                let mean = xr.reduce(0, +) / n
                let rstd = 1 / (xr.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n + Double(eps)).squareRoot()
                let xh = xr.map { ($0 - mean) * rstd }
                let g = (0..<cols).map { dyr[$0] * Double(gamma[$0]) }
                let meanG = g.reduce(0, +) / n
                let meanGX = zip(g, xh).map(*).reduce(0, +) / n
                for c in 0..<cols {
                    dx[r * cols + c] = Float(rstd * (g[c] - meanG - xh[c] * meanGX))
                    dg[c] += dyr[c] * xh[c]
                    db[c] += dyr[c]
                }
            }
            return (dx, dg.map { Float($0) }, db.map { Float($0) })
        }
    }
}
