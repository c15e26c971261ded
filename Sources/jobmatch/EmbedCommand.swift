import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Parquet
import Tensor
import Transformers

/// `jobmatch embed`: texts in, sentence vectors out, with the model's own tokenizer, pooling and
/// normalisation (the same vectors as Python's sentence-transformers).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with a sentence-transformers model folder (BERT family).",
        discussion: """
            Input is JSON Lines, CSV or Parquet (by extension), streamed in chunks. Output is Parquet \
            (id: string, embedding: list<float>, the model and dimension in the footer) when it ends \
            in .parquet, else JSON Lines with {"id", "embedding"} per line; rows in input order. \
            Bad records are reported on stderr with file and line, and skipped.
            Example: jobmatch embed --model workspace/models/all-MiniLM-L6-v2 \
            --input data/real/glassdoor_jobs.csv --text-field "Job Description" --output jobs.parquet
            """)

    @Option(help: "Model folder (config.json, model.safetensors, tokenizer, modules.json …).")
    var model: String
    @Option(help: "Input file: .jsonl, .csv or .parquet.")
    var input: String
    @Option(help: "Output file: .parquet or .jsonl.")
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
    @Option(help: ArgumentHelp(
        "Precision of the linear layers: fp32, bf16 (bfloat16, float32 accumulation) or int8 (dynamic quantisation).",
        valueName: "p"))
    var precision = "fp32"

    func validate() throws {
        if prompt != nil && prefix != nil { throw ValidationError("--prompt and --prefix exclude each other") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        do { _ = try Precision(parsing: precision) } catch { throw ValidationError("--precision: \(error)") }
        if let d = dim, d < 1 { throw ValidationError("--dim must be at least 1") }
        if let l = maxSeqLength, l < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if !FileManager.default.fileExists(atPath: input) { throw ValidationError("--input \(input): file not found") }
    }

    func run() throws {
        // Bad models and inputs are one line on stderr and exit status 1, without the usage text.
        try runReportingErrors { try embed() }
    }

    func embed() throws {
        let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: model), precision: Precision(parsing: precision))
        if let d = dim, d > encoder.dimension { throw EmbedError("--dim \(d) is larger than the model's \(encoder.dimension)") }
        let pre = try prompt.map { try encoder.prompt(named: $0) } ?? prefix ?? ""
        let rejects = RejectLog(file: nil, keep: 20)
        let input = try EmbedInput(url: URL(fileURLWithPath: input), textField: textField, idField: idField, rejects: rejects)
        let total = try input.count()
        let modelName = URL(fileURLWithPath: model).standardizedFileURL.lastPathComponent
        var writer = try makeEmbeddingWriter(url: URL(fileURLWithPath: output), model: modelName, dimension: dim ?? encoder.dimension)
        let bar = ProgressBar(total: total)
        let chunk = max(batchSize * 16, 512)  // texts sorted and encoded together; bounds memory
        var done = 0
        while case let part = try input.next(chunk), !part.isEmpty {
            let vectors = try encoder.encode(
                part.map(\.text), batchSize: batchSize, prefix: pre, dimension: dim, maxSeqLength: maxSeqLength,
                progress: { bar.update(done + $0) })
            for (r, v) in zip(part, vectors) { try writer.write(id: r.id, embedding: v) }
            done += part.count
            HeapSettings.releaseFreeMemory()  // bounds peak RSS over long inputs
        }
        try writer.finish()
        bar.finish()
        for r in rejects.first { FileHandle.standardError.write(Data("reject: \(r)\n".utf8)) }
        if rejects.count > rejects.first.count {
            FileHandle.standardError.write(Data("… \(rejects.count - rejects.first.count) more rejects\n".utf8))
        }
        FileHandle.standardError.write(Data("embedded \(done) texts, \(rejects.count) rejected → \(output)\n".utf8))
    }

}
