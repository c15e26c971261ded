import CTensorKernels
import Foundation

/// What this processor can do, read from CPUID and XGETBV (`ctk_cpu_features`), never from a
/// table of model numbers: the kernels each part of the encoder can use follow from it.
public struct CPUCapabilities: Sendable, Equatable, Codable {
    public var avx2: Bool
    public var avx512: Bool
    public var avx512VNNI: Bool
    public var avx512BF16: Bool
    public var amxBF16: Bool
    public var amxINT8: Bool

    public init(avx2: Bool = false, avx512: Bool = false, avx512VNNI: Bool = false, avx512BF16: Bool = false,
                amxBF16: Bool = false, amxINT8: Bool = false) {
        self.avx2 = avx2
        self.avx512 = avx512
        self.avx512VNNI = avx512VNNI
        self.avx512BF16 = avx512BF16
        self.amxBF16 = amxBF16
        self.amxINT8 = amxINT8
    }

    /// This machine's.
    public static let current: CPUCapabilities = {
        let f = ctk_cpu_features()
        func has(_ bit: UInt32) -> Bool { f & bit != 0 }
        return CPUCapabilities(avx2: has(CTK_CPU_AVX2_FMA), avx512: has(CTK_CPU_AVX512), avx512VNNI: has(CTK_CPU_AVX512_VNNI),
                               avx512BF16: has(CTK_CPU_AVX512_BF16), amxBF16: has(CTK_CPU_AMX_BF16), amxINT8: has(CTK_CPU_AMX_INT8))
    }()

    /// Whether the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX-BF16). Elsewhere oneDNN
    /// emulates bf16 products with float32 instructions, slower than float32's own.
    public var nativeBF16: Bool { avx512BF16 || amxBF16 }

    /// Whether the CPU has int8 dot products (AVX512-VNNI or AMX-INT8), which `--precision int8`
    /// needs (`Precision.isAvailable` says why).
    public var int8DotProducts: Bool { avx512VNNI || amxINT8 }

    /// The instruction sets present, widest first (`avx512_bf16`, `amx_bf16` …), for reports.
    public var names: [String] {
        [(amxBF16, "amx_bf16"), (amxINT8, "amx_int8"), (avx512BF16, "avx512_bf16"), (avx512VNNI, "avx512_vnni"),
         (avx512, "avx512"), (avx2, "avx2_fma")].filter(\.0).map(\.1)
    }

    /// The CPU's name as the kernel reports it (`/proc/cpuinfo`), for reports only.
    public static var modelName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":") else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
