import Foundation
import JobMatchCore

/// Relevance judgments from feedback, as TREC qrels (`cv_id 0 job_id grade`): what people did
/// with the jobs they were shown becomes what the evaluation grades models by.
///
/// Grades: 3 hired, 2 applied, 1 liked, 0 disliked or shown above a positive and skipped (judged
/// not relevant). A job shown below every positive of its request got no judgment: nobody can
/// say it was looked at. The deciding event follows ``FeedbackExport``'s rule, across all of a
/// CV's requests in the order recorded: applied and hired stand for good; otherwise the latest
/// like or dislike decides; a skip only judges a job nothing else judged.
///
/// A recruiter's reactions to CVs shown for a job (`POST /match/job`) judge the same pairs
/// (hired 3, contacted 2, liked 1, disliked 0) where a job seeker's events did not.
///
/// Only requests made for a workspace CV (`cv_id`) are judged: a pasted CV is not a row of the
/// CVs table, so the evaluation could not query it. Those are counted in ``leftOutPasted``. And
/// only the CVs `judges` picks (the held-out split, by default in `jobmatch feedback qrels`): the
/// others' feedback stays training data for `retrain`, which leaves held-out CVs' feedback out, so
/// no CV both trains a model and grades it.
///
/// ```swift
/// let qrels = try await FeedbackQrels(store: store)
/// try qrels.write(to: ws.rawFile(.qrels))   // `jobmatch eval` and the pipeline grade by it
/// ```
public struct FeedbackQrels: Sendable {
    public struct Judgment: Sendable, Hashable {
        public var cvID: String
        public var jobID: String
        public var grade: Int
    }

    /// Sorted by CV id, then job id.
    public let judgments: [Judgment]
    /// Requests with events that were left out because they named no CV id (pasted CVs).
    public let leftOutPasted: Int
    /// Requests with events left out because `judges` did not pick their CV (training CVs).
    public let leftOutNotJudged: Int

    /// Reads every request, result and event and grades each judged (CV, job) of the CVs
    /// `judges` picks.
    public init(store: FeedbackStore, judges: (String) -> Bool = { _ in true }) async throws {
        let requests = try await store.requests()
        let results = try await store.resultsOfRequestsWithEvents()
        var events: [String: [FeedbackEventRecord]] = [:]
        for event in try await store.events() { events[event.requestID, default: []].append(event) }
        var decided: [[String]: FeedbackEventKind] = [:], skipped = Set<[String]>()
        var pasted = 0, notJudged = 0
        for request in requests {
            guard let requestEvents = events[request.id] else { continue }
            guard let cv = request.cvID else { pasted += 1; continue }
            guard judges(cv) else { notJudged += 1; continue }
            for event in requestEvents {
                let key = [cv, event.jobID]
                decided[key] = FeedbackEventKind.deciding(decided[key], event.event)
            }
            // Shown above the request's lowest positive, with no event in this request: skipped.
            let reacted = Set(requestEvents.map(\.jobID))
            let positives = Set(requestEvents.filter { $0.event.isPositive }.map(\.jobID))
            let shown = (results[request.id] ?? []).sorted { $0.rank < $1.rank }
            guard let last = shown.lastIndex(where: { positives.contains($0.jobID) }) else { continue }
            for result in shown[..<last] where !reacted.contains(result.jobID) { skipped.insert([cv, result.jobID]) }
        }
        var grades: [[String]: Int] = [:]
        for key in skipped { grades[key] = 0 }
        for (key, event) in decided { grades[key] = Self.grade(event) }
        // Recruiters' reactions to CVs shown for a job: hired 3, contacted 2, liked 1, disliked 0;
        // they decide a pair a job seeker's events did not.
        var recruiter: [[String]: CandidateEventKind] = [:]
        for e in try await store.candidateEvents() {
            guard let job = e.jobID, judges(e.cvID) else { continue }
            let key = [e.cvID, job]
            recruiter[key] = CandidateEventKind.deciding(recruiter[key], e.event)
        }
        for (key, event) in recruiter where decided[key] == nil { grades[key] = Self.grade(event) }
        judgments = grades.map { Judgment(cvID: $0.key[0], jobID: $0.key[1], grade: $0.value) }
            .sorted { ($0.cvID, $0.jobID) < ($1.cvID, $1.jobID) }
        leftOutPasted = pasted
        leftOutNotJudged = notJudged
    }

    /// The grade a recruiter's event gives: hired 3 > contacted 2 > liked 1 > disliked 0.
    public static func grade(_ event: CandidateEventKind) -> Int {
        switch event {
        case .hired: 3
        case .contacted: 2
        case .like: 1
        case .dislike: 0
        }
    }

    /// The grade an event gives: hired 3 > applied 2 > liked 1 > disliked 0.
    public static func grade(_ event: FeedbackEventKind) -> Int {
        switch event {
        case .hired: 3
        case .applied: 2
        case .like: 1
        case .dislike: 0
        }
    }

    /// The CVs with at least one relevant (grade > 0) job: the queries an evaluation can use.
    public var judgedCVs: Set<String> { Set(judgments.filter { $0.grade > 0 }.map(\.cvID)) }

    /// The judgments as TREC qrels text, one `cv_id 0 job_id grade` line each.
    public var text: String { judgments.map { "\($0.cvID) 0 \($0.jobID) \($0.grade)\n" }.joined() }

    /// Writes ``text`` to `url` durably (`DurableFile`: never half a file).
    /// - Throws: `FeedbackError.io` naming the file; `.invalidArgument` when an id holds
    ///   whitespace (a qrels line could not carry it).
    public func write(to url: URL) throws {
        if let bad = judgments.first(where: { ($0.cvID + $0.jobID).contains(where: \.isWhitespace) }) {
            throw FeedbackError(.invalidArgument, "\(url.path): id '\(bad.cvID)' / '\(bad.jobID)' holds whitespace; a qrels line cannot carry it")
        }
        do {
            try DurableFile.write(Data(text.utf8), to: url)
        } catch {
            throw FeedbackError(.io, "\(error)")
        }
    }
}
