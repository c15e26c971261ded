import Foundation
import Tables

/// Training pairs mined from feedback, written as Parquet in `PairsTable`'s feedback layout
/// (`tables/pairs.parquet`'s first five columns: ids, anchor, positive, nullable negative).
///
/// Recruiters' reactions to CVs shown for a job (`POST /match/job`) add the same kind of pair:
/// a CV liked, contacted or hired for a job of the jobs table is a positive (CV, job) pair (its
/// latest like or dislike decides unless contacted or hired), without a hard negative; they come
/// after the job seekers' pairs.
///
/// Per request, each shown job gets a label from its events in the order recorded: `applied` or
/// `hired` make it a positive for good; otherwise its latest `like` / `dislike` decides (a like
/// then a dislike is a dislike). Each positive job gives one row per hard negative of that
/// request, and one row with a null negative when it has none. Hard negatives of a positive are
/// the request's disliked jobs, and the jobs shown above that positive (lower rank) that got no
/// event at all ("shown above a liked one and skipped"). Rows are unique by (CV, positive,
/// negative) across requests and come in request order, then rank.
///
/// The store holds no texts, so ``write(to:cvText:jobText:)`` asks the caller for them: the CV's
/// text by CV id (a request that stored its pasted text, by opt-in, uses that), and the job's
/// embedding text by job id.
///
/// ```swift
/// let export = try await FeedbackExport(store: store)
/// let cvTexts = try loadTexts(export.cvIDs), jobTexts = try loadTexts(export.jobIDs)
/// let report = try export.write(to: url, cvText: { cvTexts[$0] }, jobText: { jobTexts[$0] })
/// ```
public struct FeedbackExport: Sendable {
    /// Why a job is a hard negative.
    public enum NegativeKind: String, Sendable, Equatable {
        case disliked
        case skippedAbove = "skipped_above"
    }

    /// One pair by ids; texts are looked up when written.
    public struct Pair: Sendable, Equatable, Hashable {
        public var requestID: String
        /// The `cv_id` column: the CV id, else `sha256:<hex>` of the pasted text.
        public var cvKey: String
        /// The CV id to look the text up by; nil for pasted text.
        public var cvID: String?
        /// The pasted text, when the request kept it (opt-in).
        public var storedCVText: String?
        public var positiveJobID: String
        public var negativeJobID: String?
        public var negativeKind: NegativeKind?
    }

    /// The pairs, by ids, in output order.
    public let pairs: [Pair]

    /// Reads every request, result and event and mines the pairs.
    public init(store: FeedbackStore) async throws {
        let requests = try await store.requests()
        let events = try await store.events()
        let resultsByRequest = try await store.resultsOfRequestsWithEvents()
        var eventsByRequest: [String: [FeedbackEventRecord]] = [:]
        for event in events { eventsByRequest[event.requestID, default: []].append(event) }
        var pairs: [Pair] = []
        var seen = Set<[String?]>()
        for request in requests {
            guard let requestEvents = eventsByRequest[request.id] else { continue }
            for pair in Self.mine(request: request, results: resultsByRequest[request.id] ?? [], events: requestEvents)
            where seen.insert([pair.cvKey, pair.positiveJobID, pair.negativeJobID]).inserted {
                pairs.append(pair)
            }
        }
        // A recruiter's like, contact or hire of a CV shown for a job of the jobs table is the
        // same (CV, job) positive, with no hard negative (a CV passed over is not a job).
        var decided: [[String]: CandidateEventKind] = [:], order: [[String]] = []
        for e in try await store.candidateEvents() {
            guard let job = e.jobID else { continue }
            let key = [e.requestID, e.cvID, job]
            if decided[key] == nil { order.append(key) }
            decided[key] = CandidateEventKind.deciding(decided[key], e.event)
        }
        for key in order where decided[key]?.isPositive == true {
            let pair = Pair(requestID: key[0], cvKey: key[1], cvID: key[1], storedCVText: nil, positiveJobID: key[2],
                            negativeJobID: nil, negativeKind: nil)
            if seen.insert([pair.cvKey, pair.positiveJobID, nil]).inserted { pairs.append(pair) }
        }
        self.pairs = pairs
    }

    /// The CV ids whose texts ``write(to:cvText:jobText:)`` will ask for.
    public var cvIDs: Set<String> { Set(pairs.compactMap { $0.storedCVText == nil ? $0.cvID : nil }) }

    /// The job ids whose texts ``write(to:cvText:jobText:)`` will ask for.
    public var jobIDs: Set<String> { Set(pairs.flatMap { [$0.positiveJobID, $0.negativeJobID].compactMap { $0 } }) }

