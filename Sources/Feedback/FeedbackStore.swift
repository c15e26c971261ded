import Foundation
import GRDB

/// The feedback database: match requests, the results they showed, and reactions to them.
///
/// SQLite through GRDB. A file database is opened as a `DatabasePool` in WAL mode with
/// `synchronous = FULL`, so a write that returned is on disk: it survives the process being
/// killed and the machine losing power. Writes are serialised, reads run beside them. An
/// in-memory database (tests) behaves the same but for durability. Opening runs the named
/// migrations of ``FeedbackSchema`` that the file lacks.
///
/// ```swift
/// let store = try FeedbackStore(path: workspace.feedbackDatabase.path)
/// let id = try await store.recordRequest(cv: .text(pasted, keepText: false),
///                                        modelVersion: "minilm-ft-3", indexVersion: "idx-3",
///                                        results: [ShownResult(jobID: "j1", rank: 1, biEncoderScore: 0.82)])
/// try await store.recordEvent(requestID: id, jobID: "j1", event: .like)
/// ```
public final class FeedbackStore: Sendable {
    /// Where the database lives.
    public enum Location: Sendable, Equatable {
        case inMemory
        case file(String)
    }

    public let location: Location
    let writer: any DatabaseWriter
    private let groupCommit: GroupCommit
    let clock: @Sendable () -> Date

    /// The longest `reason` accepted, in characters.
    public static let maxReasonLength = 1_000
    /// The most results one request may record.
    public static let maxResults = 1_000

