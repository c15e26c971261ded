import Foundation
import JobMatchCore
import Tables
import Transformers

/// Vectors for pair mining and evaluation: texts encoded with a model, or the jobs' vectors read
/// back from `tables/jobs_encoded.parquet` when that table was made by the same weights.
public enum Embeddings {
    /// Encodes texts of one role (the model's prompt for it prepended) into unit vectors, flat
    /// [n, d] in input order.
    public static func encode(_ encoder: SentenceEncoder, _ texts: [String], role: TextRole, maxSeqLength: Int?, batchSize: Int = 32,
                              progress: ((Int) -> Void)? = nil) throws -> [Float] {
        var flat = try encoder.encode(texts, role: role, batchSize: batchSize, maxSeqLength: tokens(encoder, maxSeqLength),
                                      progress: progress).flatMap { $0 }
        UnitVectors.normalizeRows(&flat, dimension: encoder.dimension)
        return flat
    }

    /// Tokens per text: `maxSeqLength`, else the model's, at most its position embeddings.
    static func tokens(_ encoder: SentenceEncoder, _ maxSeqLength: Int?) -> Int {
        min(maxSeqLength ?? encoder.directory.maxSeqLength, encoder.directory.config.maxPositionEmbeddings)
    }

    /// Jobs' unit vectors (passages: the model's passage prompt prepended), flat [n, d] in input
    /// order, through the workspace's `EncodedJobsCache`:
    /// vectors cached for this model, these settings and the same text are reused, the others
    /// encoded and added to the cache. With nothing cached this is `encode` (the same vectors).
    ///
    /// - Returns: the vectors and how many were reused.
    public static func encodeJobs(_ encoder: SentenceEncoder, ids: [String], texts: [String],
                                  maxSeqLength: Int?, batchSize: Int = 32, cache: EncodedJobsCache?, fingerprint: String,
                                  model: String, progress: ((Int) -> Void)? = nil) throws -> (vectors: [Float], reused: Int) {
        let d = encoder.dimension, tokens = tokens(encoder, maxSeqLength), prefix = encoder.directory.prompt(for: .passage)
        let key = EncodedJobsCache.Key(modelFingerprint: fingerprint, maxSeqLength: tokens, precision: encoder.precision.vectorsLabel,
                                       prefix: prefix)
        var (flat, missing) = cache?.lookup(key, ids: ids, texts: texts, dimension: d)
            ?? ([Float](repeating: 0, count: ids.count * d), Array(ids.indices))
        if !missing.isEmpty {
            let fresh = try encoder.encode(missing.map { texts[$0] }, batchSize: batchSize, prefix: prefix, maxSeqLength: tokens,
                                           progress: progress)
            for (i, v) in zip(missing, fresh) { flat.replaceSubrange((i * d)..<((i + 1) * d), with: v) }
            try cache?.store(key, ids: ids, texts: texts, vectors: flat, dimension: d, model: model)
        }
        UnitVectors.normalizeRows(&flat, dimension: d)
        return (flat, ids.count - missing.count)
    }
}
