import Foundation
import Tensor

/// A sentence-transformers model run in Swift: tokenizer, BERT, pooling, normalisation.
///
/// Gives the vectors `SentenceTransformer(dir).encode(texts)` gives (tested to 1e-5 on a tiny
/// random BERT and to cosine 0.99999 on all-MiniLM-L6-v2).
///
/// ```swift
/// let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: "workspace/models/all-MiniLM-L6-v2"))
/// let vectors = try encoder.encode(["Senior Data Scientist", "Swift developer"])  // 2 × 384, unit norm
/// ```
public struct SentenceEncoder: Sendable {
    public var directory: ModelDirectory
    public let tokenizer: BertTokenizer
    public let model: BertModel

    public var dimension: Int { directory.config.hiddenSize }
    /// The precision of the linear layers' products (`Precision`).
    public var precision: Precision { model.precision }

    /// Loads the model; `precision` converts the linear layers' weights once (see `Precision`).
    public init(directory url: URL, precision: Precision = .fp32) throws {
        directory = try ModelDirectory(url)
        // tokenizer.json is parsed while the weights load, as one more of the loading tasks.
        let (config, weights) = (directory.config, try WeightReader(SafeTensors(url: directory.weightsURL)))
        var parsed: Result<BertTokenizer, any Error>?
        model = try withUnsafeMutablePointer(to: &parsed) { tok in
            try BertModel(config: config, weights: weights, precision: precision) {
                tok.pointee = Result { try BertTokenizer(directory: url) }
            }
        }
        tokenizer = try parsed!.get()
        guard tokenizer.wordPiece.vocab.count <= directory.config.vocabSize else {
            throw TransformersError.invalidField(
                path: url.appendingPathComponent("config.json").path, field: "vocab_size",
                reason: "\(directory.config.vocabSize) is smaller than the tokenizer's \(tokenizer.wordPiece.vocab.count) tokens")
        }
    }

    /// The prefix for a named prompt from `config_sentence_transformers.json`.
    ///
    /// - Throws: `TransformersError.invalidArgument` listing the known names.
    public func prompt(named name: String) throws -> String {
        guard let p = directory.prompts[name] else {
            throw TransformersError.invalidArgument(
                "prompt '\(name)' not in config_sentence_transformers.json (has: \(directory.prompts.keys.sorted().joined(separator: ", ")))")
        }
        return p
    }

    /// Embeds texts; the result is in input order, one vector per text.
    ///
    /// Texts are tokenised, sorted by length (longest first) and run in batches of `batchSize`
    /// packed without padding. Vectors are L2-normalised when the model has a Normalize module;
    /// with `dimension` they are truncated to it and renormalised (Matryoshka).
    ///
    /// - Parameters:
    ///   - prefix: prepended to every text (a prompt such as `"query: "`).
    ///   - maxSeqLength: tokens per text including `[CLS]`/`[SEP]`; default the model's.
    ///   - progress: called after each batch with the number of texts done so far.
    /// - Returns: `texts.count` vectors of `dimension ?? self.dimension` floats; empty for no texts.
    public func encode(
        _ texts: [String], batchSize: Int = 32, prefix: String = "", dimension: Int? = nil, maxSeqLength: Int? = nil,
        progress: ((Int) -> Void)? = nil
    ) throws -> [[Float]] {
        guard batchSize > 0 else { throw TransformersError.invalidArgument("batch size must be positive, is \(batchSize)") }
        let maxLen = maxSeqLength ?? directory.maxSeqLength
        guard maxLen > 2, maxLen <= directory.config.maxPositionEmbeddings else {
            throw TransformersError.invalidArgument("max sequence length \(maxLen) not in 3...\(directory.config.maxPositionEmbeddings)")
        }
        if let d = dimension, d < 1 || d > self.dimension {
            throw TransformersError.invalidArgument("dimension \(d) not in 1...\(self.dimension)")
        }
        let encodings = tokenize(texts, prefix: prefix, maxLength: maxLen)
        let order = encodings.indices.sorted { encodings[$0].ids.count > encodings[$1].ids.count }
        var out = [[Float]](repeating: [], count: texts.count)
        var done = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let idx = Array(order[start..<min(start + batchSize, order.count)])
            let vectors = try embed(idx.map { encodings[$0] })
            for (i, v) in zip(idx, vectors) { out[i] = finish(v, dimension: dimension) }
            done += idx.count
            progress?(done)
        }
        return out
    }

    /// The encodings of `texts` in order, tokenised on `Parallel.threads` (the tokenizer is a value
    /// type without caches): on one thread, tokenising 150 texts of 256 tokens took 4% of the
    /// whole bf16 `jobmatch embed` process with the other core idle.
    func tokenize(_ texts: [String], prefix: String, maxLength: Int) -> [Encoding] {
        [Encoding](unsafeUninitializedCapacity: texts.count) { buffer, initialized in
            let base = buffer.baseAddress
            Parallel.forEachChunk(texts.count, minPerChunk: 16) { range in
                for i in range { (base! + i).initialize(to: tokenizer.encode(prefix + texts[i], maxLength: maxLength)) }
            }
            initialized = texts.count
        }
    }

    /// Pooled vectors, before normalisation, for encodings of one batch: [B][C].
    public func embed(_ encodings: [Encoding]) throws -> [[Float]] {
        let batch = try TokenBatch(encodings)
        let (hidden, _) = try model.forward(batch)
        let pooled = try directory.pooling.forward(hidden, batch: batch)
        let c = pooled.shape[1]
        return (0..<batch.count).map { Array(pooled.data[($0 * c)..<(($0 + 1) * c)]) }
    }

    func finish(_ v: [Float], dimension: Int?) -> [Float] {
        var v = v
        if let d = dimension, d < v.count {
            v = Array(v.prefix(d))
            Pooling.l2Normalize(&v)
        } else if directory.normalize {
            Pooling.l2Normalize(&v)
        }
        return v
    }
}
