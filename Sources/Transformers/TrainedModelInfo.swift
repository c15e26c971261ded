import Foundation

/// `models/NAME/jobmatch.json`: what `jobmatch train` records beside an exported model. Its
/// presence marks the folder as fine-tuned for `ModelLocator`; `jobmatch eval` reads the
/// Matryoshka dimensions from it.
public struct TrainedModelInfo: Codable, Sendable, Equatable {
    public var baseModel: String
    public var pairs: String
    public var pairCount: Int
    public var steps: Int
    public var matryoshkaDims: [Int]
    public var maxSeqLength: Int
    public var heldOut: HeldOutDescription

    public struct HeldOutDescription: Codable, Sendable, Equatable {
        public var fraction: Double
        public var seed: UInt64
        public init(fraction: Double, seed: UInt64) { self.fraction = fraction; self.seed = seed }
    }

    public init(baseModel: String, pairs: String, pairCount: Int, steps: Int, matryoshkaDims: [Int], maxSeqLength: Int, heldOut: HeldOutDescription) {
        self.baseModel = baseModel; self.pairs = pairs; self.pairCount = pairCount; self.steps = steps
        self.matryoshkaDims = matryoshkaDims; self.maxSeqLength = maxSeqLength; self.heldOut = heldOut
    }

    public static func url(in folder: URL) -> URL { folder.appendingPathComponent(ModelLocator.markerFile) }

    public func write(to folder: URL) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.keyEncodingStrategy = .convertToSnakeCase
        try e.encode(self).write(to: Self.url(in: folder))
    }

    /// nil when the folder has no marker (a base model) or it cannot be read.
    public static func read(_ folder: URL) -> TrainedModelInfo? {
        guard let data = FileManager.default.contents(atPath: url(in: folder).path) else { return nil }
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try? d.decode(TrainedModelInfo.self, from: data)
    }
}
