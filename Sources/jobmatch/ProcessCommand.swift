import ArgumentParser
import CommandLineSupport
import EventLog
import Enrichment
import Foundation
import JobMatchCore
import Processing

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Join, filter and enrich postings and CVs into WORKSPACE/tables/jobs.parquet and cvs.parquet.",
        discussion: """
            LinkedIn postings ⋈ job_skills ⋈ job_summary on job_link (left joins), plus Indeed and \
            Glassdoor postings; drops rows without a title and duplicate job_links (the latest \
            last_processed_time wins); normalises text; finds canonical skills; renders the \
            embedding texts. The embedded engine joins in bounded memory (units of --unit-mib of \
            input, spilled by key hash when larger) on --workers threads; --engine spark runs the \
            same join as Spark SQL through spark-submit. --source log reads what `jobmatch ingest` \
            published to the event log (embedded, or --log kafka) from the beginning, with either \
            engine (Spark reads files our consumer writes), keeps the last record of each key, refuses a log whose latest ingest run is incomplete, and \
            commits consumer group `processing` once the tables are durable.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Join engine: embedded or spark.") var engine = "embedded"
    @Option(help: "Keep only postings from this country (case-insensitive).") var country: String?
    @Option(help: "Keep only postings in this language: en, fr, es or de.") var language: String?
    @Flag(help: "Drop postings without a summary.") var requireSummary = false
    @Option(help: "Skill matching: precise or spacy.") var skillMode = "precise"
    @Option(help: ArgumentHelp("Mustache template for job texts.", valueName: "file")) var jobTemplate: String?
    @Option(help: ArgumentHelp("Mustache template for CV texts.", valueName: "file")) var cvTemplate: String?
    @Option(help: "Partitions of the embedded engine (default: from the input size).") var partitions: Int?
    @Option(help: "Read from: raw (WORKSPACE/raw files) or log (what `jobmatch ingest` published).") var source = "raw"
    @Option(help: "Threads joining and finishing units (default: JOBMATCH_THREADS, else the cores). The tables do not depend on it.")
    var workers: Int?
    @Option(help: "Input MiB per join unit of the embedded engine (the memory bound's unit).") var unitMib = 32
    @Flag(help: "With --source log: process even when the latest ingest run has no completion record.")
    var allowIncompleteRun = false
    @OptionGroup var logOptions: LogOptions

    func validate() throws {
        guard ProcessingEngine(rawValue: engine) != nil else { throw ValidationError("--engine must be embedded or spark") }
        guard SkillMatchMode(rawValue: skillMode) != nil else { throw ValidationError("--skill-mode must be precise or spacy") }
        if let language, !["en", "fr", "es", "de"].contains(language.lowercased()) {
            throw ValidationError("--language must be en, fr, es or de")
        }
        if let partitions, partitions < 1 || partitions > 4096 { throw ValidationError("--partitions must be 1…4096") }
        guard ["raw", "log"].contains(source) else { throw ValidationError("--source must be raw or log") }
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers must be 1…256") }
        guard (1...4096).contains(unitMib) else { throw ValidationError("--unit-mib must be 1…4096") }
        if allowIncompleteRun, source != "log" { throw ValidationError("--allow-incomplete-run applies to --source log only") }
        // Options that would be parsed and then ignored are refused instead.
        if source == "raw", logOptions.given {
            throw ValidationError("--log, --bootstrap and --kafka-property choose the log that --source log reads; they do nothing with --source raw")
        }
        if partitions != nil, engine == "spark" {
            throw ValidationError("--partitions sets the embedded engine's spill files per group; the Spark engine does not use it")
        }
    }

    func run() throws {
        var o = ProcessingOptions()
        o.engine = ProcessingEngine(rawValue: engine)!
        o.join = JoinOptions(country: country, requireSummary: requireSummary)
        o.language = language?.lowercased()
        o.skillMode = SkillMatchMode(rawValue: skillMode)!
        o.jobTemplateFile = jobTemplate
        o.cvTemplateFile = cvTemplate
        o.partitions = partitions
        o.workers = workers
        o.unitBytes = unitMib << 20
        o.allowIncompleteRun = allowIncompleteRun
        let workspace = Workspace(options.workspace)
        // The read pass reports records read, then units joined and finished.
        let reading = ProgressBar(total: 0, unit: "records read")
        var joining: ProgressBar?
        let report = try runReportingErrors {
            let log = source == "log" ? try logOptions.makeLog(workspace) : nil
            return try ProcessingPipeline(options: o).run(workspace: workspace, log: log) { done, total in
                guard total > 0 else { return reading.update(done) }
                if joining == nil {
                    reading.finish()
                    joining = ProgressBar(total: total, unit: "units")
                }
                joining?.update(done)
            }
        }
        joining?.finish()
        print(Self.summary(report, tables: workspace.tables.path))
    }

    static func summary(_ r: ProcessingReport, tables: String) -> String {
        var lines = ["processed with the \(r.engine) engine (\(r.workers) worker\(r.workers == 1 ? "" : "s")) in \(String(format: "%.1f", r.seconds)) s → \(tables)"]
        if let log = r.log { lines += logLines(log) }
        lines.append("  rows in:  \(r.join.postingRows) postings, \(r.join.skillsRows) skills rows, \(r.join.summaryRows) summary rows, \(r.cvsIn) CVs")
        lines.append("  rows out: \(r.jobsOut) jobs (jobs.parquet), \(r.cvsOut) CVs (cvs.parquet)")
        if r.join.withoutSkillsRow + r.join.withoutSummaryRow > 0 {
            lines.append("  kept without a skills row: \(r.join.withoutSkillsRow), without a summary row: \(r.join.withoutSummaryRow)")
        }
        for (reason, n) in r.dropped.sorted(by: { $0.value > $1.value }) { lines.append("  dropped: \(reason): \(n)") }
        for (reason, n) in r.rejects.sorted(by: { $0.value > $1.value }) { lines.append("  rejected: \(reason): \(n)") }
        let mean = Double(r.skillsTotal) / Double(max(1, r.jobsOut))
        lines.append("  skills per posting (mean \(String(format: "%.1f", mean)); \(r.skillMatches) matches in summaries):")
        let peak = max(1, r.skillsHistogram.max() ?? 1)
        for (n, count) in r.skillsHistogram.enumerated() where count > 0 {
            let w = ProcessingReport.histogramWidth
            let label = n == r.skillsHistogram.count - 1 ? "\(n * w)+" : "\(n * w)–\(n * w + w - 1)"
            let bar = String(repeating: "█", count: max(1, count * 40 / peak))
            lines.append("    \(label.padding(toLength: 7, withPad: " ", startingAt: 0)) \(bar) \(count)")
        }
        return lines.joined(separator: "\n")
    }

    /// What was read from the log: the ingest runs, then per partition the records read, the end
    /// offset and what is new since the group's previous commit.
    static func logLines(_ log: LogReadReport) -> [String] {
        var lines: [String] = []
        let runs = log.runs.map { "\($0.run)\($0.completed ? "" : " (incomplete)")" }
        lines.append("  ingest runs read: \(runs.isEmpty ? "none recorded" : runs.joined(separator: ", "))")
        for p in log.partitions {
            let new = p.committedBefore.map { "\(max(0, p.endOffset - $0)) new since the last commit" } ?? "first commit"
            lines.append("  read \(p.topic)/\(p.partition): \(p.records) records, end offset \(p.endOffset) (\(new))")
        }
        lines.append(log.committed ? "  committed group \(log.group) after the tables were durable" : "  nothing committed")
        return lines
    }
}
