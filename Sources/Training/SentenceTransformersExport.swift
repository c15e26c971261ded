import Foundation
import Tensor
import Transformers

/// Writes a fine-tuned model as a sentence-transformers folder that `SentenceTransformer(path)`
/// loads unchanged: `config.json` (the base's), `model.safetensors` (F32, bare checkpoint keys),
/// the base's tokenizer files, `modules.json` (Transformer → Pooling → Normalize),
/// `1_Pooling/config.json`, `2_Normalize/`, `sentence_bert_config.json`,
/// `config_sentence_transformers.json` (the base's prompts) and a `README.md` model card.
public enum SentenceTransformersExport {
    /// What the model card says.
    public struct Card: Sendable {
        public var name: String
        public var baseModel: String
        public var data: String
        public var pairs: Int
        public var steps: Int
        public var settings: TrainingSettings
        public var finalLoss: Double?
        public var metrics: [String: Double] = [:]
        /// WiSE-FT: the share of the tuned weights in the exported ones (the rest is the weights
        /// training started from); nil: the tuned weights alone.
        public var wiseFT: Float?

        public init(name: String, baseModel: String, data: String, pairs: Int, steps: Int, settings: TrainingSettings, finalLoss: Double?) {
            self.name = name; self.baseModel = baseModel; self.data = data; self.pairs = pairs; self.steps = steps
            self.settings = settings; self.finalLoss = finalLoss
        }
    }

    public static let tokenizerFiles = ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]

    /// Writes the folder to `output.partial` and renames it into place (replacing an older one).
    /// - Parameter info: written as `jobmatch.json` (the fine-tuned marker `ModelLocator` looks for).
    public static func write(_ embedder: SentenceEmbedder, base: ModelDirectory, maxSeqLength: Int, card: Card, info: TrainedModelInfo? = nil,
                             to output: URL) throws {
        let fm = FileManager.default
        let tmp = output.appendingPathExtension("partial")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        try fm.copyItem(at: base.url.appendingPathComponent("config.json"), to: tmp.appendingPathComponent("config.json"))
        for f in tokenizerFiles where fm.fileExists(atPath: base.url.appendingPathComponent(f).path) {
            try fm.copyItem(at: base.url.appendingPathComponent(f), to: tmp.appendingPathComponent(f))
        }
        try SafeTensorsWriter.write(embedder.model.parameters(), to: tmp.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
        var modules: [[String: Any]] = [
            ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
            ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"],
        ]
        if embedder.normalize {
            modules.append(["idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"])
            try fm.createDirectory(at: tmp.appendingPathComponent("2_Normalize"), withIntermediateDirectories: true)
        }
        try json(modules, tmp.appendingPathComponent("modules.json"))
        try fm.createDirectory(at: tmp.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        let p = embedder.pooling
        try json([
            "word_embedding_dimension": p.dimension, "pooling_mode_cls_token": p.mode == .cls,
            "pooling_mode_mean_tokens": p.mode == .mean, "pooling_mode_max_tokens": false,
            "pooling_mode_mean_sqrt_len_tokens": false, "pooling_mode_weightedmean_tokens": false,
            "pooling_mode_lasttoken": false, "include_prompt": true,
        ], tmp.appendingPathComponent("1_Pooling/config.json"))
        try json(["max_seq_length": maxSeqLength, "do_lower_case": false], tmp.appendingPathComponent("sentence_bert_config.json"))
        var st: [String: Any] = [
            "__version__": ["sentence_transformers": "3.3.1", "transformers": "4.46.3", "pytorch": "2.5.1"],
            "prompts": base.prompts, "similarity_fn_name": "cosine",
        ]
        st["default_prompt_name"] = base.defaultPromptName ?? NSNull()
        try json(st, tmp.appendingPathComponent("config_sentence_transformers.json"))
        try modelCard(card, dimension: p.dimension).write(to: tmp.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try info?.write(to: tmp)
        try? fm.removeItem(at: output)
        try fm.moveItem(at: tmp, to: output)
    }

    /// Rewrites the model card of an exported folder (e.g. with evaluation metrics added).
    public static func writeCard(_ card: Card, dimension: Int, in folder: URL) throws {
        try modelCard(card, dimension: dimension).write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
    }

    static func json(_ object: Any, _ url: URL) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    static func modelCard(_ c: Card, dimension: Int) -> String {
        let s = c.settings
        let dims = s.matryoshkaDims.isEmpty ? "\(dimension) (no Matryoshka)" : s.matryoshkaDims.map(String.init).joined(separator: ", ")
        var lines = [
            "---",
            "library_name: sentence-transformers",
            "pipeline_tag: sentence-similarity",
            "base_model: \(c.baseModel)",
            "tags: [sentence-transformers, sentence-similarity, feature-extraction, jobmatch]",
            "---",
            "",
            "# \(c.name)",
            "",
            "A sentence encoder fine-tuned by JobMatch (`jobmatch train`, Swift on CPU) to match CVs to job postings.",
            "Load it with `SentenceTransformer(\"path/to/\(c.name)\")`.",
            "",
            "- **Base model:** \(c.baseModel)",
            "- **Training data:** \(c.data), \(c.pairs) (CV, job) pairs",
            "- **Loss:** MatryoshkaLoss(MultipleNegativesRankingLoss\(s.symmetric ? " symmetric" : ""), scale \(s.scale), cosine)"
                + (s.miniBatch.map { ", GradCache mini-batch \($0)" } ?? ""),
            "- **Matryoshka dimensions:** \(dims)",
            "- **Steps:** \(c.steps) (batch \(s.batchSize), \(s.epochs) epoch(s), no-duplicates batches)",
            "- **Optimiser:** AdamW lr \(s.learningRate), weight decay \(s.weightDecay), warm-up ratio \(s.warmupRatio), clip \(s.maxGradNorm)",
            "- **Max sequence length:** \(s.maxSeqLength)",
        ]
        if let a = c.wiseFT {
            lines.append(String(format: "- **Weights:** WiSE-FT, %g × the tuned weights + %g × %@'s (weight-space ensemble)",
                                Double(a), Double(1 - a), c.baseModel))
        }
        if let l = c.finalLoss { lines.append("- **Final training loss:** \(String(format: "%.4f", l))") }
        if !c.metrics.isEmpty {
            lines += ["", "## Evaluation", "", "| metric | value |", "| --- | --- |"]
            lines += c.metrics.sorted { $0.key < $1.key }.map { "| \($0.key) | \(String(format: "%.4f", $0.value)) |" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
