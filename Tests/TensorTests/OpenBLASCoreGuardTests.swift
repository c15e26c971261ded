import Foundation
import Testing
@testable import Tensor

/// The kernels follow what the CPU can do, not the model numbers OpenBLAS knows.
@Suite struct OpenBLASCoreGuardTests {
    static let avx512 = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true, amxBF16: true, amxINT8: true)
    static let avx2 = CPUCapabilities(avx2: true)

    /// Emerald Rapids (family 6 model 207): Debian's OpenBLAS 0.3.21 picks Prescott there.
    @Test func aCPUOpenBLASDoesNotKnowGetsTheKernelsItCanRun() {
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx512, picked: "Prescott", environment: [:]) == "SKYLAKEX")
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx512, picked: "Haswell", environment: [:]) == "SKYLAKEX")
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx2, picked: "Prescott", environment: [:]) == "HASWELL")
    }

    @Test func aGoodChoiceTheUsersChoiceAndARerunAreLeftAlone() {
        for core in ["SkylakeX", "Cooperlake", "SapphireRapids"] {
            #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx512, picked: core, environment: [:]) == nil)
        }
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx2, picked: "Zen", environment: [:]) == nil)
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx512, picked: "Prescott",
                                                  environment: ["OPENBLAS_CORETYPE": "PRESCOTT"]) == nil)
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: Self.avx512, picked: "Prescott",
                                                  environment: [OpenBLASCoreGuard.rerunMarker: "Prescott"]) == nil)
        #expect(OpenBLASCoreGuard.coreTypeToForce(capabilities: CPUCapabilities(), picked: "Prescott", environment: [:]) == nil)
    }

    /// CPUID agrees with the flags the kernel reports in /proc/cpuinfo.
    @Test func capabilitiesAgreeWithProcCpuinfo() throws {
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(try #require(text.split(separator: "\n").first { $0.hasPrefix("flags") }).split(separator: " ").map(String.init))
        let c = CPUCapabilities.current
        #expect(c.avx2 == (flags.contains("avx2") && flags.contains("fma")))
        #expect(c.avx512 == ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains))
        #expect(c.avx512BF16 == flags.contains("avx512_bf16"))
        #expect(c.avx512VNNI == (c.avx512 && flags.contains("avx512_vnni")))
        #expect(c.amxBF16 == (flags.contains("amx_bf16") && flags.contains("amx_tile")))
    }
}
