import Testing
import Tensor

/// `--precision auto`: bf16 exactly where bfloat16 products are faster than float32's here: AMX-BF16,
/// or AVX512-BF16 measured faster (`BF16Speed`), whatever the model number.
@Suite struct PrecisionAutoTests {
    let iceLake = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true)
    let avx512BF16 = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true)
    let sapphireRapids = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true, amxBF16: true, amxINT8: true)
    let amxOnly = CPUCapabilities(avx2: true, avx512: true, amxBF16: true)
    let haswell = CPUCapabilities(avx2: true)

    @Test func autoFollowsTheCPUsFeaturesAndTheMeasuredSpeed() throws {
        // No native bfloat16: fp32, whatever a measurement said (emulated bf16 is never faster).
        for cpu in [iceLake, haswell, CPUCapabilities()] {
            #expect(Precision.auto(for: cpu, bf16Speedup: 3) == .fp32 && Precision.int8Companion(for: cpu, bf16Speedup: 3) == .fp32)
        }
        // AMX: bf16 without measuring.
        for cpu in [sapphireRapids, amxOnly] {
            #expect(Precision.auto(for: cpu, bf16Speedup: 0) == .bf16 && Precision.int8Companion(for: cpu, bf16Speedup: 0) == .bf16)
        }
        // AVX512-BF16 alone: by the measurement (Zen 4: about 2×; an Emerald Rapids without AMX: 0.6×).
        #expect(Precision.auto(for: avx512BF16, bf16Speedup: 1.9) == .bf16 && Precision.int8Companion(for: avx512BF16, bf16Speedup: 1.9) == .bf16)
        #expect(Precision.auto(for: avx512BF16, bf16Speedup: 0.63) == .fp32 && Precision.int8Companion(for: avx512BF16, bf16Speedup: 0.63) == .fp32)
        #expect(Precision.auto(for: avx512BF16, bf16Speedup: BF16Speed.threshold) == .bf16)
        #expect(Precision.auto(for: avx512BF16, bf16Speedup: BF16Speed.threshold.nextDown) == .fp32)
        #expect(try Precision(parsing: "AUTO", cpu: sapphireRapids) == .bf16 && (try Precision(parsing: "auto", cpu: iceLake)) == .fp32)
        #expect(Precision.autoReason(for: sapphireRapids, bf16Speedup: 0).contains("AMX-BF16"))
        #expect(Precision.autoReason(for: iceLake, bf16Speedup: 2).contains("no native"))
        #expect(Precision.autoReason(for: avx512BF16, bf16Speedup: 0.63).contains("measured 0.63×"))
        #expect(Precision.autoReason(for: avx512BF16, bf16Speedup: 1.9).hasPrefix("auto: this CPU multiplies bfloat16 natively (AVX512-BF16), measured 1.90×"))
        #expect(try Precision(parsing: "int8", cpu: sapphireRapids) == .int8, "an explicit precision is kept")
        #expect(throws: TensorError.self) { try Precision(parsing: "fp16") }
    }

    /// This machine's choice is the same rule on its own features and its own measurement (kept per
    /// machine, so every process decides alike: `DoctorCommandTests`).
    @Test func thisMachineDecidesByItsOwnMeasurement() {
        let cpu = CPUCapabilities.current
        let speedup = BF16Speed.measured
        #expect(Precision.auto() == Precision.auto(for: cpu, bf16Speedup: speedup))
        #expect(Precision.int8Companion() == Precision.auto())
        if Precision.bf16.isAvailable {
            #expect(speedup > 0.05 && speedup < 50, "a ratio of two timings of the same product: \(speedup)")
        } else {
            #expect(speedup == 0)
        }
    }
}
