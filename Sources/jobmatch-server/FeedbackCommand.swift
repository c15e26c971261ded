import ArgumentParser
import CommandLineSupport
import Feedback
import Foundation
import JobMatchCore
import Tables

/// `jobmatch feedback stats|export`: what users said about the matches they were shown.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Read the feedback database (WORKSPACE/feedback.sqlite): counts, click-through, training pairs, judgments.",
        subcommands: [FeedbackStatsCommand.self, FeedbackExportCommand.self, FeedbackQrelsCommand.self, FeedbackForgetCommand.self]
            + testCommands)

    /// The durability test's hidden child (`feedback torture`): in debug builds only (`JOBMATCH_TEST_HOOKS`).
    static var testCommands: [any ParsableCommand.Type] {
        #if JOBMATCH_TEST_HOOKS
        [FeedbackTortureCommand.self]
        #else
        []
        #endif
    }

    /// Opens the workspace's feedback database, which must exist (reading never creates one).
    static func openExisting(_ workspace: Workspace) throws -> FeedbackStore {
        let path = workspace.feedbackDatabase.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw JobMatchError.io(path: path, reason: "no feedback database (it is made by `jobmatch serve` when the first match is shown)")
        }
        return try FeedbackStore(path: path)
    }
}

/// `jobmatch feedback stats [--json]`.
struct FeedbackStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print counts per event and click-through by rank.",
        discussion: "Click-through at a rank is the share of results shown there that got a like, applied or hired event.")

    @OptionGroup var options: WorkspaceOptions
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        let stats = try await runReportingErrors {
            try await FeedbackCommand.openExisting(Workspace(options.workspace)).stats()
        }
        print(json ? Self.json(stats) : Self.table(stats), terminator: "")
    }

    static func table(_ stats: FeedbackStats) -> String {
        var out = "requests: \(stats.requests)  results shown: \(stats.resultsShown)\n"
        out += "events: " + FeedbackEventKind.allCases.map { "\($0.rawValue) \(stats.events[$0] ?? 0)" }.joined(separator: "  ") + "\n"
        guard !stats.byRank.isEmpty else { return out }
        out += "rank  shown  positive  disliked  click-through\n"
        for r in stats.byRank {
            out += pad(r.rank, 4) + pad(r.shown, 7) + pad(r.positive, 10) + pad(r.disliked, 10)
                + pad(String(format: "%.1f%%", 100 * r.clickThrough), 15) + "\n"
        }
        return out
    }

    static func json(_ stats: FeedbackStats) -> String {
        struct Rank: Encodable { var rank, shown, positive, disliked: Int; var click_through: Double }
        struct Out: Encodable { var requests, results_shown: Int; var events: [String: Int]; var by_rank: [Rank] }
        let out = Out(requests: stats.requests, results_shown: stats.resultsShown,
                      events: Dictionary(uniqueKeysWithValues: stats.events.map { ($0.key.rawValue, $0.value) }),
                      by_rank: stats.byRank.map { Rank(rank: $0.rank, shown: $0.shown, positive: $0.positive, disliked: $0.disliked, click_through: $0.clickThrough) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(out)) ?? Data(), as: UTF8.self) + "\n"
    }

    private static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// `jobmatch feedback qrels [--output FILE] [--force]`.
