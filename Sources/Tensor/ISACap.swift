import Foundation

/// `JOBMATCH_MAX_ISA`: one switch that caps every kernel family at an instruction set, so the
/// AVX2 and portable paths can be run (and tested) on an AVX-512 machine.
///
/// Every product runs through oneDNN, which picks its kernels from CPUID's feature bits, never from
/// a table of model numbers (Debian's OpenBLAS 0.3.21, used before, fell back to its SSE3 kernels on
/// an Emerald Rapids it did not know); our C kernels and `CPUCapabilities` read the cap themselves
/// (`ctk_isa_cap`).
public enum ISACap {
    /// The caps `JOBMATCH_MAX_ISA` takes, and oneDNN's name for each.
    public static let caps: [(name: String, oneDNN: String)] = [
        ("none", "SSE41"), ("avx2", "AVX2"), ("avx512", "AVX512_CORE"), ("avx512_vnni", "AVX512_CORE_VNNI"),
    ]

    /// The cap `JOBMATCH_MAX_ISA` sets (lower-cased), nil when unset or `native`.
    public static func cap(_ environment: [String: String]) -> String? {
        guard let v = environment["JOBMATCH_MAX_ISA"]?.lowercased(), !v.isEmpty, v != "native" else { return nil }
        return v
    }

    /// Applies `JOBMATCH_MAX_ISA` to oneDNN: `ONEDNN_MAX_CPU_ISA` (read at oneDNN's first use, so
    /// call this first thing in `main`) unless the user set that. An unknown value ends the
    /// program with status 64.
    public static func apply() {
        let env = ProcessInfo.processInfo.environment
        guard let cap = cap(env) else { return }
        guard let oneDNN = caps.first(where: { $0.name == cap })?.oneDNN else {
            FileHandle.standardError.write(Data("error: JOBMATCH_MAX_ISA=\(cap) is not one of native, \(caps.map(\.name).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        if env["ONEDNN_MAX_CPU_ISA"] == nil { setenv("ONEDNN_MAX_CPU_ISA", oneDNN, 1) }
    }
}
