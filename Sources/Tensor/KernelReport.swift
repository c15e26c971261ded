import CDNNL
import CTensorKernels
import Foundation

/// Which kernels each part of the encoder runs on this machine, and what the matrix products
/// achieve here: `jobmatch doctor`.
public struct KernelReport: Sendable, Codable {
    public struct Product: Sendable, Codable {
        public var precision: String
        /// The implementation that ran (oneDNN's, e.g. `brg:avx512_core_bf16`, or `dnnl_sgemm` with the ISA it runs).
        public var implementation: String
        /// Achieved GFLOP/s of `[rows, k] · [k, n]` on every thread, over about `seconds`.
        public var gflops: Double
    }

    public var cpu: String
    public var instructionSets: [String]
    public var threads: Int
    /// The widest instruction set oneDNN uses here.
    public var oneDNN: String
    /// Our own C kernels (softmax, GELU, LayerNorm, attention): `avx512` or `portable`.
    public var encoderKernels: String
    /// What `--precision auto` resolves to here, and why.
    public var auto: String
    /// bf16 ÷ fp32 product speed measured here on one thread (`BF16Speed`), nil where bf16 is not
    /// native (not measured: emulated bf16 is always slower).
    public var bf16Speedup: Double?
    /// The precision int8 keeps its feed-forward output and attention in here (`Precision.int8Companion`).
    public var int8Companion: String
    /// Inference's products, one per precision available here (`BLAS.gemm`: oneDNN).
    public var products: [Product]
    /// Training's float32 product (`BLAS.sgemm`: oneDNN's `dnnl_sgemm`, on weights that change every step).
    public var training: Product?
    /// The encoder's roof per precision: GFLOP/s of oneDNN's matmul over all-MiniLM-L6-v2's four
    /// linear shapes (query/key/value, attention output, feed-forward in and out) at 2,048 rows,
    /// tiled and threaded as the encoder runs them (`BLAS.gemm`), weighted by the share of a
    /// token's multiply-adds each takes: what a whole `index` run can at most reach in its linear
    /// layers (`bench/encoder/roof.py` sets it beside the run).
    public var encoderRoof: [Product]

