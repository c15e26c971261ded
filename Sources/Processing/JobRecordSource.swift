import Foundation
import Ingest
import JobMatchCore

/// Where the processing stage reads raw records from: one pass that routes every record into the
/// join's units (`JoinUnitStore`) by group and key.
///
/// `RawFilesSource` reads the raw files of a workspace (one group); `EventLogSource` reads the
/// `jobs` and `cvs` topics of the event log (one group per partition: the log is already
/// partitioned by key).
protocol JobRecordSource {
    /// Each group's input size when known (nil: unknown), in group order.
    var groupBytes: [Int?] { get }
    /// Routes every record into `store`; `progress` gets the records read so far now and then.
    func read(into store: JoinUnitStore, progress: (Int) -> Void) throws
}

/// Reads `WORKSPACE/raw/` with the Ingest readers; a file that is absent is skipped, bad rows go
/// to the reject log with file, line and reason.
public struct RawFilesSource: JobRecordSource {
    public let workspace: Workspace
    public let rejects: RejectLog
    /// Read the posting files (LinkedIn, Indeed, Glassdoor) and the CVs.
    public var includeJobs = true, includeCVs = true

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

    var groupBytes: [Int?] { [estimatedBytes] }

    /// Whether any posting file exists.
    public var hasPostings: Bool {
        [RawFile.linkedinPostings, .indeedJobs, .glassdoorJobs].contains { path($0) != nil }
    }

    /// The stamp of a raw record: run 0, position = the file's rank (bits 40 and up) and the line.
    private func stamp(_ file: RawFile, _ line: Int) -> RecordStamp {
        RecordStamp(run: 0, position: Int64(RawFile.allCases.firstIndex(of: file)!) << 40 | Int64(line))
    }

    func read(into store: JoinUnitStore, progress: (Int) -> Void) throws {
        var read = 0
        func add(_ record: JoinRecord, key: String, _ stamp: RecordStamp) throws {
            try store.add(record, key: key, stamp: stamp, group: 0)
            read += 1
            if read % 10_000 == 0 { progress(read) }
        }
        if includeJobs {
            if let p = path(.linkedinPostings) {
                let reader = try LinkedInPostingsReader(path: p, rejects: rejects)
                while let posting = try reader.next() { try add(.posting(posting), key: posting.jobID, stamp(.linkedinPostings, reader.csv.line)) }
            }
            try forEachBoardPosting { posting, file, line in try add(.posting(posting), key: posting.jobID, stamp(file, line)) }
            if let p = path(.linkedinSkills) {
                let reader = try LinkedInPartReader(path: p, valueColumn: "job_skills", rejects: rejects)
                while let row = try reader.nextSkills() {
                    try add(.skills(link: row.jobLink, row.skills), key: row.jobLink, stamp(.linkedinSkills, reader.csv.line))
                }
            }
            if let p = path(.linkedinSummaries) {
                let reader = try LinkedInPartReader(path: p, valueColumn: "job_summary", rejects: rejects)
                while let row = try reader.nextSummary() {
                    try add(.summary(link: row.jobLink, row.summary), key: row.jobLink, stamp(.linkedinSummaries, reader.csv.line))
                }
            }
        }
        if includeCVs, let p = path(.cvs) {
            let reader = try ResumeJSONLReader(path: p, rejects: rejects)
            while let cv = try reader.next() { try add(.cv(cv), key: cv.id, stamp(.cvs, reader.lines.line)) }
        }
        if includeCVs, let p = path(.resumesCSV) {
            let reader = try ResumeCSVReader(path: p, rejects: rejects)
            while let cv = try reader.next() { try add(.cv(cv), key: cv.id, stamp(.resumesCSV, reader.csv.line)) }
        }
        progress(read)
    }

    /// The Indeed and Glassdoor postings only, with their file and line.
    public func forEachBoardPosting(_ body: (JobPosting, RawFile, Int) throws -> Void) throws {
        if let p = path(.indeedJobs) {
            let reader = try IndeedReader(path: p, rejects: rejects)
            while let posting = try reader.next() { try body(posting, .indeedJobs, reader.csv.line) }
        }
        if let p = path(.glassdoorJobs) {
            let reader = try GlassdoorReader(path: p, rejects: rejects)
            while let posting = try reader.next() { try body(posting, .glassdoorJobs, reader.csv.line) }
        }
    }
}
