import Foundation
import Testing
@testable import Tensor

/// The kernels follow what CPUID says the processor can do.
@Suite struct CPUCapabilitiesTests {
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

    @Test func theISACapIsReadCaseBlindAndNativeMeansNone() {
        #expect(ISACap.cap(["JOBMATCH_MAX_ISA": "AVX2"]) == "avx2")
        #expect(ISACap.cap(["JOBMATCH_MAX_ISA": "native"]) == nil && ISACap.cap([:]) == nil && ISACap.cap(["JOBMATCH_MAX_ISA": ""]) == nil)
    }
}
