import Foundation

/// A Hugging Face / sentence-transformers model folder and what its files say.
///
/// Reads `config.json`, `model.safetensors`, the tokenizer (`tokenizer.json`, or `vocab.txt` +
/// `tokenizer_config.json`), `modules.json` (Transformer → Pooling → Normalize), the pooling
/// folder's `config.json`, `sentence_bert_config.json` (`max_seq_length`) and
/// `config_sentence_transformers.json` (`prompts`). Without `modules.json` the folder is read as a
/// plain transformer with mean pooling and no normalisation, as sentence-transformers does.
public struct ModelDirectory: Sendable {
    public let url: URL
    public let config: BertConfig
    public var pooling: Pooling
    public var normalize: Bool
    public let maxSeqLength: Int
    /// Prompt name → prefix (e5: `query` → `"query: "`).
    public var prompts: [String: String]
    public let defaultPromptName: String?

    public var weightsURL: URL { url.appendingPathComponent("model.safetensors") }

    /// - Throws: `TransformersError` naming the file and field that is missing or inconsistent.
    public init(_ url: URL) throws {
        self.url = url
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw TransformersError.missingFile(path: url.path)
        }
        config = try BertConfig(url: url.appendingPathComponent("config.json"))
        let weights = url.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else { throw TransformersError.missingFile(path: weights.path) }

        let modulesURL = url.appendingPathComponent("modules.json")
        var pooling = Pooling(mode: .mean, dimension: config.hiddenSize)
        var normalize = false
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            guard let data = try? Data(contentsOf: modulesURL),
                  let modules = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw TransformersError.unreadable(path: modulesURL.path, reason: "not a JSON list of modules")
            }
            for (i, m) in modules.enumerated() {
                let type = m["type"] as? String ?? ""
                let path = m["path"] as? String ?? ""
                switch type.split(separator: ".").last.map(String.init) ?? "" {
                case "Transformer": continue
                case "Pooling": pooling = try Pooling(url: url.appendingPathComponent(path).appendingPathComponent("config.json"))
                case "Normalize": normalize = true
                default: throw TransformersError.unsupported(path: modulesURL.path, field: "[\(i)].type", value: type.isEmpty ? "missing" : type)
                }
            }
        }
        guard pooling.dimension == config.hiddenSize else {
            throw TransformersError.invalidField(
                path: url.appendingPathComponent("1_Pooling/config.json").path, field: "word_embedding_dimension",
                reason: "\(pooling.dimension) differs from config.json hidden_size \(config.hiddenSize)")
        }
        self.pooling = pooling
        self.normalize = normalize

        let sbURL = url.appendingPathComponent("sentence_bert_config.json")
        var maxLen = config.maxPositionEmbeddings
        if FileManager.default.fileExists(atPath: sbURL.path) {
            let f = try JSONFile(sbURL)
            if f.raw["max_seq_length"] != nil { maxLen = try f.int("max_seq_length") }
            guard maxLen > 2, maxLen <= config.maxPositionEmbeddings else {
                throw TransformersError.invalidField(
                    path: sbURL.path, field: "max_seq_length",
                    reason: "\(maxLen) not in 3...\(config.maxPositionEmbeddings) (config.json max_position_embeddings)")
            }
        }
        maxSeqLength = maxLen

        let stURL = url.appendingPathComponent("config_sentence_transformers.json")
        var prompts: [String: String] = [:]
        var defaultPrompt: String?
        if FileManager.default.fileExists(atPath: stURL.path) {
            let f = try JSONFile(stURL)
            if let p = f.raw["prompts"] {
                guard let dict = p as? [String: String] else {
                    throw TransformersError.invalidField(path: stURL.path, field: "prompts", reason: "not an object of strings")
                }
                prompts = dict
            }
            defaultPrompt = f.raw["default_prompt_name"] as? String
            if let d = defaultPrompt, prompts[d] == nil {
                throw TransformersError.invalidField(path: stURL.path, field: "default_prompt_name", reason: "'\(d)' is not in prompts")
            }
        }
        self.prompts = prompts
        self.defaultPromptName = defaultPrompt
    }
}
