import Foundation

/// Loading a `BertTokenizer` from a model folder: `tokenizer.json`, or `vocab.txt` with
/// `tokenizer_config.json`.
extension BertTokenizer {
    /// Reads `tokenizer.json` if the folder has one, else `vocab.txt` (+ `tokenizer_config.json`).
    ///
    /// - Throws: `TransformersError` naming the file and field that is missing or unsupported.
    public init(directory: URL) throws {
        let json = directory.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: json.path) {
            try self.init(tokenizerJSON: json)
        } else {
            try self.init(vocabTxt: directory.appendingPathComponent("vocab.txt"),
                          config: directory.appendingPathComponent("tokenizer_config.json"))
        }
    }

    /// Reads a `tokenizers` JSON file with a BertNormalizer, BertPreTokenizer and WordPiece model.
    public init(tokenizerJSON url: URL) throws {
        let root = try JSONFile(url)
        let model = try root.object("model")
        let modelType = try model.string("type", path: "model.type")
        guard modelType == "WordPiece" else {
            throw TransformersError.unsupported(path: url.path, field: "model.type", value: modelType)
        }
        let vocabJSON = try model.object("vocab")
        var vocab: [String: Int32] = [:]
        vocab.reserveCapacity(vocabJSON.count)
        for (k, v) in vocabJSON.raw {
            guard let id = JSONFile.tokenID(v) else {
                throw TransformersError.invalidField(path: url.path, field: "model.vocab.\(k)", reason: "not an integer id in 0...\(Int32.max)")
            }
            vocab[k] = id
        }
        let unk = (try? model.string("unk_token", path: "model.unk_token")) ?? "[UNK]"
        guard let unkId = vocab[unk] else {
            throw TransformersError.invalidField(path: url.path, field: "model.unk_token", reason: "'\(unk)' not in vocab")
        }
        let prefix = (try? model.string("continuing_subword_prefix", path: "")) ?? "##"
        let maxChars = (try? model.int("max_input_chars_per_word", path: "")) ?? 100
        var normalizer = BertNormalizer()
        if let n = root.raw["normalizer"] as? [String: Any] {
            guard (n["type"] as? String) == "BertNormalizer" else {
                throw TransformersError.unsupported(path: url.path, field: "normalizer.type", value: "\(n["type"] ?? "nil")")
            }
            let lower = n["lowercase"] as? Bool ?? true
            normalizer = BertNormalizer(
                cleanText: n["clean_text"] as? Bool ?? true, handleChineseChars: n["handle_chinese_chars"] as? Bool ?? true,
                stripAccents: n["strip_accents"] as? Bool, lowercase: lower)
        }
        if let p = root.raw["pre_tokenizer"] as? [String: Any], (p["type"] as? String) != "BertPreTokenizer" {
            throw TransformersError.unsupported(path: url.path, field: "pre_tokenizer.type", value: "\(p["type"] ?? "nil")")
        }
        var added: [(content: String, id: Int32)] = []
        for t in root.raw["added_tokens"] as? [[String: Any]] ?? [] {
            guard let c = t["content"] as? String else { continue }
            guard let id = JSONFile.tokenID(t["id"]) else {
                throw TransformersError.invalidField(path: url.path, field: "added_tokens.\(c).id", reason: "not an integer id in 0...\(Int32.max)")
            }
            added.append((c, id))
        }
        func special(_ token: String) throws -> Int32 {
            guard let id = vocab[token] else {
                throw TransformersError.invalidField(path: url.path, field: "model.vocab", reason: "no '\(token)' token")
            }
            return id
        }
        self.init(normalizer: normalizer,
                  wordPiece: WordPiece(vocab: vocab, unkId: unkId, continuingSubwordPrefix: prefix, maxInputCharsPerWord: maxChars),
                  clsId: try special("[CLS]"), sepId: try special("[SEP]"), padId: try special("[PAD]"), addedTokens: added)
    }

    /// Reads a BERT `vocab.txt` (one token per line, id = line number) and, if present,
    /// `tokenizer_config.json` (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`, special tokens).
    public init(vocabTxt: URL, config: URL) throws {
        guard FileManager.default.fileExists(atPath: vocabTxt.path) else {
            throw TransformersError.missingFile(path: vocabTxt.deletingLastPathComponent().appendingPathComponent("tokenizer.json").path + " or vocab.txt")
        }
        guard let text = try? String(contentsOf: vocabTxt, encoding: .utf8) else {
            throw TransformersError.unreadable(path: vocabTxt.path, reason: "not UTF-8 text")
        }
        var vocab: [String: Int32] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() where vocab[String(line)] == nil { vocab[String(line)] = Int32(i) }
        var cfg: [String: Any] = [:]
        if FileManager.default.fileExists(atPath: config.path) { cfg = try JSONFile(config).raw }
        func token(_ key: String, _ fallback: String) throws -> (String, Int32) {
            let t = cfg[key] as? String ?? (cfg[key] as? [String: Any])?["content"] as? String ?? fallback
            guard let id = vocab[t] else {
                throw TransformersError.invalidField(path: config.path, field: key, reason: "'\(t)' not in vocab.txt")
            }
            return (t, id)
        }
        let cls = try token("cls_token", "[CLS]"), sep = try token("sep_token", "[SEP]")
        let pad = try token("pad_token", "[PAD]"), unk = try token("unk_token", "[UNK]")
        let mask = try? token("mask_token", "[MASK]")
        let lower = cfg["do_lower_case"] as? Bool ?? true
        let normalizer = BertNormalizer(
            cleanText: true, handleChineseChars: cfg["tokenize_chinese_chars"] as? Bool ?? true,
            stripAccents: cfg["strip_accents"] as? Bool, lowercase: lower)
        self.init(normalizer: normalizer, wordPiece: WordPiece(vocab: vocab, unkId: unk.1),
                  clsId: cls.1, sepId: sep.1, padId: pad.1,
                  addedTokens: [pad, unk, cls, sep] + (mask.map { [$0] } ?? []))
    }
}
