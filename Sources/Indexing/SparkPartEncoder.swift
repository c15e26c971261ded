import Foundation
import JobMatchCore
import Transformers

/// The index stage's Spark engine: ships the `jobmatch` binary, the model (as a tar file) and the
/// jobs table to Spark's executors, where each task runs `jobmatch index-part` on one part of the
/// table (`JobIndexer.encodePart`, the embedded engine's own code) and hands the part file back;
/// the driver writes each part durably into the stage's parts folder, which `JobIndexer.run` then
/// merges as if it had encoded them itself. Parts go out in waves of `wave` tasks, so a run killed
/// midway keeps every finished wave and a rerun submits only what is missing.
///
/// Executors need what the binary links (the Swift runtime unless built with
/// `--static-swift-stdlib`, oneDNN, zstd …: the Debian packages `scripts/setup.sh`
/// installs) and a Python for PySpark's workers; nothing else.
public struct SparkPartEncoder: Sendable {
    /// Spark's master URL: `local[2]` (the default), `local-cluster[2,1,1024]` (two executor
    /// processes on this machine), `spark://host:7077`, `yarn` …
    public var master: String
    /// The `jobmatch` binary the executors run (default: this process's executable).
    public var binary: URL
    /// Threads each task's encoder uses (`JOBMATCH_THREADS`; Spark's `spark.task.cpus`).
    public var taskThreads: Int
    /// Parts per Spark job (0: four per default parallelism).
    public var wave: Int
    /// Extra `spark-submit` options (e.g. `--executor-memory 2g`), before the script.
    public var submitOptions: [String]
    /// Where the script and the model's tar file go (removed afterwards).
    public var tempFolder: URL
    /// spark-submit's output (kept: the place to look when a task failed).
    public var log: URL
    public var sparkSubmit: SparkSubmit

    public init(master: String = "local[2]", binary: URL? = nil, taskThreads: Int = 1, wave: Int = 0, submitOptions: [String] = [],
                tempFolder: URL, log: URL, sparkSubmit: SparkSubmit = SparkSubmit()) {
        self.log = log
        self.master = master
        self.binary = binary ?? Self.currentExecutable()
        self.taskThreads = taskThreads
        self.wave = wave
        self.submitOptions = submitOptions
        self.tempFolder = tempFolder
        self.sparkSubmit = sparkSubmit
    }

    static func currentExecutable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// Encodes `parts` of `jobsTable` into `partsFolder` (`part-NNNNNN.parquet`).
    func encode(parts: [Int], jobsTable: URL, modelDirectory: URL, options: JobIndexer.Options, partsFolder: URL,
                progress: () -> Void) throws {
        let fm = FileManager.default
        guard sparkSubmit.isAvailable else {
            throw IndexingError(.spark, path: sparkSubmit.executable, "spark-submit not found (run scripts/setup.sh to install pyspark)")
        }
        guard fm.isExecutableFile(atPath: binary.path) else {
            throw IndexingError(.spark, path: binary.path, "not an executable jobmatch binary to ship to the executors")
        }
        try? fm.removeItem(at: tempFolder)
        try fm.createDirectory(at: tempFolder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tempFolder) }

        // The model folder as one file (addFile ships files); its name keys the executors' copy.
        let fingerprint = try ModelFingerprint.of(modelDirectory: modelDirectory)
        let modelTar = tempFolder.appendingPathComponent("model-\(fingerprint.prefix(16)).tar")
        try Self.tar(modelDirectory, into: modelTar)

        let script = tempFolder.appendingPathComponent("encode_parts.py")
        try Data(SparkEncodeScript.source.utf8).write(to: script)
        var encodeArgs = ["--part-rows", String(options.partRows), "--batch-size", String(options.batchSize),
                          "--precision", options.precision.rawValue]
        if let l = options.maxSeqLength { encodeArgs += ["--max-seq-length", String(l)] }
        let argsJSON = String(decoding: try JSONSerialization.data(withJSONObject: encodeArgs), as: UTF8.self)
        let args = ["--master", master, "--conf", "spark.ui.enabled=false", "--conf", "spark.task.cpus=\(taskThreads)"]
            + submitOptions + [
                script.path, "--binary", binary.path, "--model-tar", modelTar.path, "--jobs", jobsTable.path,
                "--parts-folder", partsFolder.path, "--parts", parts.map(String.init).joined(separator: ","),
                "--encode-args", argsJSON, "--threads", String(taskThreads), "--wave", String(wave),
            ]
        do {
            try sparkSubmit.run(args, log: log, poll: progress)
        } catch let f as SparkSubmit.Failure {
            throw IndexingError(.spark, path: sparkSubmit.executable, f.message)
        }
    }

    /// `tar -cf` of the folder's files (the model's folders hold no links worth following).
    static func tar(_ folder: URL, into file: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tar", "-C", folder.path, "-chf", file.path, "."]
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let why = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw IndexingError(.io, path: folder.path, "cannot pack the model for the executors: \(why.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
