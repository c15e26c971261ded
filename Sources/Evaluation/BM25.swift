import Foundation
import JobMatchCore

/// BM25 Okapi over a fixed corpus (k1 = 1.2, b = 0.75): the lexical baseline of `jobmatch eval`.
///
/// score(q, d) = Σ over query terms t (each occurrence in the query counts, as `rank_bm25`) of
/// idf(t) · f(t, d) · (k1 + 1) / (f(t, d) + k1 · (1 − b + b · |d| / avgdl)), with Lucene's
/// non-negative idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)).
/// Tokens: lower-cased runs of letters and digits (`tokenize`).
public struct BM25: Sendable {
    public let k1: Double
    public let b: Double
    /// term → (document, term frequency)
    let postings: [String: [(doc: Int32, tf: Int32)]]
    let lengths: [Double]
    let averageLength: Double
    public var count: Int { lengths.count }

    public init(documents: [String], k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        var postings: [String: [(doc: Int32, tf: Int32)]] = [:]
        var lengths: [Double] = []
        lengths.reserveCapacity(documents.count)
        for (d, text) in documents.enumerated() {
            let tokens = Self.tokenize(text)
            lengths.append(Double(tokens.count))
            var tf: [String: Int32] = [:]
            for t in tokens { tf[t, default: 0] += 1 }
            for (t, f) in tf { postings[t, default: []].append((Int32(d), f)) }
        }
        self.postings = postings
        self.lengths = lengths
        averageLength = lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(lengths.count)
    }

    /// Lower-cased runs of letters and digits.
    public static func tokenize(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(ch) { current.unicodeScalars.append(ch) } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    public func idf(_ term: String) -> Double { Self.idf(documentFrequency: postings[term]?.count ?? 0, count: count) }

    /// Lucene's non-negative idf of a term in `df` of `n` documents.
    static func idf(documentFrequency df: Int, count n: Int) -> Double {
        log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// One query term's share of a document's score: `w · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d| / avgdl))`.
    static func share(weight w: Double, tf: Double, length: Double, averageLength: Double, k1: Double, b: Double) -> Double {
        let norm = k1 * (1 - b + b * length / max(averageLength, 1e-9))
        return w * tf * (k1 + 1) / (tf + norm)
    }

    /// The score of every document for the query.
    public func scores(_ query: String) -> [Double] {
        var s = [Double](repeating: 0, count: count)
        for t in Self.tokenize(query) {
            guard let list = postings[t] else { continue }
            let w = idf(t)
            for (d, f) in list {
                s[Int(d)] += Self.share(weight: w, tf: Double(f), length: lengths[Int(d)], averageLength: averageLength, k1: k1, b: b)
            }
        }
        return s
    }

    /// The corpus statistics BM25 weighs with (`Statistics`): enough to score any document of the
    /// corpus, or a few of them, without the postings.
    public var statistics: Statistics {
        Statistics(count: count, averageLength: averageLength, documentFrequency: postings.mapValues { $0.count }, k1: k1, b: b)
    }

    /// The k best documents (index, score), best first; ties keep corpus order.
    public func search(_ query: String, k: Int) -> [(doc: Int, score: Double)] {
        let s = scores(query)
        return topK(s, k: k)
    }
}

/// The k largest values (index, value), best first; ties keep index order (`TopK`).
func topK(_ s: [Double], k: Int) -> [(doc: Int, score: Double)] {
    var top = TopK<Double>(k: k)
    for (i, v) in s.enumerated() { top.push(v, row: i) }
    return top.sorted().map { ($0.row, $0.score) }
}

extension BM25 {
    /// A corpus's BM25 statistics: its size, mean document length (in tokens) and each term's
    /// document frequency. What a matcher needs to score its few candidates as `BM25.scores` scores
    /// the whole corpus, without holding the postings (`LexicalFusion`).
    public struct Statistics: Sendable, Codable, Equatable {
        public var count: Int
        public var averageLength: Double
        public var documentFrequency: [String: Int]
        public var k1: Double
        public var b: Double

        public init(count: Int, averageLength: Double, documentFrequency: [String: Int], k1: Double = 1.2, b: Double = 0.75) {
            self.count = count
            self.averageLength = averageLength
            self.documentFrequency = documentFrequency
            self.k1 = k1
            self.b = b
        }

        /// The statistics of `documents`.
        public init<S: Sequence>(documents: S, k1: Double = 1.2, b: Double = 0.75) where S.Element == String {
            var counter = Counter()
            for text in documents { counter.add(text) }
            self = counter.statistics(k1: k1, b: b)
        }

        /// Counts documents one at a time, so a pass over a table need not hold its texts.
        public struct Counter {
            var documentFrequency: [String: Int] = [:]
            var count = 0, tokens = 0
            public init() {}

            public mutating func add(_ text: String) {
                let t = BM25.tokenize(text)
                count += 1
                tokens += t.count
                for term in Set(t) { documentFrequency[term, default: 0] += 1 }
            }

            public func statistics(k1: Double = 1.2, b: Double = 0.75) -> Statistics {
                Statistics(count: count, averageLength: count == 0 ? 0 : Double(tokens) / Double(count),
                           documentFrequency: documentFrequency, k1: k1, b: b)
            }
        }

        public func idf(_ term: String) -> Double { BM25.idf(documentFrequency: documentFrequency[term] ?? 0, count: count) }

        /// The BM25 score of each of `documents` (texts of this corpus) for the query: equal to
        /// `BM25(documents: corpus).scores(query)` at those documents.
        public func scores(_ query: String, documents: [String]) -> [Double] {
            let terms = BM25.tokenize(query)
            let weights = Dictionary(terms.map { ($0, idf($0)) }, uniquingKeysWith: { a, _ in a })
            return documents.map { text in
                let tokens = BM25.tokenize(text)
                var tf: [String: Int] = [:]
                for t in tokens where weights[t] != nil { tf[t, default: 0] += 1 }
                var s = 0.0
                for t in terms {  // each occurrence in the query counts, in its order, as `BM25.scores` adds them
                    guard let f = tf[t] else { continue }
                    s += BM25.share(weight: weights[t]!, tf: Double(f), length: Double(tokens.count), averageLength: averageLength, k1: k1, b: b)
                }
                return s
            }
        }
    }
}
