import Enrichment
import EventLog
import Foundation
import Ingest
import JobMatchCore

/// The `jobs` topic joined one record at a time, as records arrive: what `jobmatch watch` keeps
/// between polls.
///
/// Holds the latest posting, skills row and summary row of every job_link it was given, chosen by
/// the batch join's own rules (`JoinRules`: a later ingest run wins, then `DedupeOrder` for
/// postings, the highest offset for skills and summaries), so the joined posting of a key is the
/// one `jobmatch process` would write from the same records, whatever the poll boundaries. A
/// LinkedIn posting needs its posting record; its skills and summary may come before or after it
/// (each one that arrives later changes the joined posting: a correction).
///
/// ```swift
/// let join = StreamingJoin()
/// for record in batch.records where join.add(record, reject: { _, _ in }) != nil { … }
/// if case .success(let posting)? = join.joined(jobID) { … }
/// ```
public final class StreamingJoin {
    /// The filters, applied when a joined posting is asked for (`joined(_:)`): a change holds for
    /// every later answer, the records held stay.
    public var options: JoinOptions
    // Internal for the snapshot (StreamingJoin+Snapshot.swift).
    var postings: [String: (JobPosting, RecordStamp)] = [:]
    var skills: [String: ([String], RecordStamp)] = [:]
    var summaries: [String: (String, RecordStamp)] = [:]
    private let decoder = JSONDecoder()

    public init(options: JoinOptions = JoinOptions()) {
        self.options = options
    }

    /// Job links held (postings, and skills or summaries still waiting for theirs).
    public var count: Int { Set(postings.keys).union(skills.keys).union(summaries.keys).count }

    /// Takes one record of the `jobs` topic.
    /// - Returns: the job id whose joined posting this record changed; nil when it changed none (a
    ///   record older than the one held, a skills or summary row whose posting has not come yet,
    ///   a CV, or a value that is not an ingest record, handed to `reject` with its offset).
    @discardableResult
    public func add(_ record: ConsumedRecord, reject: (Rejection, [UInt8]) -> Void) -> String? {
        let source = "\(record.topic)/\(record.partition)"
        guard let (joinRecord, run) = LogValueDecoder.decode(record.value, source: source, offset: record.offset,
                                                             decoder: decoder, reject: reject) else { return nil }
        let stamp = RecordStamp(run: run, position: record.offset)
        switch joinRecord {
        case .posting(let p):
            if let old = postings[p.jobID], !JoinRules.posting(p, stamp, replaces: old.0, old.1) { return nil }
            postings[p.jobID] = (p, stamp)
            return p.jobID
        case .skills(let link, let list):
            if let old = skills[link], !JoinRules.lastWins(stamp, replaces: old.1) { return nil }
            skills[link] = (list, stamp)
            return postings[link]?.0.source == .linkedin ? link : nil
        case .summary(let link, let text):
            if let old = summaries[link], !JoinRules.lastWins(stamp, replaces: old.1) { return nil }
            summaries[link] = (text, stamp)
            return postings[link]?.0.source == .linkedin ? link : nil
        case .cv, .logValue:
            return nil
        }
    }

    /// The joined posting of `jobID` (skills and summary left-joined to a LinkedIn posting), or
    /// why the join's filters drop it; nil when no posting of that id has come.
    public func joined(_ jobID: String) -> Result<JobPosting, DropReason>? {
        guard var p = postings[jobID]?.0 else { return nil }
        if p.source == .linkedin {
            if let s = skills[jobID] { p.skillsListed = s.0 }
            if let s = summaries[jobID] { p.summary = s.0 }
        }
        if let reason = options.dropReason(p) { return .failure(DropReason(reason)) }
        return .success(p)
    }
}
