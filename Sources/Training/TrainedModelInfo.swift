import Foundation
import Tables
import Transformers

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

/// Runs a whole evaluation: each model (at its dimensions) and optionally BM25.
public enum Evaluation {
    public struct Model: Sendable {
        public var url: URL
        public var name: String
        /// nil: the model's own dimension, plus its Matryoshka dimensions when `jobmatch.json` lists them.
        public var dims: [Int]?
        public init(url: URL, name: String, dims: [Int]? = nil) { self.url = url; self.name = name; self.dims = dims }
    }

    /// - Parameters:
    ///   - encodedCorpus, jobsCache: where job vectors may be found when the corpus is the jobs table.
    public static func run(set: EvaluationSet, models: [Model], bm25: Bool, maxSeqLength: Int?, encodedCorpus: URL?,
                           jobsCache: EncodedJobsCache? = nil,
                           progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> [RetrievalEvaluator.Result] {
        var evaluator = RetrievalEvaluator(set: set, maxSeqLength: maxSeqLength)
        evaluator.encodedCorpus = encodedCorpus
        evaluator.jobsCache = jobsCache
        var out: [RetrievalEvaluator.Result] = []
        for m in models {
            var dims = m.dims
            if dims == nil, let info = TrainedModelInfo.read(m.url), !info.matryoshkaDims.isEmpty {
                dims = Array(Set(info.matryoshkaDims)).sorted(by: >)
            }
            out += try evaluator.dense(model: m.url, name: m.name, dims: dims, progress: progress)
        }
        if bm25 { out.append(evaluator.bm25()) }
        return out
    }
}
