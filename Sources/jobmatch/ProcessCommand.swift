import ArgumentParser
import EventLog
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
            embedding texts. The embedded engine joins in bounded memory (hash-partitioned spill \
            files); --engine spark runs the same join as Spark SQL through spark-submit. --source log \
            reads what `jobmatch ingest` published to the event log (embedded, or --log kafka).
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
    @OptionGroup var logOptions: LogOptions

    func validate() throws {
        guard ProcessingEngine(rawValue: engine) != nil else { throw ValidationError("--engine must be embedded or spark") }
        guard SkillMatchMode(rawValue: skillMode) != nil else { throw ValidationError("--skill-mode must be precise or spacy") }
        if let language, !["en", "fr", "es", "de"].contains(language.lowercased()) {
            throw ValidationError("--language must be en, fr, es or de")
        }
        if let partitions, partitions < 1 || partitions > 4096 { throw ValidationError("--partitions must be 1…4096") }
        guard ["raw", "log"].contains(source) else { throw ValidationError("--source must be raw or log") }
        if source == "log", engine == "spark" { throw ValidationError("--source log needs the embedded engine (Spark reads the raw files)") }
        // Options that would be parsed and then ignored are refused instead.
        if source == "raw", logOptions.given {
            throw ValidationError("--log, --bootstrap and --kafka-property choose the log that --source log reads; they do nothing with --source raw")
        }
        if partitions != nil, engine == "spark" {
            throw ValidationError("--partitions sets the embedded engine's spill partitions; the Spark engine does not use it")
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
        let workspace = Workspace(options.workspace)
        // Pass 1 (partitioning) reports records read, pass 2 partitions joined and finished.
        let reading = ProgressBar(total: 0, unit: "records partitioned")
        var joining: ProgressBar?
        let report = try runReportingErrors {
            let log = source == "log" ? try logOptions.makeLog(workspace) : nil
            return try ProcessingPipeline(options: o).run(workspace: workspace, log: log) { done, total in
                guard total > 0 else { return reading.update(done) }
                if joining == nil {
                    reading.finish()
                    joining = ProgressBar(total: total, unit: "partitions")
                }
                joining?.update(done)
            }
        }
        joining?.finish()
        print(Self.summary(report, tables: workspace.tables.path))
    }

    static func summary(_ r: ProcessingReport, tables: String) -> String {
        var lines = ["processed with the \(r.engine) engine in \(String(format: "%.1f", r.seconds)) s → \(tables)"]
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
}
