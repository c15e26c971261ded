import Foundation
import Tensor
import Transformers

/// Writes a trained cross-encoder as a Hugging Face `BertForSequenceClassification` folder that
/// `sentence_transformers.CrossEncoder(path)` and `AutoModelForSequenceClassification` load
/// unchanged, and `CrossEncoder(directory:)` reads back:
/// `config.json` (the base's, with `architectures: [BertForSequenceClassification]`, one label,
/// sigmoid as the default activation), `model.safetensors` (F32, `bert.…` and `classifier.*`
/// keys), the base's tokenizer files with `model_max_length` set to the training length (what
/// `CrossEncoder` truncates pairs to when no `max_length` is given) and a `README.md` card.
public enum CrossEncoderExport {
    /// Writes to `output.partial` and renames it into place (replacing an older one).
    public static func write(_ model: BertForSequenceClassification, base: URL, maxSeqLength: Int, card: SentenceTransformersExport.Card,
                             to output: URL) throws {
        let fm = FileManager.default
        let tmp = output.appendingPathExtension("partial")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        let baseConfig = base.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: baseConfig), var config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TrainingError.invalidInput(path: baseConfig.path, field: "config", reason: "missing or not a JSON object")
        }
        config["architectures"] = ["BertForSequenceClassification"]
        config["id2label"] = ["0": "LABEL_0"]
        config["label2id"] = ["LABEL_0": 0]
        config["sbert_ce_default_activation_function"] = CrossEncoder.Activation.sigmoid.rawValue
        config["classifier_dropout"] = NSNull()
        config.removeValue(forKey: "num_labels")
        config.removeValue(forKey: "_name_or_path")
        try SentenceTransformersExport.json(config, tmp.appendingPathComponent("config.json"))
        for f in SentenceTransformersExport.tokenizerFiles where f != "tokenizer_config.json"
            && fm.fileExists(atPath: base.appendingPathComponent(f).path) {
            try fm.copyItem(at: base.appendingPathComponent(f), to: tmp.appendingPathComponent(f))
        }
        var tc: [String: Any] = [:]
        if let d = try? Data(contentsOf: base.appendingPathComponent("tokenizer_config.json")),
           let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] { tc = o }
        tc["model_max_length"] = maxSeqLength
        if tc["tokenizer_class"] == nil { tc["tokenizer_class"] = "BertTokenizer" }
        try SentenceTransformersExport.json(tc, tmp.appendingPathComponent("tokenizer_config.json"))
        try SafeTensorsWriter.write(model.parameters(), to: tmp.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
        try modelCard(card).write(to: tmp.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try? fm.removeItem(at: output)
        try fm.moveItem(at: tmp, to: output)
    }

    static func modelCard(_ c: SentenceTransformersExport.Card) -> String {
        let s = c.settings
        var lines = [
            "---",
            "library_name: sentence-transformers",
            "pipeline_tag: text-classification",
            "base_model: \(c.baseModel)",
            "tags: [sentence-transformers, cross-encoder, reranker, jobmatch]",
            "---",
            "",
            "# \(c.name)",
            "",
            "A cross-encoder trained by JobMatch (`jobmatch train-reranker`, Swift on CPU) to score (CV, job) pairs.",
            "Load it with `CrossEncoder(\"path/to/\(c.name)\")`; `predict` gives sigmoid(logit).",
            "",
            "- **Base model:** \(c.baseModel) (encoder weights; new classifier head)",
            "- **Training data:** \(c.data), \(c.pairs) (CV, job) pairs",
            "- **Loss:** BCEWithLogitsLoss: (CV, matching job) → 1, (CV, negative or in-batch random job) → 0",
            "- **Steps:** \(c.steps) (batch \(s.batchSize) pairs, \(s.epochs) epoch(s), no-duplicates batches)",
            "- **Optimiser:** AdamW lr \(s.learningRate), weight decay \(s.weightDecay), warm-up ratio \(s.warmupRatio), clip \(s.maxGradNorm)",
            "- **Max sequence length:** \(s.maxSeqLength) (pair, longest-first truncation)",
        ]
        if let l = c.finalLoss { lines.append("- **Final training loss:** \(String(format: "%.4f", l))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
