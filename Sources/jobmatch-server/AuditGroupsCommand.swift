import ArgumentParser
import CommandLineSupport
import Feedback
import Foundation
import JobMatchCore
import Privacy
import Tables

/// `jobmatch audit …` in this binary: the audits that read the feedback database
/// (`audit counterfactual` runs in `jobmatch` itself).
struct AuditServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Fairness audits that read the feedback database.", subcommands: [AuditGroupsCommand.self])
}

/// `jobmatch audit groups --groups FILE.csv`: selection and scoring rates and impact ratios by
/// sex, race/ethnicity and their intersection, in Local Law 144's form (``BiasAudit``).
struct AuditGroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Bias audit in Local Law 144's form: scoring and selection rates and impact ratios by self-reported sex and race/ethnicity.",
        discussion: """
            Reads WORKSPACE/feedback.sqlite (the requests of the period, both directions) and the auditor's groups file \
            (CSV: cv_id,sex,race_ethnicity; self-reported, nothing is inferred; empty or 'unknown' is unknown), and writes \
            bias-audit.json and bias-audit.html to --out (default WORKSPACE/reports). The unit is the CV. Recruiter \
            direction (POST /match/job): every CV open to recruiters (tables/cvs.parquet) is a candidate; its score is the mean bi-encoder \
            score of the lists it was shown in; selections are shown in the top N, liked, contacted, hired. Job-seeker \
            direction (POST /match with a cv_id): the CVs that asked; the score is the mean of each request's best score; \
            selections are liked, applied, hired. Requests with a pasted CV cannot be attributed: counted, left out. \
            See docs/privacy.md.
            Example: jobmatch audit groups --workspace ws --groups groups.csv --since 2026-01-01 --until 2027-01-01
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("The auditor's self-reported categories (CSV: cv_id,sex,race_ethnicity). Without it every CV is unknown and the report says so.",
                               valueName: "file"))
    var groups: String?
    @Option(help: "'Shown in the top N' means a rank of at most N.") var top = 10
    @Option(help: ArgumentHelp("Requests from this time on (YYYY-MM-DD, UTC, or ISO 8601).", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Requests before this time (YYYY-MM-DD, UTC, or ISO 8601; exclusive).", valueName: "date")) var until: String?
    @Option(help: ArgumentHelp("Where to write bias-audit.json and bias-audit.html (default: WORKSPACE/reports).", valueName: "dir"))
    var out: String?
    @Option(help: "Categories under this share of the CVs whose category is known are flagged and left out of impact ratios.")
    var minShare = 0.02
    @Option(help: "Bootstrap replicates for the intervals (0: none).") var replicates = 1_000
    @Option(help: "The bootstrap's seed.") var seed: UInt64 = 1
    @Option(help: "The intervals' coverage.") var confidence = 0.95

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard minShare >= 0, minShare < 1 else { throw ValidationError("--min-share must be in [0, 1)") }
        guard (0...100_000).contains(replicates) else { throw ValidationError("--replicates must be between 0 and 100000") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be between 0 and 1") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Self.date(value) == nil { throw ValidationError("\(name) \(value) is not a date (YYYY-MM-DD or ISO 8601)") }
        }
        if let s = since.flatMap(Self.date), let u = until.flatMap(Self.date), s >= u { throw ValidationError("--since must be before --until") }
    }

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let folder = URL(fileURLWithPath: out ?? workspace.reports.path, isDirectory: true)
        let report = try await runReportingErrors { () async throws -> BiasAuditReport in
            let people = try groups.map { try AuditGroups.read(path: $0) } ?? AuditGroups(people: [:])
            let store = try FeedbackCommand.openExisting(workspace)
            let log = try await store.auditLog(since: since.flatMap(Self.date), until: until.flatMap(Self.date))
            let settings = BiasAuditReport.Settings(top: top, minShare: minShare, replicates: replicates, seed: seed, confidence: confidence)
            let table = workspace.cvsTable
            let pool = FileManager.default.fileExists(atPath: table.path)
                ? Set(try CVsTable.read(table, columns: [.cvID, .openToRecruiters]).filter(\.openToRecruiters).map(\.cvID)) : nil
            let input = BiasAuditInput(log: log, top: top, pool: pool)
            let report = try BiasAudit.report(input.directions, groups: people, provenance: input.provenance(groupsFile: groups, since: since, until: until),
                                              settings: settings)
            try workspace.create(folder)
            try DurableFile.write(report.json(), to: folder.appendingPathComponent("bias-audit.json"))
            try DurableFile.write(Data(report.html().utf8), to: folder.appendingPathComponent("bias-audit.html"))
            return report
        }
        print("wrote \(folder.appendingPathComponent("bias-audit.json").path) and bias-audit.html")
        print(BiasAuditInput.summary(report), terminator: "")
    }

    /// `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time.
    static func date(_ text: String) -> Date? {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        if text.count == 10, let d = day.date(from: text) { return d }
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: text) { return d }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: text)
    }
}
