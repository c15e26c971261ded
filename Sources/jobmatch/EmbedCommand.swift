import ArgumentParser
import Foundation
import Transformers

/// `jobmatch embed`: texts in, sentence vectors out, with the model's own tokenizer, pooling and
/// normalisation (the same vectors as Python's sentence-transformers).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with a sentence-transformers model folder (BERT family).",
        discussion: """
            Input is JSONL (one object per line) or CSV (by extension); output is JSONL with \
            {"id", "embedding"} per line, in input order. Bad records are reported on stderr and skipped.
            Example: jobmatch embed --model workspace/models/all-MiniLM-L6-v2 \
            --input ../shared/data/real/glassdoor_jobs.csv --text-field "Job Description" --output jobs.jsonl
            """)

    @Option(help: "Model folder (config.json, model.safetensors, tokenizer, modules.json …).")
    var model: String
    @Option(help: "Input file: .jsonl or .csv.")
    var input: String
    @Option(help: "Output file (.jsonl).")
    var output: String
    @Option(help: "Field or column holding the text.")
    var textField = "text"
    @Option(help: "Field or column holding the id (default: the record number).")
    var idField = "id"
    @Option(help: "Matryoshka dimension: keep the first D values and renormalise.")
    var dim: Int?
    @Option(help: "Named prompt from config_sentence_transformers.json (e5: query, passage).")
    var prompt: String?
    @Option(help: "Literal prefix for every text (e.g. \"query: \").")
    var prefix: String?
    @Option(help: "Texts per forward pass.")
    var batchSize = 32
    @Option(help: "Tokens per text including [CLS] and [SEP] (default: the model's max_seq_length).")
    var maxSeqLength: Int?

    func validate() throws {
        if prompt != nil && prefix != nil { throw ValidationError("--prompt and --prefix exclude each other") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let d = dim, d < 1 { throw ValidationError("--dim must be at least 1") }
        if let l = maxSeqLength, l < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if !FileManager.default.fileExists(atPath: input) { throw ValidationError("--input \(input): file not found") }
        if URL(fileURLWithPath: output).pathExtension.lowercased() == "parquet" {
            throw ValidationError("--output: Parquet output is not available yet; use .jsonl")
        }
    }

    func run() throws {
        // Bad models and inputs are one line on stderr and exit status 1, without the usage text.
        do {
            try embed()
        } catch let e as TransformersError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode.failure
        } catch let e as EmbedError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode.failure
        }
    }

    func embed() throws {
        let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: model))
        let pre = try prompt.map { try encoder.prompt(named: $0) } ?? prefix ?? ""
        let (records, rejects) = try EmbedInput(url: URL(fileURLWithPath: input), textField: textField, idField: idField).read()
        for r in rejects.prefix(20) { FileHandle.standardError.write(Data("reject: \(r)\n".utf8)) }
        if rejects.count > 20 { FileHandle.standardError.write(Data("… \(rejects.count - 20) more rejects\n".utf8)) }
        var writer = try JSONLEmbeddingWriter(url: URL(fileURLWithPath: output))
        let bar = ProgressBar(total: records.count)
        let chunk = max(batchSize * 16, 512)  // texts sorted and encoded together; bounds memory
        for start in stride(from: 0, to: records.count, by: chunk) {
            let part = Array(records[start..<min(start + chunk, records.count)])
            let vectors = try encoder.encode(
                part.map(\.text), batchSize: batchSize, prefix: pre, dimension: dim, maxSeqLength: maxSeqLength,
                progress: { bar.update(start + $0) })
            for (r, v) in zip(part, vectors) { try writer.write(id: r.id, embedding: v) }
        }
        try writer.finish()
        bar.finish()
        FileHandle.standardError.write(Data("embedded \(records.count) texts, \(rejects.count) rejected → \(output)\n".utf8))
    }
}
