import ArgumentParser
import CommandLineSupport
import Foundation
import Indexing
import Tensor

/// `jobmatch index-part` (hidden): encodes one part of a jobs table, as `jobmatch index` does;
/// what the Spark engine's executors run (`SparkPartEncoder`).
struct IndexPartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-part",
        abstract: "Encode part N of a jobs table into a part file (run by `index --engine spark` on Spark's executors).",
        shouldDisplay: false)

    @Option(help: ArgumentHelp("The jobs table.", valueName: "file")) var jobsTable: String
    @Option(help: ArgumentHelp("Model folder.", valueName: "dir")) var model: String
    @Option(help: "The part: rows part·part-rows ..< (part+1)·part-rows.") var part: Int
    @Option(help: "Jobs per part.") var partRows: Int
    @Option(help: ArgumentHelp("The part file to write.", valueName: "file")) var output: String
    @Option(help: "Texts per forward pass.") var batchSize = 32
    @Option(help: "fp32, bf16 or int8 (no auto: the driver resolved it).") var precision = "fp32"
    @Option(help: "Tokens per job text.") var maxSeqLength: Int?

    func validate() throws {
        guard part >= 0, partRows >= 1, batchSize >= 1 else { throw ValidationError("--part ≥ 0, --part-rows ≥ 1, --batch-size ≥ 1") }
        // auto would resolve on each executor's CPU and could differ from the driver's choice.
        guard precision.lowercased() != "auto" else { throw ValidationError("--precision must be fp32, bf16 or int8 (the driver resolves auto)") }
        do { _ = try Precision(parsing: precision) } catch { throw ValidationError("--precision: \(error)") }
    }

    func run() throws {
        try runReportingErrors {
            var o = JobIndexer.Options()
            o.partRows = partRows
            o.batchSize = batchSize
            o.precision = try Precision(parsing: precision)
            o.maxSeqLength = maxSeqLength
            try JobIndexer.encodePart(part, jobsTable: URL(fileURLWithPath: jobsTable), modelDirectory: URL(fileURLWithPath: model),
                                      options: o, output: URL(fileURLWithPath: output))
        }
    }
}
