import Foundation

/// Makes sure OpenBLAS runs kernels the processor can use, whatever model number it recognises.
///
/// OpenBLAS picks its kernels at load time from a table of CPU models; Debian's 0.3.21 does not
/// know Emerald Rapids (family 6 model 207) and falls back to its Prescott (SSE3) kernels, which
/// made fp32 encoding 3.7× slower there. The guard compares what OpenBLAS picked with what CPUID
/// says the processor can do and, when OpenBLAS fell short and the user set no
/// `OPENBLAS_CORETYPE`, runs the same program again with `OPENBLAS_CORETYPE` set (the variable is
/// read only when the library loads, so the process has to start anew).
public enum OpenBLASCoreGuard {
    /// The environment variable that marks a re-run, so the guard never loops.
    public static let rerunMarker = "JOBMATCH_OPENBLAS_RERUN"

    /// OpenBLAS core families that use AVX-512, and those that use at least AVX2.
    static let avx512Cores: Set<String> = ["SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS"]
    static let avx2Cores: Set<String> = avx512Cores.union(["HASWELL", "ZEN"])

    /// The `OPENBLAS_CORETYPE` to run with, or nil when OpenBLAS's own choice is good, the user
    /// chose, or this is already the re-run.
    public static func coreTypeToForce(capabilities: CPUCapabilities, picked core: String,
                                       environment: [String: String]) -> String? {
        if let set = environment["OPENBLAS_CORETYPE"], !set.isEmpty { return nil }
        if environment[rerunMarker] != nil { return nil }
        if isaCap(environment) != nil {
            // Capped (`JOBMATCH_MAX_ISA`, capabilities already within it): exactly the cap's family.
            let want = capabilities.openBLASCoreType ?? "PRESCOTT"
            return core.uppercased() == want ? nil : want
        }
        guard let want = capabilities.openBLASCoreType else { return nil }
        let good = capabilities.avx512 ? avx512Cores : avx2Cores
        return good.contains(core.uppercased()) ? nil : want
    }

    /// What OpenBLAS picked in this process; a debug build's tests may pretend another family
    /// (`JOBMATCH_TEST_OPENBLAS_CORE`) to exercise the re-run on any machine.
    static var pickedCore: String {
        #if JOBMATCH_TEST_HOOKS
        if let pretend = ProcessInfo.processInfo.environment["JOBMATCH_TEST_OPENBLAS_CORE"], !pretend.isEmpty,
           ProcessInfo.processInfo.environment[rerunMarker] == nil {
            return pretend
        }
        #endif
        return BLAS.coreName
    }

    /// Re-runs this program with `OPENBLAS_CORETYPE` set when OpenBLAS picked kernels below the
    /// CPU's, or other than `JOBMATCH_MAX_ISA`'s cap (replacing the process: same arguments, same
    /// process id); returns otherwise. Call it first thing in `main`.
    /// The instruction-set caps `JOBMATCH_MAX_ISA` takes, and oneDNN's name for each.
    public static let isaCaps: [(name: String, oneDNN: String)] = [
        ("none", "SSE41"), ("avx2", "AVX2"), ("avx512", "AVX512_CORE"), ("avx512_vnni", "AVX512_CORE_VNNI"),
    ]

    /// The cap `JOBMATCH_MAX_ISA` sets (lower-cased), nil when unset or `native`.
    public static func isaCap(_ environment: [String: String]) -> String? {
        guard let v = environment["JOBMATCH_MAX_ISA"]?.lowercased(), !v.isEmpty, v != "native" else { return nil }
        return v
    }

    /// Applies `JOBMATCH_MAX_ISA` to every kernel family: our C kernels and `CPUCapabilities`
    /// read it themselves (`ctk_isa_cap`); oneDNN gets `ONEDNN_MAX_CPU_ISA` (read at its first
    /// use, so set here, first thing) unless the user set that; OpenBLAS is re-run with the cap's
    /// core family by `rerunIfNeeded`. An unknown value ends the program with status 64.
    static func applyISACap() {
        let env = ProcessInfo.processInfo.environment
        guard let cap = isaCap(env) else { return }
        guard let oneDNN = isaCaps.first(where: { $0.name == cap })?.oneDNN else {
            FileHandle.standardError.write(Data("error: JOBMATCH_MAX_ISA=\(cap) is not one of native, \(isaCaps.map(\.name).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        if env["ONEDNN_MAX_CPU_ISA"] == nil { setenv("ONEDNN_MAX_CPU_ISA", oneDNN, 1) }
    }

    public static func rerunIfNeeded() {
        applyISACap()
        let env = ProcessInfo.processInfo.environment
        guard let core = coreTypeToForce(capabilities: .current, picked: pickedCore, environment: env) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(rerunMarker, pickedCore, 1)
        let args = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        // execv returned: carry on with OpenBLAS's own kernels rather than fail.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(rerunMarker)
        FileHandle.standardError.write(Data("warning: OpenBLAS picked its \(pickedCore) kernels on a CPU that runs \(core); restarting with OPENBLAS_CORETYPE=\(core) failed: set it yourself for full speed\n".utf8))
    }

    /// How OpenBLAS's kernels were chosen in this process, for `jobmatch doctor`.
    public static var report: String {
        let env = ProcessInfo.processInfo.environment
        if let was = env[rerunMarker], let set = env["OPENBLAS_CORETYPE"] {
            return "\(BLAS.coreName) (OPENBLAS_CORETYPE=\(set) set by jobmatch: OpenBLAS had picked \(was))"
        }
        if let set = env["OPENBLAS_CORETYPE"], !set.isEmpty { return "\(BLAS.coreName) (OPENBLAS_CORETYPE=\(set) set by you)" }
        return "\(BLAS.coreName) (OpenBLAS's own choice)"
    }
}
