import Foundation
import Ingest
import JobMatchCore
import Parquet

/// The Spark engine: the same join and filter as the embedded engine (`UnitJoiner`), written as Spark SQL and run by
/// `spark-submit` from the `pyspark` pip package (Java 17).
///
/// From raw files (``run(workspace:source:body:)``): Indeed and Glassdoor postings are mapped by
/// our adapters and handed to Spark as a small Parquet file; the three LinkedIn CSVs are read by
/// Spark itself. From the event log (``run(logInput:body:)``): our consumer has written the `jobs`
/// topic as per-partition Parquet files (`SparkLogInput`); Spark keeps the record per key that
/// `JoinRules` keeps (a later ingest run wins; within a run, postings by `DedupeOrder`, then
/// the later offset; skills and summaries the later offset) and joins within each partition, as
/// the embedded engine's units do; the filters are then applied by `JoinOptions.dropReason` as
/// the rows are read back. Spark writes the joined rows as Parquet, which `ParquetReader` reads
/// back; skills and texts are then added by the same Swift code as for the embedded engine
/// (`JobTableWriter`).
public struct SparkJoin {
    public let options: JoinOptions
    public let tempFolder: URL
    /// The `spark-submit` to run (`SparkSubmit.defaultExecutable()` unless given).
    public var sparkSubmit: String
    /// Shuffle partitions (Spark's `spark.sql.shuffle.partitions`).
    public var shufflePartitions: Int

    public init(options: JoinOptions, tempFolder: URL, sparkSubmit: String? = nil, shufflePartitions: Int = 16) {
        self.options = options
        self.tempFolder = tempFolder
        self.sparkSubmit = sparkSubmit ?? SparkSubmit.defaultExecutable()
        self.shufflePartitions = shufflePartitions
    }

    /// Runs the join; `body` gets every surviving row (in Spark's order).
    public func run(workspace: Workspace, source: RawFilesSource, body: (JobPosting) throws -> Void) throws -> JoinCounts {
        try prepare()
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
        let out = tempFolder.appendingPathComponent("joined")
        let stats = tempFolder.appendingPathComponent("stats.json")
        var args = ["--raw", workspace.raw.path, "--boards", boards.path, "--out", out.path, "--stats", stats.path]
        if let c = options.country { args += ["--country", c] }
        if options.requireSummary { args.append("--require-summary") }
        try submit(SparkJoinScript.source, args)
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
        try readJoined(out, skills: .text) { p in
            counts.rowsOut += 1
            try body(p)
        }
        return counts
    }

    /// Runs the join on the `jobs` records our consumer wrote (`SparkLogInput`, closed); `body`
    /// gets every surviving row, filtered here by `JoinOptions.dropReason` (the embedded engine's).
    func run(logInput: SparkLogInput, body: (JobPosting) throws -> Void) throws -> JoinCounts {
        try prepare()
        defer { try? FileManager.default.removeItem(at: tempFolder) }
        var counts = logInput.counts
        let out = tempFolder.appendingPathComponent("joined")
        let stats = tempFolder.appendingPathComponent("stats.json")
        try submit(SparkJoinScript.logSource, ["--input", logInput.folder.path, "--out", out.path, "--stats", stats.path])
        guard let data = FileManager.default.contents(atPath: stats.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ProcessingError(.spark, "the Spark job wrote no statistics", file: stats.path)
        }
        counts.withoutSkillsRow = json["without_skills_row"] as? Int ?? 0
        counts.withoutSummaryRow = json["without_summary_row"] as? Int ?? 0
        for (k, v) in json["dropped"] as? [String: Int] ?? [:] where v > 0 { counts.dropped[k] = v }
        try readJoined(out, skills: .jsonArray) { p in
            if let reason = options.dropReason(p) {
                counts.dropped[reason, default: 0] += 1
            } else {
                counts.rowsOut += 1
                try body(p)
            }
        }
        return counts
    }

    private func prepare() throws {
        guard SparkSubmit(executable: sparkSubmit).isAvailable else {
            throw ProcessingError(.spark, "spark-submit not found (run scripts/setup.sh to install pyspark)", file: sparkSubmit)
        }
        try? FileManager.default.removeItem(at: tempFolder)
        try? FileManager.default.createDirectory(at: tempFolder, withIntermediateDirectories: true)
    }

    private func submit(_ source: String, _ scriptArgs: [String]) throws {
        let script = tempFolder.appendingPathComponent("join.py")
        try Data(source.utf8).write(to: script)
        let args = [
            "--master", "local[2]", "--driver-memory", "4g",
            "--conf", "spark.sql.shuffle.partitions=\(shufflePartitions)",
            "--conf", "spark.ui.enabled=false", script.path,
        ] + scriptArgs
        try runSparkSubmit(args, log: tempFolder.appendingPathComponent("spark.log"))
    }

    /// The joined rows Spark wrote under `out`, part files in name order.
    private func readJoined(_ out: URL, skills: JoinedRow.SkillsForm, body: (JobPosting) throws -> Void) throws {
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
                    try body(try JoinedRow.posting(fromStrings: cols.map { $0[row] }, file: part, skills: skills))
                }
            }
        }
    }

    private func runSparkSubmit(_ args: [String], log: URL) throws {
        do { try SparkSubmit(executable: sparkSubmit).run(args, log: log) } catch let f as SparkSubmit.Failure {
            throw ProcessingError(.spark, f.message, file: sparkSubmit)
        }
    }
}
