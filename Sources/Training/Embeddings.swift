import Foundation
import Matching
import Transformers

/// Vectors for pair mining and evaluation: texts encoded with a model, or the jobs' vectors read
/// back from `tables/jobs_encoded.parquet` when that table was made by the same weights.
public enum Embeddings {
    /// Encodes texts into unit vectors, flat [n, d] in input order.
    public static func encode(_ encoder: SentenceEncoder, _ texts: [String], prefix: String = "", maxSeqLength: Int?, batchSize: Int = 32,
                              progress: ((Int) -> Void)? = nil) throws -> [Float] {
        let maxLen = min(maxSeqLength ?? encoder.directory.maxSeqLength, encoder.directory.config.maxPositionEmbeddings)
        var flat = try encoder.encode(texts, batchSize: batchSize, prefix: prefix, maxSeqLength: maxLen, progress: progress).flatMap { $0 }
        normalizeRows(&flat, dimension: encoder.dimension)
        return flat
    }

    /// The jobs' vectors in `ids` order from the encoded table, when its footer's fingerprint is
    /// `fingerprint` and it holds exactly these ids in this order; nil otherwise (or when absent).
    public static func reuse(encodedTable url: URL, fingerprint: String, ids: [String], dimension: Int) -> [Float]? {
        guard FileManager.default.fileExists(atPath: url.path),
              let info = try? EmbeddingTableInfo.read(url, idColumn: "job_id", vectorColumn: "embedding"),
              info.fingerprint == fingerprint, info.dimension == dimension, info.rows == ids.count,
              let q = try? QueryVectors.read(url, idColumn: "job_id", vectorColumn: "embedding", dimension: dimension),
              q.ids == ids
        else { return nil }
        var v = q.vectors
        normalizeRows(&v, dimension: dimension)
        return v
    }

    /// Keeps the first `to` values of each row of [n, from] and renormalises (Matryoshka).
    public static func truncate(_ flat: [Float], from: Int, to: Int) -> [Float] {
        if from == to { return flat }
        let n = flat.count / from
        var out = [Float](repeating: 0, count: n * to)
        for i in 0..<n { for j in 0..<to { out[i * to + j] = flat[i * from + j] } }
        normalizeRows(&out, dimension: to)
        return out
    }

    public static func normalizeRows(_ flat: inout [Float], dimension d: Int) {
        guard d > 0 else { return }
        for i in 0..<(flat.count / d) {
            var s: Float = 0
            for j in 0..<d { s += flat[i * d + j] * flat[i * d + j] }
            if s > 0 { let inv = 1 / s.squareRoot(); for j in 0..<d { flat[i * d + j] *= inv } }
        }
    }
}