    /// The pairs of one request, from its results (any order) and its events (in order recorded).
    static func mine(request: MatchRequestRecord, results: [ShownResult], events: [FeedbackEventRecord]) -> [Pair] {
        var label: [String: FeedbackEventKind] = [:]  // the deciding event per job
        for event in events {
            label[event.jobID] = FeedbackEventKind.deciding(label[event.jobID], event.event)
        }
        let shown = results.sorted { $0.rank < $1.rank }
        let disliked = shown.filter { label[$0.jobID] == .dislike }.map(\.jobID)
        var out: [Pair] = []
        for (position, result) in shown.enumerated() where label[result.jobID]?.isPositive == true {
            let skipped = shown[..<position].filter { label[$0.jobID] == nil }.map(\.jobID)
            var negatives: [(String, NegativeKind)] = []
            // Rank order over both kinds, so rows come top first.
            for other in shown where other.jobID != result.jobID {
                if disliked.contains(other.jobID) { negatives.append((other.jobID, .disliked)) }
                else if skipped.contains(other.jobID) { negatives.append((other.jobID, .skippedAbove)) }
            }
            let base = Pair(requestID: request.id, cvKey: request.cvKey, cvID: request.cvID, storedCVText: request.cvText,
                            positiveJobID: result.jobID, negativeJobID: nil, negativeKind: nil)
            if negatives.isEmpty { out.append(base) }
            for (job, kind) in negatives {
                var pair = base
                pair.negativeJobID = job
                pair.negativeKind = kind
                out.append(pair)
            }
        }
        return out
    }
}

/// What ``FeedbackExport/write(to:cvText:jobText:)`` wrote and what it left out.
public struct FeedbackExportReport: Sendable, Equatable {
    /// Rows written.
    public var rows = 0
    /// Distinct positive (CV, job) pairs written.
    public var positives = 0
    /// Rows with a negative, per kind.
    public var disliked = 0
    public var skippedAbove = 0
    /// Pairs left out because the CV's text was unknown (a pasted CV without opt-in, or a CV id
    /// the lookup did not know).
    public var missingCVText = 0
    /// Pairs left out because the positive job's text was unknown.
    public var missingJobText = 0
    /// Negatives dropped (the row kept with a null negative, if not a duplicate) because the
    /// negative job's text was unknown.
    public var missingNegativeText = 0

    public init(rows: Int = 0, positives: Int = 0, disliked: Int = 0, skippedAbove: Int = 0,
                missingCVText: Int = 0, missingJobText: Int = 0, missingNegativeText: Int = 0) {
        self.rows = rows
        self.positives = positives
        self.disliked = disliked
        self.skippedAbove = skippedAbove
        self.missingCVText = missingCVText
        self.missingJobText = missingJobText
        self.missingNegativeText = missingNegativeText
    }
}

extension FeedbackExport {
    /// Writes the pairs whose texts are known to `url` (zstd; written to a temporary file, synced
    /// and renamed, so a failed export leaves no file that looks complete).
    ///
    /// - Parameters:
    ///   - cvText: the CV text for a CV id (the anchor), nil when unknown.
    ///   - jobText: the job's embedding text for a job id, nil when unknown.
    /// - Returns: counts of what was written and what was left out for lack of a text.
    /// - Throws: `FeedbackError.io` naming the file when it cannot be written.
    @discardableResult
    public func write(to url: URL, cvText: (String) -> String?, jobText: (String) -> String?) throws -> FeedbackExportReport {
        var report = FeedbackExportReport()
        var rows: [PairRow] = []
        var seen = Set<[String?]>(), positivePairs = Set<[String]>()
        for pair in pairs {
            guard let anchor = pair.storedCVText ?? pair.cvID.flatMap(cvText) else { report.missingCVText += 1; continue }
            guard let positive = jobText(pair.positiveJobID) else { report.missingJobText += 1; continue }
            var negativeID = pair.negativeJobID, negative: String?
            if let id = negativeID {
                negative = jobText(id)
                if negative == nil { report.missingNegativeText += 1; negativeID = nil }
            }
            guard seen.insert([pair.cvKey, pair.positiveJobID, negativeID]).inserted else { continue }
            if negativeID != nil {
                if pair.negativeKind == .disliked { report.disliked += 1 } else { report.skippedAbove += 1 }
            }
            positivePairs.insert([pair.cvKey, pair.positiveJobID])
            rows.append(PairRow(cvID: pair.cvKey, jobID: pair.positiveJobID, anchor: anchor, positive: positive, negative: negative))
        }
        report.rows = rows.count
        report.positives = positivePairs.count
        do {
            try PairsTable.write(rows, layout: .feedback, to: url, metadata: ["jobmatch.source": "feedback"])
        } catch let error as TablesError {
            throw FeedbackError(.io, error.description)
        }
        return report
    }
}
