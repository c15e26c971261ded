import Foundation
import Ingest
import JobMatchCore

/// Where the processing stage reads raw records from.
///
/// One implementation reads the raw files of a workspace (`RawFilesSource`); one that consumes the
/// event log's `jobs` / `cvs` topics can be added beside it without touching the join.
public protocol JobRecordSource {
    /// Every posting row: LinkedIn posting rows (without skills or summary) and Indeed / Glassdoor
    /// postings (complete). Returns nothing when the source has no postings.
    func forEachPosting(_ body: (JobPosting) throws -> Void) throws
    /// Every LinkedIn skills row: (job_link, the raw `job_skills` string).
    func forEachSkillsRow(_ body: (String, String) throws -> Void) throws
    /// Every LinkedIn summary row: (job_link, `job_summary`).
    func forEachSummaryRow(_ body: (String, String) throws -> Void) throws
    /// Every CV.
    func forEachResume(_ body: (Resume) throws -> Void) throws
    /// Bytes to read in all (for progress and partition counts); 0 when unknown.
    var estimatedBytes: Int { get }
}

/// Reads `WORKSPACE/raw/` with the Ingest readers; a file that is absent is skipped, bad rows go
/// to the reject log with file, line and reason.
public struct RawFilesSource: JobRecordSource {
    public let workspace: Workspace
    public let rejects: RejectLog

    public init(workspace: Workspace, rejects: RejectLog) {
        self.workspace = workspace
        self.rejects = rejects
    }

    private func path(_ file: RawFile) -> String? {
        let p = workspace.rawFile(file).path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }

    public var estimatedBytes: Int {
        RawFile.allCases.compactMap { path($0) }.reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
        }
    }

    /// Whether any posting file exists.
    public var hasPostings: Bool {
        [RawFile.linkedinPostings, .indeedJobs, .glassdoorJobs].contains { path($0) != nil }
    }

    public func forEachPosting(_ body: (JobPosting) throws -> Void) throws {
        if let p = path(.linkedinPostings) {
            let reader = try LinkedInPostingsReader(path: p, rejects: rejects)
            while let posting = try reader.next() { try body(posting) }
        }
        try forEachBoardPosting(body)
    }

    /// The Indeed and Glassdoor postings only.
    public func forEachBoardPosting(_ body: (JobPosting) throws -> Void) throws {
        if let p = path(.indeedJobs) {
            let reader = try IndeedReader(path: p, rejects: rejects)
            while let posting = try reader.next() { try body(posting) }
        }
        if let p = path(.glassdoorJobs) {
            let reader = try GlassdoorReader(path: p, rejects: rejects)
            while let posting = try reader.next() { try body(posting) }
        }
    }

    public func forEachSkillsRow(_ body: (String, String) throws -> Void) throws {
        guard let p = path(.linkedinSkills) else { return }
        let reader = try LinkedInPartReader(path: p, valueColumn: "job_skills", rejects: rejects)
        while let row = try reader.next() { try body(row.jobLink, row.value) }
    }

    public func forEachSummaryRow(_ body: (String, String) throws -> Void) throws {
        guard let p = path(.linkedinSummaries) else { return }
        let reader = try LinkedInPartReader(path: p, valueColumn: "job_summary", rejects: rejects)
        while let row = try reader.next() { try body(row.jobLink, row.value) }
    }

    public func forEachResume(_ body: (Resume) throws -> Void) throws {
        guard let p = path(.cvs) else { return }
        let reader = try ResumeJSONLReader(path: p, rejects: rejects)
        while let cv = try reader.next() { try body(cv) }
    }
}
