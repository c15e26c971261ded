import Foundation
import GRDB

/// What `forget` erased.
public struct ForgetReport: Sendable, Equatable {
    /// Job seekers' requests (with their results and events) and recruiters' requests.
    public var matchRequests = 0, candidateRequests = 0
    /// CVs removed from recruiters' requests that showed them (with the reactions to them).
    public var candidateResults = 0

    public var isEmpty: Bool { matchRequests + candidateRequests + candidateResults == 0 }

    public init(matchRequests: Int = 0, candidateRequests: Int = 0, candidateResults: Int = 0) {
        self.matchRequests = matchRequests
        self.candidateRequests = candidateRequests
        self.candidateResults = candidateResults
    }
}

/// The right to erasure: a person's rows, one request, or everything older than a date leave the
/// store — rows deleted with `secure_delete` on (overwritten, not left in free pages), then the
/// WAL checkpointed and truncated, so no copy stays in the database files.
extension FeedbackStore {
    /// Who or what to erase.
    public enum ForgetScope: Sendable, Equatable {
        /// Every request made with this CV id, and this CV in every recruiter's request.
        case cv(String)
        /// One request (a job seeker's or a recruiter's) with everything it showed and every reaction.
        case request(String)
        /// Every request recorded before this time.
        case olderThan(Date)
    }

    /// Erases `scope`'s rows (reactions and shown results go with their request: foreign keys
    /// cascade) in one transaction, then truncates the WAL.
    /// - Throws: `invalidArgument` for an empty id; `database` on SQLite errors.
    @discardableResult
    public func forget(_ scope: ForgetScope) async throws -> ForgetReport {
        if case .cv(let id) = scope, id.isEmpty { throw FeedbackError(.invalidArgument, "CV id is empty") }
        if case .request(let id) = scope, id.isEmpty { throw FeedbackError(.invalidArgument, "request id is empty") }
        let report = try await run { db -> ForgetReport in
            var r = ForgetReport()
            switch scope {
            case .cv(let id):
                try db.execute(sql: "DELETE FROM match_request WHERE cv_id = ?", arguments: [id])
                r.matchRequests = db.changesCount
                try db.execute(sql: "DELETE FROM candidate_result WHERE cv_id = ?", arguments: [id])
                r.candidateResults = db.changesCount
            case .request(let id):
                try db.execute(sql: "DELETE FROM match_request WHERE id = ?", arguments: [id])
                r.matchRequests = db.changesCount
                try db.execute(sql: "DELETE FROM candidate_request WHERE id = ?", arguments: [id])
                r.candidateRequests = db.changesCount
            case .olderThan(let date):
                try db.execute(sql: "DELETE FROM match_request WHERE created_at < ?", arguments: [date])
                r.matchRequests = db.changesCount
                try db.execute(sql: "DELETE FROM candidate_request WHERE created_at < ?", arguments: [date])
                r.candidateRequests = db.changesCount
            }
            return r
        }
        do {
            try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw Self.wrap(error, location)
        }
        return report
    }
}
