import CTensorKernels
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How much faster oneDNN's bfloat16 product is than its float32 one on this CPU, measured once per
/// machine: what `--precision auto` and int8's companion decide on where the CPU has AVX512-BF16
/// but no AMX.
///
/// CPUID says whether the CPU has `vdpbf16ps`, not how fast it is. On AMD Zen 4 it does twice
/// float32's multiply-adds per cycle and bf16 encoding ran 2× our fp32 (docs/benchmarks.md); on
/// an Intel Emerald Rapids whose AMX the hypervisor hides it issues at half float32's rate, and
/// bf16 encoding ran at 0.63× our fp32 (7 Dec 2026). No feature bit tells the two apart, and a
/// table of model numbers is what this project refuses, so the product is timed instead: MiniLM's
/// feed-forward shape, one tile on the calling thread, the best of several interleaved runs of
/// each, in the thread's CPU time (a run preempted by other work does not count against it),
/// about 50 ms, and only on CPUs where the answer is not known from CPUID.
///
/// The result is kept per machine (`~/.cache/jobmatch/cpu/`, keyed by the CPU's name, its feature
/// bits and the instruction set oneDNN runs), so every process on the machine decides the same:
/// an index and the queries against it, or a killed run and its resumption, must not differ in
/// precision because one process was measured under load. (Measured in each process, the test
/// suite under load once saw two `index` runs choose differently.) `JOBMATCH_BF16_SPEEDUP=X` pins
/// the value.
public enum BF16Speed {
    /// bf16 must multiply at least this much faster than fp32 to be chosen: its rounding passes
    /// and the bf16 attention are not free, and a measurement near 1 must not flip the choice.
    public static let threshold = 1.25

    /// This CPU's bf16 ÷ fp32 product speed (0 where oneDNN has no bf16 matmul here): pinned by
    /// `JOBMATCH_BF16_SPEEDUP`, else the machine's kept measurement, else measured now and kept.
    public static let measured: Double = {
        let env = ProcessInfo.processInfo.environment
        if let pinned = env["JOBMATCH_BF16_SPEEDUP"].flatMap(Double.init) { return pinned }
        let file = keptFile(env)
        if let data = try? Data(contentsOf: file), let kept = try? JSONDecoder().decode(Kept.self, from: data), kept.machine == machine {
            return kept.speedup
        }
        let speedup = measure()
        if let data = try? JSONEncoder().encode(Kept(machine: machine, speedup: speedup)) {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: file, options: .atomic)
        }
        return speedup
    }()

    /// What a kept measurement is of: the CPU's name, its feature bits (within any ISA cap) and
    /// oneDNN's instruction set.
    static var machine: String { "\(CPUCapabilities.modelName)|\(ctk_cpu_features())|\(KernelReport.oneDNNISA)" }

    struct Kept: Codable {
        var machine: String
        var speedup: Double
    }

    /// `$JOBMATCH_CPU_CACHE` or `~/.cache/jobmatch/cpu`, one file per machine signature.
    static func keptFile(_ env: [String: String]) -> URL {
        let folder = env["JOBMATCH_CPU_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/cpu")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the signature
        for b in machine.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return folder.appendingPathComponent(String(format: "bf16-speed-%016llx.json", hash))
    }

    /// fp32's time ÷ bf16's for `[rows, k] · [k, n]`, the best of `runs` interleaved runs each.
    public static func measure(rows: Int = 256, n: Int = 1536, k: Int = 384, runs: Int = 8) -> Double {
        guard OneDNN.supports(.bf16), OneDNN.supports(.fp32) else { return 0 }
        // Values in [-1, 1] that depend on the index only: the same work in every process.
        let w = (0..<(n * k)).map { Float(($0 &* 7919) % 2001 - 1000) / 1000 }
        let a = (0..<(rows * k)).map { Float(($0 &* 104_729) % 2001 - 1000) / 1000 }
        guard let weight = try? Tensor(shape: [n, k], data: w),
              let fp32 = try? GEMMWeights(weight, precision: .fp32), let bf16 = try? GEMMWeights(weight, precision: .bf16) else { return 0 }
        var c = [Float](repeating: 0, count: rows * n)
        func seconds(_ b: GEMMWeights) -> Double {
            let start = threadCPUSeconds()
            a.withUnsafeBufferPointer { pa in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemmTile(rows: rows, a: pa.baseAddress!, lda: k, b: b, c: pc.baseAddress!, ldc: n)
                }
            }
            return threadCPUSeconds() - start
        }
        var best = (fp32: Double.infinity, bf16: Double.infinity)
        for _ in 0..<runs {
            best.fp32 = min(best.fp32, seconds(fp32))
            best.bf16 = min(best.bf16, seconds(bf16))
        }
        return best.bf16 > 0 ? best.fp32 / best.bf16 : 0
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
