import Foundation
import JobMatchCore

/// A CV that asked to be alerted when a new posting matches it.
public struct StandingSearch: Sendable, Codable, Equatable {
    public var cvID: String
    /// Alerts go out for postings whose cosine with the CV is at least this.
    public var minScore: Float
    /// The person agreed to be alerted (a search is never stored without it).
    public var consent: Bool
    /// When consent was given (ISO 8601, UTC).
    public var consentedAt: String

    enum CodingKeys: String, CodingKey {
        case cvID = "cv_id", minScore = "min_score", consent, consentedAt = "consented_at"
    }

    public init(cvID: String, minScore: Float, consent: Bool, consentedAt: String) {
        self.cvID = cvID
        self.minScore = minScore
        self.consent = consent
        self.consentedAt = consentedAt
    }
}

/// The standing searches of a workspace: `alerts/searches.json`, replaced durably (DurableFile)
/// on every change, at most one search per CV.
///
/// ```swift
/// let store = StandingSearchStore(workspace: ws)
/// try store.add(StandingSearch(cvID: "cv-000003", minScore: 0.5, consent: true, consentedAt: now))
/// for s in try store.list() { print(s.cvID, s.minScore) }
/// ```
public struct StandingSearchStore: Sendable {
    public let url: URL
    /// The score a search gets when none is asked for.
    public static let defaultMinScore: Float = 0.5

    public init(workspace: Workspace) {
        url = workspace.standingSearches
    }

    private struct File: Codable {
        var searches: [StandingSearch]
    }

    /// Every search, sorted by CV id; empty when the file does not exist.
    /// - Throws: `AlertsError.badFile` naming the file when it is not a searches file.
    public func list() throws -> [StandingSearch] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw AlertsError(.badFile, path: url.path, "not a standing-searches file (expected {\"searches\": [...]})")
        }
        return file.searches.sorted { $0.cvID < $1.cvID }
    }

    /// Adds a search, or replaces the one of the same CV.
    /// - Throws: `AlertsError.invalidArgument` without consent or with a score outside -1...1.
    public func add(_ search: StandingSearch) throws {
        guard search.consent else { throw AlertsError(.invalidArgument, "a standing search needs the person's consent") }
        guard search.minScore.isFinite, (-1...1).contains(search.minScore) else {
            throw AlertsError(.invalidArgument, "min score must be in -1...1, is \(search.minScore)")
        }
        var searches = try list().filter { $0.cvID != search.cvID }
        searches.append(search)
        try save(searches)
    }

    /// Removes the search of `cvID`.
    /// - Throws: `AlertsError.unknownID` when there is none.
    public func remove(cvID: String) throws {
        let searches = try list()
        guard searches.contains(where: { $0.cvID == cvID }) else {
            throw AlertsError(.unknownID, path: url.path, "no standing search for CV \(cvID)")
        }
        try save(searches.filter { $0.cvID != cvID })
    }

    private func save(_ searches: [StandingSearch]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.createFolder(url.deletingLastPathComponent())
        try DurableFile.write(try encoder.encode(File(searches: searches.sorted { $0.cvID < $1.cvID })), to: url)
    }

    /// Now as ISO 8601 (UTC, seconds), the form of `consentedAt` and of an alert's time.
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