struct FeedbackQrelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qrels", abstract: "Write what people did with their matches as relevance judgments (WORKSPACE/raw/qrels.txt).",
        discussion: """
            TREC qrels lines 'cv_id 0 job_id grade': 3 hired, 2 applied, 1 liked, 0 disliked or shown above a \
            positive and skipped; jobs shown below every positive are not judged. Only requests made with a CV id \
            are judged (a pasted CV cannot be a query of the evaluation), and only the held-out CVs of the split \
            (--held-out, --split-seed, as mine-pairs and retrain; --all-cvs judges every CV), so the other CVs' \
            feedback stays training data. With raw/qrels.txt present, `eval`, the pipeline's eval and rerank stages \
            and `retrain` grade by it, and mining and retraining leave its CVs and relevant jobs out. An existing \
            file is replaced only with --force.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Share of CVs held out (as mine-pairs and retrain): the CVs judged.") var heldOut = HeldOutSplit.defaultFraction
    @Option(help: "Seed of the held-out split.") var splitSeed = HeldOutSplit.defaultSeed
    @Flag(help: "Judge every CV's feedback, not only the held-out CVs' (none is then left for retrain to train on).") var allCvs = false
    @Option(help: ArgumentHelp("Where to write (default: WORKSPACE/raw/qrels.txt).", valueName: "file"))
    var output: String?
    @Flag(help: "Replace an existing file.") var force = false

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let url = output.map { URL(fileURLWithPath: $0) } ?? workspace.rawFile(.qrels)
        let qrels = try await runReportingErrors {
            if !force, FileManager.default.fileExists(atPath: url.path) {
                throw JobMatchError.io(path: url.path, reason: "exists (judgments someone may have made by hand); --force replaces it")
            }
            let split = HeldOutSplit(fraction: heldOut, seed: splitSeed)
            let qrels = try await FeedbackQrels(store: FeedbackCommand.openExisting(workspace)) { allCvs || split.isHeldOut($0) }
            // An empty file would leave the evaluation with nothing to grade by.
            guard !qrels.judgedCVs.isEmpty else {
                throw JobMatchError.io(path: workspace.feedbackDatabase.path, reason: "no CV to judge: \(qrels.judgments.count) judgments, none relevant "
                    + "(\(qrels.leftOutNotJudged) requests with feedback for training CVs, \(qrels.leftOutPasted) for pasted CVs; --all-cvs judges every CV)")
            }
            try workspace.create(url.deletingLastPathComponent())
            try qrels.write(to: url)
            return qrels
        }
        let relevant = qrels.judgments.filter { $0.grade > 0 }.count
        print("""
            wrote \(url.path): \(qrels.judgments.count) judgments of \(Set(qrels.judgments.map(\.cvID)).count) CVs \
            (\(relevant) relevant; \(qrels.judgedCVs.count) CVs with a relevant job)
            left out: \(qrels.leftOutPasted) requests with feedback for a pasted CV (no CV id), \
            \(qrels.leftOutNotJudged) for training CVs (their feedback trains `retrain`)
            """)
    }
}

/// `jobmatch feedback export [--output FILE]`.
struct FeedbackExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write training pairs from feedback to WORKSPACE/tables/feedback_pairs.parquet.",
        discussion: """
            Liked, applied and hired jobs are positives; disliked jobs, and jobs shown above a positive \
            and skipped, are its hard negatives. Columns: cv_id, job_id, anchor, positive, negative \
            (nullable), as tables/pairs.parquet. The texts come from tables/cvs.parquet and \
            tables/jobs.parquet (embedding_text); pairs whose texts are unknown are counted and left out.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("Where to write (default: WORKSPACE/tables/feedback_pairs.parquet).", valueName: "file"))
    var output: String?

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let url = output.map { URL(fileURLWithPath: $0) } ?? workspace.table(.feedbackPairs)
        let report = try await runReportingErrors {
            try await Self.export(FeedbackCommand.openExisting(workspace), workspace: workspace, to: url)
        }
        print("""
            wrote \(url.path): \(report.rows) rows, \(report.positives) positive pairs, \
            \(report.disliked) disliked and \(report.skippedAbove) skipped-above negatives
            left out: \(report.missingCVText) pairs without CV text, \(report.missingJobText) without job text; \
            \(report.missingNegativeText) negatives without job text
            """)
    }

    /// Writes the store's training pairs to `url`, the texts from the workspace's tables.
    static func export(_ store: FeedbackStore, workspace: Workspace, to url: URL) async throws -> FeedbackExportReport {
        let export = try await FeedbackExport(store: store)
        let cvTexts = export.cvIDs.isEmpty ? [:] : try CVsTable.embeddingTexts(workspace.cvsTable, ids: export.cvIDs)
        let jobTexts = export.jobIDs.isEmpty ? [:] : try JobsTable.embeddingTexts(workspace.jobsTable, ids: export.jobIDs)
        try workspace.create(url.deletingLastPathComponent())
        return try export.write(to: url, cvText: { cvTexts[$0] }, jobText: { jobTexts[$0] })
    }
}

/// `jobmatch feedback forget --cv-id ID | --request ID | --older-than DAYS`: the right to erasure.
struct FeedbackForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget", abstract: "Erase a person's feedback (or one request, or everything older than N days) and what was derived from it.",
        discussion: """
            --cv-id ID erases every request made with that CV and the CV from every recruiter's request (with the \
            reactions to it); --request ID one request; --older-than DAYS every request recorded before then (a \
            retention rule: run it from cron). Rows are deleted with SQLite's secure_delete and the WAL is truncated. \
            Then tables/feedback_pairs.parquet, when present, is written again from what is left, so the next \
            retrain cannot use the erased pairs; with --cv-id, that CV's judgments leave raw/qrels.txt too. The CV's \
            own row in tables/cvs.parquet comes from your source files: remove it there and run the pipeline.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Erase everything recorded about this CV id.") var cvId: String?
    @Option(help: "Erase one request (a request_id of POST /match or POST /match/job).") var request: String?
    @Option(help: "Erase every request older than this many days.") var olderThan: Double?

    func validate() throws {
        guard [cvId != nil, request != nil, olderThan != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --cv-id, --request and --older-than")
        }
        if let olderThan, !(olderThan >= 0) { throw ValidationError("--older-than must be a number of days, at least 0") }
    }

    func run() async throws {
        let workspace = Workspace(options.workspace)
        let scope: FeedbackStore.ForgetScope = if let cvId { .cv(cvId) } else if let request { .request(request) }
            else { .olderThan(Date().addingTimeInterval(-(olderThan ?? 0) * 86_400)) }
        let (report, pairs, judgments) = try await runReportingErrors { () async throws -> (ForgetReport, FeedbackExportReport?, Int?) in
            let store = try FeedbackCommand.openExisting(workspace)
            let report = try await store.forget(scope)
            let pairsURL = workspace.table(.feedbackPairs)
            let pairs = FileManager.default.fileExists(atPath: pairsURL.path)
                ? try await FeedbackExportCommand.export(store, workspace: workspace, to: pairsURL) : nil
            return (report, pairs, try cvId.flatMap { try Self.dropJudgments(of: $0, from: workspace.rawFile(.qrels)) })
        }
        print("""
            erased \(report.matchRequests) requests for jobs, \(report.candidateRequests) requests for candidates, \
            \(report.candidateResults) appearances in recruiters' lists (with every reaction to them)
            """)
        if let pairs { print("rewrote \(workspace.table(.feedbackPairs).path): \(pairs.rows) rows left") }
        if let judgments { print("removed \(judgments) judgments of \(cvId ?? "") from \(workspace.rawFile(.qrels).path)") }
    }

    /// Drops `cv`'s lines from a qrels file (durably), returning how many; nil without the file.
    static func dropJudgments(of cv: String, from url: URL) throws -> Int? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) != cv }
        guard kept.count < lines.count else { return 0 }
        try DurableFile.write(Data(kept.joined(separator: "\n").utf8), to: url)
        return lines.count - kept.count
    }
}
