import Foundation
import Enrichment
import JobMatchCore
import Tables

/// Writes `tables/jobs.parquet` (`JobsTable`) from finished rows, in the order given, and counts them.
public final class JobTableWriter {
    private let writer: JobsTable.Writer
    private let finisher: JobFinisher
    public private(set) var report: ProcessingReport

    /// - Parameter language: keep only postings guessed to be in this language (`en`, …); nil keeps all.
    public init(url: URL, matcher: SkillMatcher, templates: EmbeddingTemplates, language: String?,
                report: ProcessingReport) throws {
        writer = try JobsTable.Writer(url: url, metadata: ["jobmatch.skill_mode": matcher.mode.rawValue])
        finisher = JobFinisher(matcher: matcher, templates: templates, language: language)
        self.report = report
    }

    /// Finishes one joined posting on this thread and appends it (or counts why it was dropped).
    public func add(_ p: JobPosting) throws {
        try append(finisher.finish(p))
    }

    /// Appends a row finished elsewhere (or counts why it was dropped).
    func append(_ finished: Result<Finished<JobRow>, DropReason>) throws {
        switch finished {
        case .failure(let drop):
            report.dropped[drop.reason, default: 0] += 1
        case .success(let row):
            try writer.append(row.row)
            report.jobsOut += 1
            let summary = !(row.row.summary ?? "").isEmpty, skills = !row.row.skills.isEmpty
            if summary { report.jobsWithSummary += 1 }
            if skills { report.jobsWithSkills += 1 }
            if !summary && !skills { report.jobsTitleOnly += 1 }
            report.skillMatches += row.matches
            report.countSkills(row.skills)
        }
    }

    /// Adds what a worker counted to the report.
    func merge(_ counts: JoinCounts) {
        report.join.add(counts)
    }

    public func close() throws { try writer.close() }
}
