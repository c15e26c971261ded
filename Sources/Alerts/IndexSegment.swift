import Foundation
import JobMatchCore
import Matching
import Tables

/// The appendable segment beside the base index: `index/segment.jsonl`, one fsync'd line per
/// posting version that `jobmatch watch` encoded (the job as a match shows it, its version and
/// its vector at the index's dimension). A later line of a job id replaces its earlier ones, so a
/// corrected posting replaces its old vector; ``entries`` gives the latest of each.
///
/// `serve` reads it beside `jobs.faiss` and searches both (reloading when the file grows).
public struct IndexSegment: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var job: JobCatalog.Job
        public var version: String
        public var vector: [Float]
        /// The embedding text the vector was made from (what a reranker and BM25 read); nil in
        /// segments written before it was kept.
        public var text: String?
        /// The `created` stamp of the base index a merge folded this version into (`IndexMerge`);
        /// nil while only the segment holds it. A server on that base finds it in the index and
        /// skips the line; one still on an older base serves it from here.
        public var mergedInto: String?

        public init(job: JobCatalog.Job, version: String, vector: [Float], text: String? = nil, mergedInto: String? = nil) {
            self.job = job
            self.version = version
            self.vector = vector
            self.text = text
            self.mergedInto = mergedInto
        }

        /// The posting as `Matcher` serves it beside the index. A line without its text (an older
        /// segment) is read by its title and company.
        public var added: AddedJob {
            AddedJob(job: job, text: text ?? [job.title, job.company].compactMap { $0 }.joined(separator: " at "), vector: vector)
        }
    }

    /// The latest entry of each job id, in the order their first lines were written.
    public let entries: [Entry]

    /// A segment of these entries (the latest of each job id, in order).
    init(entries: [Entry]) { self.entries = entries }

    /// Reads the segment; empty when there is none.
    /// - Throws: `AlertsError.badFile` naming the file and line of a line that is not an entry;
    ///   `AlertsError.io` when it cannot be read.
    public init(url: URL) throws {
        let follower = SegmentFollower(url: url)  // one look: the whole file
        let segment = follower.current()
        if let error = follower.lastError { throw error }
        self = segment
    }

    /// The postings a matcher over the base index created at `base` serves beside it: the latest
    /// version of each job, unless a merge folded that version into this very base.
    public func additions(base: String) -> [AddedJob] {
        entries.filter { $0.mergedInto != base }.map(\.added)
    }

    /// The version of a finished posting: a hash of everything a match shows and scores (title,
    /// company, place, level, type, URL, canonical skills, embedding text), so the same content
    /// ingested again is the same version, and any change makes a new one.
    public static func version(of row: JobRow) -> String {
        var h = ContentHash.seed
        let fields: [String?] = [row.jobID, row.title, row.company, row.location, row.country, row.level, row.type, row.url,
                                 row.skills.joined(separator: ","), row.embeddingText]
        for f in fields {
            h = ContentHash.update(h, Data((f ?? "\u{0}").utf8))
            h = ContentHash.update(h, Data([0x1F]))
        }
        return String(h, radix: 16)
    }

    /// The job as a match shows it.
    public static func job(of row: JobRow) -> JobCatalog.Job {
        JobCatalog.Job(jobID: row.jobID, title: row.title, company: row.company, location: row.location, country: row.country,
                       level: row.level, type: row.type, url: row.url, skills: row.skills)
    }
}