    /// The report, with each precision's product timed for about `seconds` (0: not timed).
    public static func make(seconds: Double = 0.6, rows: Int = 256, n: Int = 384, k: Int = 384) throws -> KernelReport {
        var products: [Product] = [], training: Product?, roof: [Product] = []
        if seconds > 0 {
            var rng = SystemRandomNumberGenerator()
            let a = (0..<(rows * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let w = try Tensor(shape: [n, k], data: (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &rng) })
            var c = [Float](repeating: 0, count: rows * n)
            /// GFLOP/s of `product(a, w, c)` repeated for about `seconds`.
            func gflops(_ product: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Double {
                2 * Double(rows * n * k) / 1e9 / secondsPerRun(atLeast: seconds) {
                    a.withUnsafeBufferPointer { pa in
                        w.data.withUnsafeBufferPointer { pw in
                            c.withUnsafeMutableBufferPointer { pc in product(pa.baseAddress!, pw.baseAddress!, pc.baseAddress!) }
                        }
                    }
                }
            }
            for precision in Precision.allCases where precision.isAvailable {
                let weights = try GEMMWeights(w, precision: precision)
                products.append(Product(precision: precision.rawValue, implementation: BLAS.implementation(precision, n: n, k: k),
                                        gflops: gflops { pa, _, pc in BLAS.gemm(m: rows, a: pa, lda: k, b: weights, c: pc, ldc: n) }))
            }
            training = Product(precision: "fp32", implementation: "dnnl_sgemm:\(oneDNNISA)", gflops: gflops { pa, pw, pc in
                BLAS.sgemm(transB: true, m: rows, n: n, k: k, a: pa, lda: k, b: pw, ldb: k, c: pc, ldc: n)
            })
            for precision in Precision.allCases where precision.isAvailable {
                roof.append(Product(precision: precision.rawValue, implementation: BLAS.implementation(precision, n: 384, k: 384),
                                    gflops: try encoderRoof(precision, seconds: seconds)))
            }
        }
        return KernelReport(
            cpu: CPUCapabilities.modelName, instructionSets: CPUCapabilities.current.names, threads: BLAS.threads,
            oneDNN: oneDNNISA, encoderKernels: ctk_avx512_active() != 0 ? "avx512" : "portable",
            auto: "\(Precision.auto().rawValue) (\(Precision.autoReason()))",
            bf16Speedup: CPUCapabilities.current.nativeBF16 ? BF16Speed.measured : nil, int8Companion: Precision.int8Companion().rawValue,
            products: products, training: training, encoderRoof: roof)
    }

    /// all-MiniLM-L6-v2's linear shapes `(n, k)` of one layer (hidden 384, intermediate 1536).
    public static let miniLMShapes = [(1152, 384), (384, 384), (1536, 384), (384, 1536)]

    /// GFLOP/s of `precision`'s matmul over `miniLMShapes` at 2,048 rows (random values in
    /// [-1, 1]), each shape timed for `seconds / 4`: total multiply-adds over total time, so each
    /// shape counts by its share of a token's work.
    static func encoderRoof(_ precision: Precision, seconds: Double, rows: Int = 2_048) throws -> Double {
        var rng = SystemRandomNumberGenerator()
        var flops = 0.0, time = 0.0
        for (n, k) in miniLMShapes {
            let a = (0..<(rows * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let weights = try GEMMWeights(Tensor(shape: [n, k], data: (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &rng) }),
                                          precision: precision)
            var c = [Float](repeating: 0, count: rows * n)
            flops += 2 * Double(rows * n * k)
            time += secondsPerRun(atLeast: seconds / 4) {
                a.withUnsafeBufferPointer { pa in c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(m: rows, a: pa.baseAddress!, lda: k, b: weights, c: pc.baseAddress!, ldc: n)
                } }
            }
        }
        return flops / time / 1e9
    }

    /// Wall seconds per run of `body`, repeated until `seconds` have passed (at least once).
    static func secondsPerRun(atLeast seconds: Double, _ body: () -> Void) -> Double {
        var runs = 0
        let start = Date()
        repeat {
            body()
            runs += 1
        } while Date().timeIntervalSince(start) < seconds
        return Date().timeIntervalSince(start) / Double(runs)
    }

    static var oneDNNISA: String {
        switch dnnl_get_effective_cpu_isa() {
        case dnnl_cpu_isa_avx512_core_amx: "avx512_core_amx"
        case dnnl_cpu_isa_avx512_core_bf16: "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_vnni: "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core: "avx512_core"
        case dnnl_cpu_isa_avx2_vnni: "avx2_vnni"
        case dnnl_cpu_isa_avx2: "avx2"
        case dnnl_cpu_isa_avx: "avx"
        case dnnl_cpu_isa_sse41: "sse41"
        default: "other"
        }
    }

    /// The report as lines of text.
    public var text: String {
        var lines = [
            "cpu: \(cpu)", "instruction sets: \(instructionSets.isEmpty ? "none beyond SSE" : instructionSets.joined(separator: ", "))",
            "threads: \(threads)", "matrix products: oneDNN, up to \(oneDNN) (inference: matmul on weights packed at load; training and search: dnnl_sgemm)",
            "softmax, GELU, LayerNorm, attention: \(encoderKernels)",
            "--precision auto: \(auto)",
        ]
        if let bf16Speedup {
            lines.append(String(format: "bf16 products here: %.2f× float32's ([256 × 384] · [384 × 1536], one thread; bf16 is chosen from %.2f×)",
                                bf16Speedup, BF16Speed.threshold))
        }
        if Precision.int8.isAvailable {
            lines.append("--precision int8: feed-forward output and attention in \(int8Companion)"
                         + (int8Companion == "fp32" ? " (bf16 is not faster here)" : ""))
        }
        for p in products {
            lines.append(String(format: "  %@ [256 × 384] · [384 × 384]: %.1f GFLOP/s (%@)", p.precision, p.gflops, p.implementation))
        }
        if let t = training {
            lines.append(String(format: "  training fp32 [256 × 384] · [384 × 384]: %.1f GFLOP/s (%@)", t.gflops, t.implementation))
        }
        for p in encoderRoof {
            lines.append(String(format: "  encoder roof %@ (all-MiniLM-L6-v2's four linear shapes, 2048 rows): %.1f GFLOP/s", p.precision, p.gflops))
        }
        for p in Precision.allCases where !p.isAvailable {
            let why = p == .int8 && !CPUCapabilities.current.int8DotProducts
                ? "int8 needs AVX512-VNNI or AMX-INT8" : "oneDNN has no \(p.rawValue) matmul for these instruction sets"
            lines.append("  \(p.rawValue): not available here (\(why))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
