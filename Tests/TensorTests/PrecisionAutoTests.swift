import Testing
import Tensor

/// `--precision auto`: bf16 exactly where the CPU multiplies bfloat16 natively, by its CPUID
/// features, whatever its model number.
@Suite struct PrecisionAutoTests {
    @Test func autoFollowsTheCPUsFeatures() throws {
        let iceLake = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true)
        let zen4 = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true)
        let sapphireRapids = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true, amxBF16: true, amxINT8: true)
        let amxOnly = CPUCapabilities(avx2: true, avx512: true, amxBF16: true)
        let haswell = CPUCapabilities(avx2: true)
        #expect(Precision.auto(for: iceLake) == .fp32 && Precision.auto(for: haswell) == .fp32 && Precision.auto(for: CPUCapabilities()) == .fp32)
        #expect(Precision.auto(for: zen4) == .bf16 && Precision.auto(for: sapphireRapids) == .bf16 && Precision.auto(for: amxOnly) == .bf16)
        #expect(try Precision(parsing: "AUTO", cpu: sapphireRapids) == .bf16 && (try Precision(parsing: "auto", cpu: iceLake)) == .fp32)
        #expect(Precision.autoReason(for: sapphireRapids).contains("AMX-BF16") && Precision.autoReason(for: iceLake).contains("no native"))
        #expect(try Precision(parsing: "int8", cpu: sapphireRapids) == .int8, "an explicit precision is kept")
        #expect(throws: TensorError.self) { try Precision(parsing: "fp16") }
        // This machine's choice is the same rule on its own features.
        #expect(Precision.auto() == ((CPUCapabilities.current.avx512BF16 || CPUCapabilities.current.amxBF16) ? .bf16 : .fp32))
    }
}
