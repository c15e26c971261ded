import Foundation
import Testing
@testable import Transformers

/// Largest |a - b| over two lists of vectors.
func maxAbsDiff(_ a: [[Float]], _ b: [[Float]]) -> Float {
    zip(a, b).map { x, y in x.count == y.count ? zip(x, y).map { abs($0 - $1) }.max() ?? 0 : .infinity }.max() ?? 0
}

@Suite("SentenceEncoder on a tiny random BERT")
struct SentenceEncoderTests {
    let expected: [String: Any]
    let texts: [String]
    let encoder: SentenceEncoder

    init() throws {
        expected = try Fixtures.json("tiny_bert_expected.json")
        texts = try Fixtures.json("tokenizer_corpus.json")["texts"] as! [String]
        encoder = try SentenceEncoder(directory: Fixtures.tinyBert)
    }

    @Test("model folder: F16/BF16/F32 tensors, bert.-prefixed keys, pooling, max_seq_length, prompts")
    func folder() {
        #expect(encoder.directory.maxSeqLength == 48)
        #expect(encoder.directory.pooling == Pooling(mode: .mean, dimension: 20))
        #expect(encoder.directory.normalize)
        #expect(encoder.directory.prompts["query"] == "query: ")
    }

    /// One place gives each side its prompt: the model's own, none when it names none.
    @Test("a role's text gets the model's prompt for it; passage falls back to document, then to none")
    func rolePrompts() throws {
        let q = try encoder.encode([texts[0]], role: .query), p = try encoder.encode([texts[0]], role: .passage)
        #expect(q == (try encoder.encode(["query: " + texts[0]])))
        #expect(p == (try encoder.encode(["passage: " + texts[0]])))
        #expect(q != (try encoder.encode([texts[0]])))
        var d = encoder.directory
        d.prompts = ["document": "doc: "]
        #expect(d.prompt(for: .passage) == "doc: " && d.prompt(for: .query) == "")
        d.prompts = [:]
        #expect(d.prompt(for: .passage) == "" && d.prompt(for: .query) == "")
    }

    @Test("ids truncated at max_seq_length equal sentence-transformers'")
    func ids() {
        let want = (expected["ids"] as! [Any]).map(Fixtures.ints)
        for (i, w) in want.enumerated() {
            #expect(encoder.tokenizer.encode(texts[i], maxLength: 48).ids == w, "text \(i)")
        }
    }

    @Test("mean-pooled, normalised embeddings equal sentence-transformers' to 1e-5 (whole corpus)")
    func meanPooling() throws {
        let want = Fixtures.floats(expected["mean"]!)
        let got = try encoder.encode(texts, batchSize: 64)
        #expect(got.count == want.count)
        let err = maxAbsDiff(got, want)
        #expect(err < 1e-5, "max |swift - python| = \(err)")
    }

    @Test("batch size and order do not change vectors")
    func batchInvariance() throws {
        let sample = Array(texts.prefix(40))
        let a = try encoder.encode(sample, batchSize: 1)
        let b = try encoder.encode(sample.reversed(), batchSize: 7).reversed()
        #expect(maxAbsDiff(a, Array(b)) < 1e-6)
    }

    @Test("CLS pooling, Matryoshka truncation and the query prompt")
    func clsMatryoshkaPrompt() throws {
        let few = Fixtures.floats(expected["cls"]!).count
        let sample = Array(texts.prefix(few))
        var clsEncoder = encoder
        clsEncoder.directory.pooling = Pooling(mode: .cls, dimension: 20)
        #expect(maxAbsDiff(try clsEncoder.encode(sample), Fixtures.floats(expected["cls"]!)) < 1e-5, "cls")
        #expect(maxAbsDiff(try encoder.encode(sample, dimension: 8), Fixtures.floats(expected["matryoshka8"]!)) < 1e-5, "matryoshka8")
        let q = Fixtures.floats(expected["query_prompt"]!)
        let got = try encoder.encode(Array(texts.prefix(q.count)), prefix: try encoder.prompt(named: "query"))
        #expect(maxAbsDiff(got, q) < 1e-5, "query prompt")
    }

    @Test("every vector has unit norm")
    func unitNorm() throws {
        for v in try encoder.encode(Array(texts.prefix(200))) {
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(n - 1) < 1e-5)
        }
    }
}
