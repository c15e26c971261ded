import ArgumentParser
import CommandLineSupport
import Foundation
import Tensor

/// `jobmatch doctor`: which kernels run on this machine and what they achieve.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print the CPU, its instruction sets, the kernels each part uses, and the products' GFLOP/s here.",
        discussion: """
            Kernels follow what CPUID says the processor can do, never a model number: every matrix \
            product runs through oneDNN, which dispatches on CPUID's feature bits; JOBMATCH_MAX_ISA \
            (none, avx2, avx512, avx512_vnni) caps every kernel family to test the older paths. The \
            self-benchmark times one [256 × 384] · [384 × 384] product per precision on every thread.
            """)

    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Seconds each precision's product is timed (0: no timing).") var seconds = 0.6

    func validate() throws {
        guard seconds >= 0, seconds <= 30 else { throw ValidationError("--seconds must be in 0...30") }
    }

    func run() throws {
        let report = try runReportingErrors { try KernelReport.make(seconds: seconds) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text, terminator: "")
        }
    }
}
