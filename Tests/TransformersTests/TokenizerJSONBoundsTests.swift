import Foundation
import Testing
@testable import Transformers

/// tokenizer.json ids that do not fit a token id (negative, ≥ 2^31, not integers) are one-line
/// errors naming the file and the field, never wrapped round to another token or dropped.
@Suite struct TokenizerJSONBoundsTests {
    static func file(vocab: String = #""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "data": 4"#,
                     added: String = "[]", maxChars: String = "100") -> URL {
        let json = """
            {"added_tokens": \(added), "normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "max_input_chars_per_word": \(maxChars), "vocab": {\(vocab)}}}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString.prefix(8)).json")
        FileManager.default.createFile(atPath: url.path, contents: Data(json.utf8))
        return url
    }

    @Test(arguments: [
        (#""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "data": 4294967300"#, "[]"),  // wrapped to 4 before
        (#""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "data": -1"#, "[]"),
        (#""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "data": 1e30"#, "[]"),
        (#""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "data": true"#, "[]"),
        (#""[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3"#, #"[{"id": 2147483648, "content": "[MASK]"}]"#),  // was dropped
    ])
    func idsOutOfRangeAreErrorsNamingTheFile(vocab: String, added: String) throws {
        let url = Self.file(vocab: vocab, added: added)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { _ = try BertTokenizer(tokenizerJSON: url) } throws: { error in
            let text = "\(error)"
            return text.contains(url.lastPathComponent) && text.contains("id") && !text.contains("\n")
        }
    }

    @Test func aHugeWordLimitIsTheDefaultNotATrap() throws {
        let url = Self.file(maxChars: "1e300")
        defer { try? FileManager.default.removeItem(at: url) }
        let tok = try BertTokenizer(tokenizerJSON: url)
        #expect(tok.wordPiece.maxInputCharsPerWord == 100)
        #expect(tok.encode("data").ids == [2, 4, 3])
    }
}
