import Foundation
import Ingest
import JobMatchCore
import Parquet

/// The Spark engine: the same join and filter as the embedded engine (`UnitJoiner`), written as Spark SQL and run by
/// `spark-submit` from the `pyspark` pip package (Java 17).
///
/// Indeed and Glassdoor postings are mapped by our adapters and handed to Spark as a small
/// Parquet file; the three LinkedIn CSVs are read by Spark itself. Spark writes the joined rows
/// as Parquet, which `ParquetReader` reads back; skills and texts are then added by the same
/// Swift code as for the embedded engine (`JobTableWriter`).
public struct SparkJoin {
    public let options: JoinOptions
    public let tempFolder: URL
    /// The `spark-submit` to run: `JOBMATCH_SPARK_SUBMIT`, else `spark-submit` beside
    /// `JOBMATCH_PYTHON`, else ~/.cache/jobmatch/venv/bin/spark-submit.
    public var sparkSubmit: String
    /// Shuffle partitions (Spark's `spark.sql.shuffle.partitions`).
    public var shufflePartitions: Int

    public init(options: JoinOptions, tempFolder: URL, sparkSubmit: String? = nil, shufflePartitions: Int = 16) {
        self.options = options
        self.tempFolder = tempFolder
        self.sparkSubmit = sparkSubmit ?? Self.defaultSparkSubmit()
        self.shufflePartitions = shufflePartitions
    }

    public static func defaultSparkSubmit() -> String {
        let env = ProcessInfo.processInfo.environment
        if let s = env["JOBMATCH_SPARK_SUBMIT"], !s.isEmpty { return s }
        if let py = env["JOBMATCH_PYTHON"], !py.isEmpty {
            return URL(fileURLWithPath: py).deletingLastPathComponent().appendingPathComponent("spark-submit").path
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/venv/bin/spark-submit").path
    }

    /// Runs the join; `body` gets every surviving row (in Spark's order).
    public func run(workspace: Workspace, source: RawFilesSource, body: (JobPosting) throws -> Void) throws -> JoinCounts {
        guard FileManager.default.isExecutableFile(atPath: sparkSubmit) else {
            throw ProcessingError(.spark, "spark-submit not found (run scripts/setup.sh to install pyspark)", file: sparkSubmit)
        }
        try? FileManager.default.removeItem(at: tempFolder)
        try? FileManager.default.createDirectory(at: tempFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tempFolder) }
        var counts = JoinCounts()
        let boards = tempFolder.appendingPathComponent("boards.parquet")
        let writer = try ParquetWriter(url: boards, schema: SparkJoinScript.boardSchema)
        var boardRows = 0
        try source.forEachBoardPosting { p, _, _ in
            boardRows += 1
            try writer.append(row: JoinedRow.strings(of: p).map { $0.map { .string($0) } ?? .null })
        }
        try writer.close()
        let script = tempFolder.appendingPathComponent("join.py")
        try Data(SparkJoinScript.source.utf8).write(to: script)
        let out = tempFolder.appendingPathComponent("joined")
        let stats = tempFolder.appendingPathComponent("stats.json")
        var args = [
            "--master", "local[2]", "--driver-memory", "4g",
            "--conf", "spark.sql.shuffle.partitions=\(shufflePartitions)",
            "--conf", "spark.ui.enabled=false", script.path,
            "--raw", workspace.raw.path, "--boards", boards.path, "--out", out.path, "--stats", stats.path,
        ]
        if let c = options.country { args += ["--country", c] }
        if options.requireSummary { args.append("--require-summary") }
        try runSparkSubmit(args, log: tempFolder.appendingPathComponent("spark.log"))
        if let data = FileManager.default.contents(atPath: stats.path),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            counts.postingRows = (json["posting_rows"] as? Int ?? 0) + boardRows
            counts.skillsRows = json["skills_rows"] as? Int ?? 0
            counts.summaryRows = json["summary_rows"] as? Int ?? 0
            counts.withoutSkillsRow = json["without_skills_row"] as? Int ?? 0
            counts.withoutSummaryRow = json["without_summary_row"] as? Int ?? 0
            for (k, v) in json["dropped"] as? [String: Int] ?? [:] where v > 0 { counts.dropped[k] = v }
            for (k, v) in json["rejected"] as? [String: Int] ?? [:] where v > 0 { counts.rejected[k] = v }
        }
        let parts = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [])
            .filter { $0.hasSuffix(".parquet") }.sorted()
        for part in parts {
            let reader = try ParquetReader(url: out.appendingPathComponent(part))
            for g in 0..<reader.rowGroups.count {
                let batch = try reader.readRowGroup(g, columns: JoinedRow.columns)
                let cols = try JoinedRow.columns.map { name -> [String?] in
                    guard let c = batch[name] else { throw ProcessingError(.schema, "Spark output lacks column \(name)", file: part) }
                    return try c.strings()
                }
                for row in 0..<(cols.first?.count ?? 0) {
                    let p = try JoinedRow.posting(fromStrings: cols.map { $0[row] }, file: part)
                    counts.rowsOut += 1
                    try body(p)
                }
            }
        }
        return counts
    }

    private func runSparkSubmit(_ args: [String], log: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: sparkSubmit)
        p.arguments = args
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: log.path) else {
            throw ProcessingError(.io, "cannot create the Spark log", file: log.path)
        }
        p.standardOutput = handle
        p.standardError = handle
        var env = ProcessInfo.processInfo.environment
        env["PYSPARK_PYTHON"] = env["PYSPARK_PYTHON"] ?? URL(fileURLWithPath: sparkSubmit).deletingLastPathComponent().appendingPathComponent("python").path
        p.environment = env
        do { try p.run() } catch {
            throw ProcessingError(.spark, "cannot start spark-submit: \(error.localizedDescription)", file: sparkSubmit)
        }
        p.waitUntilExit()
        try? handle.close()
        guard p.terminationStatus == 0 else {
            let tail = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            let lastError = tail.split(separator: "\n").last(where: { $0.contains("Error") || $0.contains("Exception") }) ?? ""
            throw ProcessingError(.spark, "spark-submit exited with status \(p.terminationStatus): \(lastError)", file: sparkSubmit)
        }
    }
}
