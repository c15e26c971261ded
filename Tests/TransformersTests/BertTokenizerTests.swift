import Foundation
import Testing
@testable import Transformers

@Suite("BertTokenizer")
struct BertTokenizerTests {
    let corpus: [String: Any]
    init() throws { corpus = try Fixtures.json("tokenizer_corpus.json") }

    /// Compares every text of the fixture corpus; reports the count and the first mismatches.
    func checkCorpus(_ tok: BertTokenizer) {
        let texts = corpus["texts"] as! [String]
        let expected = (corpus["ids"] as! [Any]).map(Fixtures.ints)
        #expect(texts.count >= 2000)
        var bad: [String] = []
        for (i, text) in texts.enumerated() {
            let got = tok.encode(text).ids
            if got != expected[i] { bad.append("#\(i) \(text.debugDescription.prefix(80)): got \(got.prefix(12)) want \(expected[i].prefix(12))") }
        }
        #expect(bad.isEmpty, "\(bad.count) of \(texts.count) differ:\n\(bad.prefix(10).joined(separator: "\n"))")
    }

    @Test("ids equal the tokenizers library on the corpus (vocab.txt + tokenizer_config.json)")
    func corpusFromVocabTxt() throws {
        checkCorpus(try BertTokenizer(directory: Fixtures.tinyBert))
    }

    @Test("ids equal the tokenizers library on the corpus (all-MiniLM-L6-v2 tokenizer.json)",
          .enabled(if: Fixtures.runMiniLMTests, "needs the model unpacked by scripts/setup.sh"))
    func corpusFromTokenizerJSON() throws {
        try #require(Fixtures.hasMiniLM, "\(Fixtures.missingMiniLM)")
        checkCorpus(try BertTokenizer(tokenizerJSON: Fixtures.miniLM.appendingPathComponent("tokenizer.json")))
    }

    @Test("pairs: ids and token types under longest-first truncation")
    func pairs() throws {
        let tok = try BertTokenizer(directory: Fixtures.tinyBert)
        let pairs = corpus["pairs"] as! [[String: Any]]
        #expect(pairs.count >= 100)
        for (i, p) in pairs.enumerated() {
            let e = tok.encode(p["a"] as! String, pair: p["b"] as! String, maxLength: p["max_length"] as? Int)
            #expect(e.ids == Fixtures.ints(p["ids"]!), "pair \(i) ids")
            #expect(e.typeIds == Fixtures.ints(p["type_ids"]!), "pair \(i) type ids")
        }
    }

    @Test("truncation, padding and attention masks")
    func truncationAndPadding() throws {
        let tok = try BertTokenizer(directory: Fixtures.tinyBert)
        let long = tok.encode(String(repeating: "data science ", count: 50), maxLength: 16)
        #expect(long.ids.count == 16)
        #expect(long.ids.first == tok.clsId && long.ids.last == tok.sepId)
        let padded = tok.pad([long, tok.encode("")])
        #expect(padded[1].ids.count == 16)
        #expect(padded[1].ids == [tok.clsId, tok.sepId] + [Int32](repeating: tok.padId, count: 14))
        #expect(padded[1].attentionMask == [1, 1] + [Int32](repeating: 0, count: 14))
        #expect(padded[1].length == 2)
    }

    @Test("normaliser: accents, case, CJK spacing, control characters")
    func normalizer() {
        let n = BertNormalizer()
        func s(_ t: String) -> String { String(String.UnicodeScalarView(n.normalize(t))) }
        #expect(s("Café RÉSUMÉ") == "cafe resume")
        #expect(s("数据abc") == " 数  据 abc")
        #expect(s("a\u{0}b\u{7}c\td") == "abc d")
    }
}
