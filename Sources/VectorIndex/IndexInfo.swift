import Foundation
import JobMatchCore

/// The side file of an index (`jobs.faiss.json` next to `jobs.faiss`): what the vectors are, so a
/// search with another model's vectors is refused instead of returning noise.
public struct IndexInfo: Codable, Sendable, Equatable {
    /// The model's name (its folder name, e.g. `all-MiniLM-L6-v2`).
    public var model: String
    /// A fingerprint of the model's weights file (size and SHA-256 of its first and last MiB).
    public var modelFingerprint: String
    /// Stored dimension (after Matryoshka truncation).
    public var dimension: Int
    /// The model's own output dimension.
    public var modelDimension: Int
    /// Vectors were L2-normalised after truncation (inner product = cosine).
    public var normalized: Bool
    public var encoding: VectorEncoding
    /// The table the vectors came from, and its row count.
    public var sourceTable: String
    public var count: Int
    /// Texts were prefixed with this prompt when encoded (`passage: ` for e5), empty for none.
    public var documentPrompt: String
    /// When the index was written (ISO 8601).
    public var created: String
    /// The precision of the encoder's linear layers when the vectors were made (`fp32`, `bf16`,
    /// `int8`); queries are encoded at the same precision. nil in side files written before it
    /// was recorded (read as fp32).
    public var precision: String?
    /// Tokens per text when the vectors were made; nil: the model's own.
    public var maxSeqLength: Int?
    /// The index's structure in FAISS's factory words: `IVF1024,Flat` for an inverted-file index;
    /// nil for the flat index (and in side files written before IVF indexes existed).
    public var structure: String?

    public init(model: String, modelFingerprint: String, dimension: Int, modelDimension: Int, normalized: Bool,
                encoding: VectorEncoding, sourceTable: String, count: Int, documentPrompt: String, created: Date = Date(),
                precision: String? = nil, maxSeqLength: Int? = nil, structure: String? = nil) {
        self.model = model
        self.modelFingerprint = modelFingerprint
        self.dimension = dimension
        self.modelDimension = modelDimension
        self.normalized = normalized
        self.encoding = encoding
        self.sourceTable = sourceTable
        self.count = count
        self.documentPrompt = documentPrompt
        self.created = ISO8601DateFormatter().string(from: created)
        self.precision = precision
        self.maxSeqLength = maxSeqLength
        self.structure = structure
    }

    /// `jobs.faiss` → `jobs.faiss.json`.
    public static func url(forIndex index: URL) -> URL {
        index.deletingLastPathComponent().appendingPathComponent(index.lastPathComponent + ".json")
    }

    public static func read(forIndex index: URL) throws -> IndexInfo {
        let url = Self.url(forIndex: index)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw VectorIndexError(.io, path: url.path, "index side file not found (was the index built by `jobmatch index`?)")
        }
        do {
            return try JSONDecoder().decode(IndexInfo.self, from: data)
        } catch {
            throw VectorIndexError(.format, path: url.path, "not an index side file: \(error)")
        }
    }

    public func write(forIndex index: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.write(try enc.encode(self), to: Self.url(forIndex: index))
    }

    /// Throws unless vectors from `model` (with this fingerprint) can be searched in this index.
    public func checkCompatible(model other: String, fingerprint: String, indexPath: String) throws {
        guard fingerprint == modelFingerprint else {
            throw VectorIndexError(.invalidArgument, path: indexPath,
                                   "index was built with model '\(model)' (\(modelFingerprint.prefix(12))…), not '\(other)' (\(fingerprint.prefix(12))…); rebuild it with `jobmatch index` or pass --model")
        }
    }
}
