import Foundation

/// Inverse document frequency of skill ids: how rare, and so how telling, each skill is.
///
/// Built from documents that are lists of skill ids (e.g. the `skills` column of
/// `tables/jobs.parquet`; a skill repeated in one document counts once). The weight is
/// scikit-learn's smooth IDF (`TfidfVectorizer(smooth_idf=True)`):
///
///     idf(t) = ln((N + 1) / (df(t) + 1)) + 1
///
/// with N documents and df(t) the documents that contain t. A skill in every document weighs 1;
/// an id never seen weighs the most any id can, ln(N + 1) + 1 (df = 0), so an unknown skill counts
/// as rare rather than being dropped. Serialisable as JSON so a stage can store it.
///
/// ```swift
/// let idf = SkillIDF(documents: [["python", "sql"], ["sql"], ["nursing"]])
/// idf["sql"]       // ln(4/3) + 1 ≈ 1.288
/// idf["python"]    // ln(4/2) + 1 ≈ 1.693
/// idf["welding"]   // ln(4/1) + 1 ≈ 2.386 (unknown: the maximum)
/// ```
public struct SkillIDF: Sendable, Codable, Equatable {
    /// Number of documents counted.
    public let documentCount: Int
    /// Documents that contain each id.
    public let documentFrequency: [String: Int]

    /// Counts each id once per document.
    public init(documents: some Sequence<[String]>) {
        var n = 0
        var df: [String: Int] = [:]
        for doc in documents {
            n += 1
            for id in Set(doc) { df[id, default: 0] += 1 }
        }
        self.init(documentCount: n, documentFrequency: df)
    }

    /// - Precondition: each frequency lies in 0...documentCount (checked when decoding).
    public init(documentCount: Int, documentFrequency: [String: Int]) {
        self.documentCount = documentCount
        self.documentFrequency = documentFrequency
    }

    /// The weight of `id`: ln((N + 1) / (df + 1)) + 1; unknown ids get `maximum`.
    public subscript(id: String) -> Double {
        Self.idf(documents: documentCount, frequency: documentFrequency[id] ?? 0)
    }

    /// The largest weight: that of an id in no document.
    public var maximum: Double { Self.idf(documents: documentCount, frequency: 0) }

    /// sklearn's smooth idf for one term.
    public static func idf(documents n: Int, frequency df: Int) -> Double {
        log(Double(n + 1) / Double(df + 1)) + 1
    }

    /// `ids` ordered by weight, heaviest (rarest) first; ties by id.
    public func rankedByWeight(_ ids: some Sequence<String>) -> [String] {
        ids.map { ($0, self[$0]) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    // MARK: JSON

    private enum CodingKeys: String, CodingKey {
        case formula, documentCount = "document_count", documentFrequency = "document_frequency"
    }

    /// The formula, stored so a reader of the file knows what the numbers mean.
    public static let formula = "idf = ln((N + 1) / (df + 1)) + 1"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        documentCount = try c.decode(Int.self, forKey: .documentCount)
        documentFrequency = try c.decode([String: Int].self, forKey: .documentFrequency)
        guard documentCount >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .documentCount, in: c, debugDescription: "negative document_count")
        }
        if let bad = documentFrequency.first(where: { $0.value < 0 || $0.value > documentCount }) {
            throw DecodingError.dataCorruptedError(forKey: .documentFrequency, in: c,
                debugDescription: "'\(bad.key)' has df \(bad.value), outside 0...\(documentCount)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formula, forKey: .formula)
        try c.encode(documentCount, forKey: .documentCount)
        try c.encode(documentFrequency, forKey: .documentFrequency)
    }

    /// JSON with sorted keys (stable bytes for one input).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads JSON written by `jsonData()`.
    /// - Throws: `SkillsError.malformed` naming `file` and the field.
    public init(json data: Data, file: String) throws {
        do {
            self = try JSONDecoder().decode(SkillIDF.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw SkillsError(.malformed, "\(file): \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, _) {
            throw SkillsError(.malformed, "\(file): missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SkillsError(.malformed, "\(file): \(context.codingPath.map(\.stringValue).joined(separator: ".")): wrong type")
        } catch {
            throw SkillsError(.malformed, "\(file): not an IDF file (\(error))")
        }
    }
}
