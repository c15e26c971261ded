import Foundation

/// Runs `spark-submit` (from the `pyspark` pip package, Java 17) for the stages that can run on
/// Spark: processing's join (`SparkJoin`) and indexing's encoder (`SparkPartEncoder`).
public struct SparkSubmit: Sendable {
    /// The `spark-submit` to run: `JOBMATCH_SPARK_SUBMIT`, else `spark-submit` beside
    /// `JOBMATCH_PYTHON`, else ~/.cache/jobmatch/venv/bin/spark-submit.
    public var executable: String

    /// Why a run failed, in one line (the caller wraps it in its own error with the file).
    public struct Failure: Error, Sendable {
        public var message: String
    }

    public init(executable: String? = nil) {
        self.executable = executable ?? Self.defaultExecutable()
    }

    public static func defaultExecutable() -> String {
        let env = ProcessInfo.processInfo.environment
        if let s = env["JOBMATCH_SPARK_SUBMIT"], !s.isEmpty { return s }
        if let py = env["JOBMATCH_PYTHON"], !py.isEmpty {
            return URL(fileURLWithPath: py).deletingLastPathComponent().appendingPathComponent("spark-submit").path
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/venv/bin/spark-submit").path
    }

    public var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Runs `spark-submit args`, its output to `log`; Python workers use the `python` beside
    /// `spark-submit` unless `PYSPARK_PYTHON` is set. `poll` is called about once a second while
    /// it runs (progress). Throws `Failure` naming the last error line of the log.
    public func run(_ args: [String], log: URL, poll: () -> Void = {}) throws {
        guard isAvailable else { throw Failure(message: "spark-submit not found (run scripts/setup.sh to install pyspark)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: log.path) else {
            throw Failure(message: "cannot create the Spark log \(log.path)")
        }
        defer { try? handle.close() }
        p.standardOutput = handle
        p.standardError = handle
        var env = ProcessInfo.processInfo.environment
        env["PYSPARK_PYTHON"] = env["PYSPARK_PYTHON"] ?? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("python").path
        p.environment = env
        do { try p.run() } catch {
            throw Failure(message: "cannot start spark-submit: \(error.localizedDescription)")
        }
        while p.isRunning {
            poll()
            Thread.sleep(forTimeInterval: 1)
        }
        p.waitUntilExit()
        poll()
        guard p.terminationStatus == 0 else {
            let tail = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(4000)) } ?? ""
            let lines = tail.split(separator: "\n")
            let lastError = lines.last(where: { $0.contains("jobmatch:") }) ?? lines.last(where: { $0.contains("Error") || $0.contains("Exception") }) ?? ""
            throw Failure(message: "spark-submit exited with status \(p.terminationStatus): \(lastError) (log: \(log.path))")
        }
    }
}
