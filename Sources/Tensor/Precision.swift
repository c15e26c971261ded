/// The number format of the encoder's linear layers (`jobmatch embed --precision`).
///
/// - `fp32`: oneDNN's float32 matmul on weights packed at load, the reference.
/// - `bf16`: weights and activations rounded to bfloat16, products accumulated in float32
///   (oneDNN's bf16 matmul, AVX-512 BF16 where the CPU has it).
/// - `int8`: dynamic quantisation: weights to int8 with one scale per output channel (once, at
///   load), activations to uint8 with a scale and zero point per row (per token, every call),
///   products accumulated in int32 and dequantised to float32 (oneDNN's u8s8s32 matmul, VNNI).
///
/// The linear layers change (with `int8`, a BERT's feed-forward output product stays in
/// ``int8Companion(for:)``, bfloat16 or float32: `BertModel.converted(to:)` says why); for `bf16`
/// inference attention also multiplies in bfloat16 (`Kernels.attention`, on CPUs with AVX-512
/// BF16), and for `int8` in the companion. Softmax, LayerNorm and GELU stay float32.
public enum Precision: String, Sendable, CaseIterable, Codable {
    case fp32, bf16, int8

    /// Parses `fp32`, `bf16`, `int8`, or `auto` (resolved for `cpu` by ``auto(for:)``).
    ///
    /// - Throws: `TensorError.invalidArgument` naming the bad value and the known ones.
    public init(parsing text: String, cpu: CPUCapabilities = .current) throws {
        if text.lowercased() == "auto" {
            self = Self.auto(for: cpu)
            return
        }
        guard let p = Precision(rawValue: text.lowercased()) else {
            throw TensorError.invalidArgument(
                op: "precision", reason: "'\(text)' is not one of auto, \(Precision.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = p
    }

    /// Whether this machine can multiply in `self` (fp32 always; bf16 where oneDNN has a matmul for
    /// it, which needs AVX-512; int8 where the CPU has int8 dot products (AVX512-VNNI or AMX-INT8)
    /// and oneDNN a matmul for it and for its companion).
    public var isAvailable: Bool { OneDNN.supports(self) }

    /// The precision `int8` keeps its most sensitive product in (a BERT's feed-forward output,
    /// whose int8 weight alone carried half the int8 error: docs/int8.md) and multiplies attention
    /// in: bfloat16 where the CPU multiplies it faster than float32 (``fastBF16(_:bf16Speedup:)``),
    /// float32 elsewhere. On a CPU with int8 dot products (VNNI) but no native bfloat16 (Ice Lake,
    /// Cascade Lake), oneDNN's emulated bfloat16 product was slower than float32's, and float32 is
    /// the more exact of the two.
    public static func int8Companion(for cpu: CPUCapabilities = .current, bf16Speedup: @autoclosure () -> Double = BF16Speed.measured)
        -> Precision
    {
        fastBF16(cpu, bf16Speedup: bf16Speedup()) ? .bf16 : .fp32
    }

    /// Whether bfloat16 products pay on `cpu`: AMX-BF16 (its tiles multiply many times float32's
    /// rate), or AVX512-BF16 whose products measured at least `BF16Speed.threshold` × float32's
    /// (`bf16Speedup`, measured only where this is asked: `BF16Speed`). CPUID alone cannot tell:
    /// AMD Zen 4's `vdpbf16ps` runs 2× float32, an Intel Emerald Rapids' without its AMX 0.6×.
    public static func fastBF16(_ cpu: CPUCapabilities, bf16Speedup: @autoclosure () -> Double) -> Bool {
        cpu.amxBF16 || (cpu.avx512BF16 && bf16Speedup() >= BF16Speed.threshold)
    }

    /// The name vectors made in this precision on this CPU are kept under (the encoded-jobs
    /// cache's key): `int8` with a float32 companion is `int8+fp32`, since its vectors differ from
    /// those of `int8` with a bfloat16 one (docs/int8.md), and a workspace moved between CPUs must
    /// not mix the two in one index.
    public var vectorsLabel: String { self == .int8 && Self.int8Companion() == .fp32 ? "int8+fp32" : rawValue }

    /// The error for a precision this machine cannot multiply in.
    static func unavailable(_ p: Precision) -> TensorError {
        let names = CPUCapabilities.current.names
        let sets = "(\(names.isEmpty ? "none beyond SSE" : names.joined(separator: ", ")), within JOBMATCH_MAX_ISA or ONEDNN_MAX_CPU_ISA when set)"
        let why = p == .int8 && !CPUCapabilities.current.int8DotProducts
            ? "int8 needs int8 dot products (AVX512-VNNI or AMX-INT8), and its instruction sets have none \(sets)"
            : "oneDNN has no \(p == .int8 && int8Companion() == .bf16 ? "bf16 or int8" : p.rawValue) matmul for its instruction sets \(sets)"
        return .invalidArgument(op: "precision", reason: "\(p.rawValue) products are not available on this CPU: \(why); use --precision fp32 or auto")
    }

    /// - Throws: ``unavailable(_:)``'s error when this machine cannot multiply in `self`.
    public func checkAvailable() throws { if !isAvailable { throw Self.unavailable(self) } }

    /// What `auto` means on a CPU: bf16 where bfloat16 products are faster than float32's
    /// (``fastBF16(_:bf16Speedup:)``: AMX-BF16, or AVX512-BF16 measured faster here; oneDNN's bf16
    /// products there run 2× fp32's speed or more at a cosine to fp32 of 0.999 or more), fp32
    /// elsewhere (emulated bf16, or native bf16 that issues at half float32's rate, is slower than
    /// fp32). Decided by CPUID features and a measurement, never by a model number.
    public static func auto(for cpu: CPUCapabilities = .current, bf16Speedup: @autoclosure () -> Double = BF16Speed.measured) -> Precision {
        fastBF16(cpu, bf16Speedup: bf16Speedup()) ? .bf16 : .fp32
    }

    /// Why `auto` chose what it chose here, in a few words (for the CLI's output).
    public static func autoReason(for cpu: CPUCapabilities = .current, bf16Speedup: @autoclosure () -> Double = BF16Speed.measured)
        -> String
    {
        if cpu.amxBF16 { return "auto: this CPU multiplies bfloat16 natively (AMX-BF16)" }
        guard cpu.avx512BF16 else { return "auto: no native bfloat16 on this CPU" }
        let speedup = bf16Speedup()
        let measured = String(format: "%.2f", speedup)
        return speedup >= BF16Speed.threshold
            ? "auto: this CPU multiplies bfloat16 natively (AVX512-BF16), measured \(measured)× float32 here"
            : "auto: AVX512-BF16 is native here but its products measured \(measured)× float32's (below \(BF16Speed.threshold)×), so fp32"
    }

    /// The relative error of one rounded operand: the unit roundoff of the format (`2^-24` for
    /// float32, `2^-9` for bfloat16's 8-bit significand, `1/254` for int8's symmetric weights at half a
    /// step of 127 levels); tests bound a product's error by it (see `BLAS.naive.gemm`).
    public var unitRoundoff: Double {
        switch self {
        case .fp32: return 0x1p-24
        case .bf16: return 0x1p-9
        case .int8: return 1.0 / 254
        }
    }
}
