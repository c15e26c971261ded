import ArgumentParser
import Foundation
import Indexing
import JobMatchCore

/// `--engine` and the Spark options of the commands that encode jobs (`index`, `mine-pairs`).
struct SparkOptions: ParsableArguments {
    @Option(help: "Where jobs are encoded: embedded (this process) or spark (spark-submit; see --spark-master).") var engine = "embedded"
    @Option(help: ArgumentHelp("With --engine spark: Spark's master URL (local[2], local-cluster[2,1,1024], spark://host:7077, yarn …).", valueName: "url"))
    var sparkMaster = "local[2]"
    @Option(help: "With --engine spark: encoder threads per task (spark.task.cpus).") var sparkTaskThreads = 1
    @Option(parsing: .singleValue, help: ArgumentHelp("With --engine spark: one more spark-submit option, e.g. --spark-submit-option=--executor-memory=2g (repeatable).", valueName: "option"))
    var sparkSubmitOption: [String] = []

    var isSpark: Bool { engine == "spark" }

    func validate() throws {
        guard engine == "embedded" || engine == "spark" else { throw ValidationError("--engine must be embedded or spark") }
        if !isSpark, sparkMaster != "local[2]" || sparkTaskThreads != 1 || !sparkSubmitOption.isEmpty {
            throw ValidationError("--spark-master, --spark-task-threads and --spark-submit-option go with --engine spark")
        }
        if sparkTaskThreads < 1 { throw ValidationError("--spark-task-threads must be at least 1") }
    }

    /// The part encoder for `--engine spark` (nil for embedded), logging to `reports/LOGNAME`,
    /// after saying where on standard error.
    func encoder(workspace ws: Workspace, logName: String) throws -> SparkPartEncoder? {
        guard isSpark else { return nil }
        try ws.create(ws.reports)
        let log = ws.reports.appendingPathComponent(logName)
        FileHandle.standardError.write(Data("encoding on Spark (\(sparkMaster)); its log: \(log.path)\n".utf8))
        return SparkPartEncoder(
            master: sparkMaster, taskThreads: sparkTaskThreads,
            submitOptions: sparkSubmitOption.flatMap { $0.split(separator: "=", maxSplits: 1).map(String.init) },
            tempFolder: FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-spark-\(UUID().uuidString)"), log: log)
    }
}
