import Foundation
import Tensor
import TestSupport
import Testing

/// `jobmatch doctor`, and the start-up check of OpenBLAS's kernels it reports.
@Suite struct DoctorCommandTests {
    func report(_ environment: [String: String?] = [:]) throws -> [String: Any] {
        let r = try TestProcess.jobmatch(["doctor", "--json", "--seconds", "0.05"], environment: environment)
        try #require(r.status == 0, "\(r.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    }

    @Test func itNamesTheCPUTheKernelsAndWhatTheyAchieve() throws {
        let o = try report(["OPENBLAS_CORETYPE": nil, "JOBMATCH_TEST_OPENBLAS_CORE": nil])
        let caps = CPUCapabilities.current
        #expect(o["instructionSets"] as? [String] == caps.names)
        #expect(o["encoderKernels"] as? String == (caps.avx512 ? "avx512" : "portable"))
        #expect((o["openBLAS"] as? String)?.hasSuffix("(OpenBLAS's own choice)") == true, "\(o)")
        let products = try #require(o["products"] as? [[String: Any]])
        #expect(products.map { $0["precision"] as? String } == ["fp32", "bf16", "int8"])
        #expect(products.allSatisfy { ($0["gflops"] as? Double ?? 0) > 0 })
    }

    /// On Emerald Rapids Debian's OpenBLAS picks Prescott; a debug build can be told it did.
    @Test func kernelsBelowTheCPUsAreReplacedByARestart() throws {
        let caps = CPUCapabilities.current
        guard let want = caps.openBLASCoreType else { return }  // a CPU without AVX2: nothing better to pick
        let o = try report(["OPENBLAS_CORETYPE": nil, "JOBMATCH_TEST_OPENBLAS_CORE": "Prescott"])
        let line = try #require(o["openBLAS"] as? String)
        #expect(line.contains("OPENBLAS_CORETYPE=\(want) set by jobmatch: OpenBLAS had picked Prescott"), "\(line)")
        // The user's own setting is left alone.
        let mine = try report(["OPENBLAS_CORETYPE": "HASWELL", "JOBMATCH_TEST_OPENBLAS_CORE": "Prescott"])
        #expect((mine["openBLAS"] as? String)?.contains("OPENBLAS_CORETYPE=HASWELL set by you") == true, "\(mine)")
    }
}
