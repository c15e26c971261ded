import ArgumentParser
import CommandLineSupport
import DataGenerator
import Foundation
import JobMatchCore

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic synthetic dataset into WORKSPACE/raw/.",
        discussion: """
            Writes linkedin_job_postings.csv, job_skills.csv, job_summary.csv (the public LinkedIn \
            dataset's schema and quoting), indeed_jobs.csv, glassdoor_jobs.csv, cvs.jsonl and \
            labels.jsonl (each job's and CV's latent occupation). Deterministic for a seed; streams \
            to disk in bounded memory.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Number of LinkedIn postings.") var jobs = 10_000
    @Option(help: "Number of CVs.") var cvs = 500
    @Option(help: "Indeed and Glassdoor postings together.") var boardJobs = 250
    @Option(help: "Random seed.") var seed: UInt64 = 42

    func validate() throws {
        guard jobs >= 0, cvs >= 0, boardJobs >= 0 else { throw ValidationError("counts must be zero or more") }
    }

    func run() throws {
        let workspace = Workspace(options.workspace)
        let generator = DatasetGenerator(config: .init(jobs: jobs, cvs: cvs, seed: seed, boardJobs: boardJobs))
        let bar = ProgressBar(total: jobs, unit: "postings")
        let start = Date()
        let report = try runReportingErrors { try generator.write(to: workspace) { bar.update($0) } }
        bar.finish(summary: false)
        let seconds = Date().timeIntervalSince(start)
        print("generated into \(workspace.raw.path) in \(String(format: "%.1f", seconds)) s:")
        let rows: [(RawFile, String)] = [
            (.linkedinPostings, "\(report.postingRows) rows (\(report.uniquePostings) postings + \(report.postingRows - report.uniquePostings) duplicates)"),
            (.linkedinSkills, "\(report.skillRows) rows"), (.linkedinSummaries, "\(report.summaryRows) rows"),
            (.indeedJobs, "\(report.indeed) rows"), (.glassdoorJobs, "\(report.glassdoor) rows"),
            (.cvs, "\(report.cvs) CVs"), (.labels, "\(report.labels) labels"),
        ]
        for (file, what) in rows {
            let size = Double(report.bytes[file.rawValue] ?? 0) / 1_048_576
            print("  \(file.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(what), \(String(format: "%.1f", size)) MiB")
        }
    }
}