    /// Opens (creating if needed) the database at `location` and migrates it.
    ///
    /// - Parameters:
    ///   - clock: the time stamped on new rows (tests pass a fixed one).
    /// - Throws: `FeedbackError.database` when the file cannot be opened or migrated.
    public init(_ location: Location, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.location = location
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Deleted rows are overwritten, not left in free pages (`forget`: the right to erasure).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            switch location {
            case .inMemory:
                writer = try DatabaseQueue(configuration: configuration)
            case .file(let path):
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let pool = try DatabasePool(path: path, configuration: configuration)
                // FULL syncs the WAL at every commit. Set here, on the one writing connection, not
                // in `prepareDatabase`: DatabasePool runs that first, then switches the writer to WAL
                // with `synchronous = NORMAL`, which syncs only at checkpoints — a commit then
                // survives a killed process but not a power cut
                // (`FeedbackDurabilityTests.theWriteJustAnsweredSurvivesAPowerCut` found it).
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                writer = pool
            }
            try FeedbackSchema.migrator.migrate(writer)
            groupCommit = GroupCommit(writer: writer)
        } catch {
            throw Self.wrap(error, location)
        }
    }

    /// Opens the database file at `path`.
    public convenience init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(.file(path), clock: clock)
    }

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try FeedbackSchema.migrator.appliedMigrations(db) }
    }

    /// SQLite's journal mode (`wal` for a file database, `memory` in memory).
    public func journalMode() async throws -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Closes the database: later calls throw. A file database is checkpointed and its WAL
    /// removed, so the file alone holds everything.
    public func close() throws {
        do {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        } catch {
            throw Self.wrap(error, location)
        }
    }

    // MARK: Writing

    /// Records a match request and the results it showed, in one transaction.
    ///
    /// - Parameters:
    ///   - cv: the CV id, or the pasted text (stored as its SHA-256 unless `keepText`).
    ///   - filters: the filters applied (name → value), stored as a JSON object.
    ///   - results: the jobs shown; job ids and ranks must be distinct, ranks ≥ 1, scores finite.
    ///   - id: the request id to use; a new UUID by default.
    /// - Returns: the request id.
    /// - Throws: `invalidArgument` for an empty id, a duplicate job or rank, a rank below 1, a
    ///   score that is not finite, or a request id already stored; `database` on SQLite errors.
    @discardableResult
    public func recordRequest(cv: CVReference, modelVersion: String, indexVersion: String, rankingVersion: String? = nil,
                              filters: [String: String] = [:], results: [ShownResult],
                              id: String? = nil) async throws -> String {
        let requestID = id ?? UUID().uuidString.lowercased()
        try Self.validate(requestID: requestID, cv: cv, results: results)
        let (cvID, sha, text): (String?, String?, String?) = switch cv {
        case .id(let value): (value, nil, nil)
        case .text(let value, let keep): (nil, SHA256.hex(value), keep ? value : nil)
        }
        let filterJSON = try Self.encode(filters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let explanations = results.map { $0.explanation.flatMap { try? String(decoding: encoder.encode($0), as: UTF8.self) } }
        let now = clock()
        try await run { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM match_request WHERE id = ?)", arguments: [requestID]) == true {
                throw FeedbackError(.invalidArgument, "request \(requestID) is already recorded")
            }
            try db.execute(
                sql: """
                    INSERT INTO match_request (id, cv_id, cv_sha256, cv_text, created_at, model_version, index_version, ranking_version, filters)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [requestID, cvID, sha, text, now, modelVersion, indexVersion, rankingVersion, filterJSON])
            let insert = try db.makeStatement(sql: """
                INSERT INTO match_result (request_id, job_id, rank, bi_encoder_score, rerank_score, explanation) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (result, explanation) in zip(results, explanations) {
                try insert.execute(arguments: [requestID, result.jobID, result.rank, result.biEncoderScore, result.rerankScore, explanation])
            }
        }
        return requestID
    }

    /// Records a reaction to a job that `requestID` showed.
    ///
    /// - Returns: the stored event.
    /// - Throws: `unknownRequest` when no such request was recorded, `jobNotShown` when the job
    ///   was not among its results, `invalidArgument` for a reason over ``maxReasonLength``.
    @discardableResult
    public func recordEvent(requestID: String, jobID: String, event: FeedbackEventKind,
                            reason: String? = nil) async throws -> FeedbackEventRecord {
        if let reason, reason.count > Self.maxReasonLength {
            throw FeedbackError(.invalidArgument, "reason is longer than \(Self.maxReasonLength) characters")
        }
        let now = clock()
        return try await run { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM match_request WHERE id = ?)", arguments: [requestID]) == true else {
                throw FeedbackError(.unknownRequest, "no match request with id \(Self.quoted(requestID))")
            }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM match_result WHERE request_id = ? AND job_id = ?)",
                                    arguments: [requestID, jobID]) == true else {
                throw FeedbackError(.jobNotShown, "job \(Self.quoted(jobID)) was not shown in request \(requestID)")
            }
            try db.execute(
                sql: "INSERT INTO feedback_event (request_id, job_id, event, created_at, reason) VALUES (?, ?, ?, ?, ?)",
                arguments: [requestID, jobID, event.rawValue, now, reason])
            return FeedbackEventRecord(id: db.lastInsertedRowID, requestID: requestID, jobID: jobID, event: event,
                                       createdAt: now, reason: reason)
        }
    }

    // MARK: Plumbing

    /// Transactions committed by ``recordRequest`` and ``recordEvent`` so far (concurrent
    /// writes share them: see ``GroupCommit``).
    public var commits: Int { groupCommit.commits }

    /// Runs `body` in a savepoint of the next group commit, turning GRDB's errors into
    /// ``FeedbackError``; returns once the transaction holding it committed.
    func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await groupCommit.write(body)
        } catch {
            throw Self.wrap(error, location)
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.wrap(error, location)
        }
    }

    static func wrap(_ error: any Error, _ location: Location) -> any Error {
        switch error {
        case let error as FeedbackError: return error
        case let error as DatabaseError:
            // Code and SQLite's message; GRDB keeps statement arguments out of both.
            let place = if case .file(let path) = location { path + ": " } else { "" }
            return FeedbackError(.database, "\(place)SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "unknown")")
        case is CancellationError: return error
        default: return FeedbackError(.database, "\(type(of: error)): \(error)")
        }
    }

    private static func validate(requestID: String, cv: CVReference, results: [ShownResult]) throws {
        guard !requestID.isEmpty else { throw FeedbackError(.invalidArgument, "request id is empty") }
        if case .id(let id) = cv, id.isEmpty { throw FeedbackError(.invalidArgument, "CV id is empty") }
        guard results.count <= maxResults else {
            throw FeedbackError(.invalidArgument, "\(results.count) results; at most \(maxResults) may be recorded")
        }
        var jobs = Set<String>(), ranks = Set<Int>()
        for result in results {
            guard !result.jobID.isEmpty else { throw FeedbackError(.invalidArgument, "a result has an empty job id") }
            guard result.rank >= 1 else { throw FeedbackError(.invalidArgument, "job \(quoted(result.jobID)) has rank \(result.rank); ranks start at 1") }
            guard result.biEncoderScore.isFinite, result.rerankScore?.isFinite ?? true else {
                throw FeedbackError(.invalidArgument, "job \(quoted(result.jobID)) has a score that is not finite")
            }
            guard jobs.insert(result.jobID).inserted else { throw FeedbackError(.invalidArgument, "job \(quoted(result.jobID)) is shown twice") }
            guard ranks.insert(result.rank).inserted else { throw FeedbackError(.invalidArgument, "rank \(result.rank) is used twice") }
        }
    }

    static func encode(_ filters: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(filters), as: UTF8.self)
    }

    /// An id for a message: JSON-quoted (so control characters show as escapes) and cut at 80.
    static func quoted(_ id: String) -> String {
        let cut = id.count > 80 ? String(id.prefix(80)) + "…" : id
        let data = (try? JSONEncoder().encode(cut)) ?? Data("\"?\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
