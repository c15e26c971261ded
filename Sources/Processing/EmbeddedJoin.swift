import Enrichment
import Foundation
import Tables
import Ingest
import JobMatchCore

/// What joining one unit gave: finished rows in order, counts, and the rejects to record.
struct UnitOutput {
    var jobs: [Result<Finished<JobRow>, DropReason>] = []
    /// The joined postings, when the joiner has no finisher (join only).
    var joined: [JobPosting] = []
    var cvs: [Result<Finished<CVRow>, DropReason>] = []
    var counts = JoinCounts()
    var cvsIn = 0
    var cvDuplicates = 0
    var rejections: [(Rejection, [UInt8])] = []
}

/// The embedded join of one unit (see `JoinUnitStore`): postings ⋈ skills ⋈ summaries on
/// job_link, and the CVs, with every record of a key in hand.
///
/// Keeps one record per key and kind by `JoinRules` (so the order records arrive in does not
/// matter), left-joins the skills and summary to LinkedIn postings, applies the filters
/// (`JoinOptions.dropReason`), and finishes the rows sorted by job_id / CV id. Event-log values
/// are decoded here, in the worker. One joiner per worker thread.
final class UnitJoiner {
    let options: JoinOptions
    /// nil: hand the joined postings on unfinished (`UnitOutput.joined`), and skip the CVs.
    let jobFinisher: JobFinisher?
    let cvFinisher: CVFinisher?
    private let decoder = JSONDecoder()

    init(options: JoinOptions, jobFinisher: JobFinisher?, cvFinisher: CVFinisher?) {
        self.options = options
        self.jobFinisher = jobFinisher
        self.cvFinisher = cvFinisher
    }

    func join(_ bytes: [UInt8], file: String, into out: inout UnitOutput) throws {
        var postings: [String: (JobPosting, RecordStamp)] = [:]
        var skills: [String: ([String], RecordStamp)] = [:]
        var summaries: [String: (String, RecordStamp)] = [:]
        var resumes: [String: (Resume, RecordStamp)] = [:]
        try JoinUnitStore.forEachRecord(bytes, file: file) { record, stamp in
            var record = record, stamp = stamp
            if case .logValue(let source, let value) = record {
                guard let decoded = decodeLogValue(source: source, value, offset: stamp.position, into: &out) else { return }
                record = decoded.0
                stamp.run = decoded.run
            }
            switch record {
            case .posting(let p):
                out.counts.postingRows += 1
                guard let old = postings[p.jobID] else {
                    postings[p.jobID] = (p, stamp)
                    return
                }
                out.counts.dropped[old.1.run == stamp.run ? "duplicate job_link" : "replaced by a later ingest run", default: 0] += 1
                if JoinRules.posting(p, stamp, replaces: old.0, old.1) { postings[p.jobID] = (p, stamp) }
            case .skills(let link, let list):
                out.counts.skillsRows += 1
                if let old = skills[link], !JoinRules.lastWins(stamp, replaces: old.1) { return }
                skills[link] = (list, stamp)
            case .summary(let link, let text):
                out.counts.summaryRows += 1
                if let old = summaries[link], !JoinRules.lastWins(stamp, replaces: old.1) { return }
                summaries[link] = (text, stamp)
            case .cv(let cv):
                out.cvsIn += 1
                if let old = resumes[cv.id] {
                    out.cvDuplicates += 1
                    if !JoinRules.lastWins(stamp, replaces: old.1) { return }
                }
                resumes[cv.id] = (cv, stamp)
            case .logValue:
                break
            }
        }
        for id in postings.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            var p = postings[id]!.0
            if p.source == .linkedin {
                if let s = skills[id] { p.skillsListed = s.0 } else { out.counts.withoutSkillsRow += 1 }
                if let s = summaries[id] { p.summary = s.0 } else { out.counts.withoutSummaryRow += 1 }
            }
            if let reason = options.dropReason(p) {
                out.counts.dropped[reason, default: 0] += 1
                continue
            }
            out.counts.rowsOut += 1
            if let jobFinisher { out.jobs.append(jobFinisher.finish(p)) } else { out.joined.append(p) }
        }
        guard let cvFinisher else { return }
        for id in resumes.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.cvs.append(cvFinisher.finish(resumes[id]!.0))
        }
    }

    private func decodeLogValue(source: String, _ value: [UInt8], offset: Int64, into out: inout UnitOutput) -> (JoinRecord, run: Int)? {
        LogValueDecoder.decode(value, source: source, offset: offset, decoder: decoder) { out.rejections.append(($0, $1)) }
    }
}

/// Event-log values to join records, for both engines (the embedded joiner, and the Spark
/// engine's input writer `SparkLogInput`).
enum LogValueDecoder {
    /// The join record an ingest record stands for, with its run; nil (and a reject handed to
    /// `reject`) when the value is not an ingest record or lacks what its kind needs.
    static func decode(_ value: [UInt8], source: String, offset: Int64, decoder: JSONDecoder,
                       reject: (Rejection, [UInt8]) -> Void) -> (JoinRecord, run: Int)? {
        let record: IngestRecord
        do {
            record = try decoder.decode(IngestRecord.self, from: Data(value))
        } catch {
            reject(Rejection(source: source, line: Int(offset), reason: "not an ingest record: \(type(of: error))"), value)
            return nil
        }
        func missing(_ reason: String) -> (JoinRecord, run: Int)? {
            reject(Rejection(source: record.sourceFile, line: record.line, reason: reason), [])
            return nil
        }
        let run = record.run ?? 0
        switch record.kind {
        case .linkedinPosting, .indeedPosting, .glassdoorPosting:
            guard let posting = record.posting else { return missing("no posting in a \(record.kind.rawValue) record") }
            return (.posting(posting), run)
        case .linkedinSkills:
            guard let link = record.jobLink else { return missing("no job_link in a skills record") }
            return (.skills(link: link, record.skills ?? []), run)
        case .linkedinSummary:
            guard let link = record.jobLink, let summary = record.summary else { return missing("no job_link or summary in a summary record") }
            return (.summary(link: link, summary), run)
        case .cv:
            guard let resume = record.resume else { return missing("no resume in a cv record") }
            return (.cv(resume), run)
        }
    }
}

/// The embedded join and filter alone, on one thread, rows handed on unfinished (for the join
/// benchmark, `Benchmarks/JoinBench`): the same read pass and units as `ProcessingPipeline`.
public struct EmbeddedJoin {
    public let options: JoinOptions
    /// Folder for spill files (removed afterwards).
    public let tempFolder: URL
    public var unitBytes = 32 << 20

    public init(options: JoinOptions, tempFolder: URL) {
        self.options = options
        self.tempFolder = tempFolder
    }

    public func run(source: RawFilesSource, body: (JobPosting) throws -> Void) throws -> JoinCounts {
        var source = source
        source.includeCVs = false
        let store = try JoinUnitStore(folder: tempFolder, groupBytes: source.groupBytes, unitBytes: unitBytes)
        defer { store.removeFolder() }
        try source.read(into: store) { _ in }
        let joiner = UnitJoiner(options: options, jobFinisher: nil, cvFinisher: nil)
        var counts = JoinCounts()
        for unit in try store.finish() {
            var out = UnitOutput()
            try store.load(unit) { bytes, file in try joiner.join(bytes, file: file, into: &out) }
            counts.add(out.counts)
            for p in out.joined { try body(p) }
        }
        return counts
    }
}
