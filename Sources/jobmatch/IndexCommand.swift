import ArgumentParser
import CommandLineSupport
import Foundation
import Indexing
import Transformers
import Tables
import JobMatchCore
import Tensor
import VectorIndex

/// `jobmatch index`: re-encode every job with the chosen model and build the flat index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Encode every job of WORKSPACE/tables/jobs.parquet and build WORKSPACE/index/jobs.faiss.",
        discussion: """
            Re-encodes the jobs table's embedding_text with the model (default: the newest \
            fine-tuned model under WORKSPACE/models, else all-MiniLM-L6-v2) into \
            tables/jobs_encoded.parquet, then writes a flat inner-product index in FAISS's format \
            (IndexIDMap around IndexFlatIP, or IndexScalarQuantizer for float16/int8) with a side \
            file recording model, dimension and source. Encoding resumes where a killed run stopped. \
            With --embeddings FILE.parquet it only builds an index from precomputed vectors. \
            With --engine spark the parts are encoded on Spark's executors (this binary, the model and \
            the jobs table are shipped to them; each task runs the same code on one part) and merged here. \
            With --ivf NLIST it writes an inverted-file index instead (FAISS's IndexIVFFlat: NLIST \
            k-means lists, about 4·√jobs; a search scans --nprobe of them), for millions of jobs; \
            with --encoding int8 as well, IndexIVFScalarQuantizer (SQ8 residuals: a quarter of the memory).
            Example: jobmatch index --workspace ws --encoding int8 --dim 256
            Example: jobmatch index --workspace ws --engine spark --spark-master 'local-cluster[2,1,1024]'
            Example: jobmatch index --embeddings vectors.parquet --output big.faiss --ivf 4096 --nprobe 32
            Example: jobmatch index --workspace ws --ivf 0 --encoding int8
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("Model folder (default: newest fine-tuned, else the base model).", valueName: "dir"))
    var model: String?
    @Option(help: "Vector storage: float32, float16 or int8.") var encoding = "float32"
    @Option(help: "Matryoshka dimension: keep the first D values and renormalise.") var dim: Int?
    @Option(help: ArgumentHelp("Build an inverted-file index (IndexIVFFlat) with this many lists instead of the flat index; 0: 4·√(vectors).", valueName: "nlist"))
    var ivf: Int?
    @Option(help: "With --ivf: lists a search scans by default (stored in the index).") var nprobe = 16
    @Option(help: "Texts per forward pass.") var batchSize = 32
    @Option(help: "Precision of the encoder's linear layers: auto (bf16 where the CPU has AVX512-BF16 or AMX, else fp32), fp32, bf16 or int8.")
    var precision = "auto"
    @Option(help: "Tokens per job text (default: the model's max_seq_length).") var maxSeqLength: Int?
    @Option(help: "Jobs per durable part of the encoding run (what a rerun after a kill keeps; one Spark task each).") var partRows = 2_048
    @OptionGroup var spark: SparkOptions
    @Option(help: ArgumentHelp("Build from precomputed vectors instead (Parquet with a list<float> column).", valueName: "file"))
    var embeddings: String?
    @Option(help: "With --embeddings: the id column (integers are kept, strings become row numbers).") var idField = "id"
    @Option(help: "With --embeddings: the vector column.") var vectorField = "embedding"
    @Option(help: ArgumentHelp("With --embeddings: the index file to write (default WORKSPACE/index/jobs.faiss).", valueName: "file"))
    var output: String?

    func validate() throws {
        guard VectorEncoding(rawValue: encoding) != nil else { throw ValidationError("--encoding must be float32, float16 or int8") }
        if let dim, dim < 1 { throw ValidationError("--dim must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        do { _ = try Precision(parsing: precision) } catch { throw ValidationError("--precision: \(error)") }
        if partRows < 1 { throw ValidationError("--part-rows must be at least 1") }
        if let l = maxSeqLength, l < 3 { throw ValidationError("--max-seq-length must be at least 3") }
        if output != nil && embeddings == nil { throw ValidationError("--output goes with --embeddings") }
        if spark.isSpark && embeddings != nil { throw ValidationError("--engine spark encodes jobs; --embeddings has nothing to encode") }
        if let ivf {
            guard ivf >= 0 else { throw ValidationError("--ivf must be 0 (4·√vectors) or a number of lists") }
            guard encoding != "float16" else {
                throw ValidationError("--ivf stores float32 vectors (IndexIVFFlat) or int8 residuals (IndexIVFScalarQuantizer); float16 is not supported")
            }
        }
        if nprobe < 1 { throw ValidationError("--nprobe must be at least 1") }
        if embeddings == nil, idField != "id" || vectorField != "embedding" {
            throw ValidationError("--id-field and --vector-field go with --embeddings")
        }
    }

    func run() throws { try runReportingErrors { try index() } }

    func index() throws {
        let ws = Workspace(options.workspace)
        let enc = VectorEncoding(rawValue: encoding)!
        if let embeddings {
            let url = URL(fileURLWithPath: embeddings)
            let out = output.map { URL(fileURLWithPath: $0) } ?? ws.jobsIndex
            let probe = try VectorTableInfo.read(url, idColumn: idField, vectorColumn: vectorField)
            let info = IndexInfo(model: probe.model ?? "unknown", modelFingerprint: probe.fingerprint ?? "unknown",
                                 dimension: dim ?? probe.dimension, modelDimension: probe.dimension, normalized: true,
                                 encoding: enc, sourceTable: url.lastPathComponent, count: 0, documentPrompt: "")
            let settings = try ivf.map { IVFSettings(nlist: $0 > 0 ? $0 : IVFSettings.suggestedLists(for: try rowCount(url)), nprobe: nprobe, encoding: enc) }
            let bytes = try IndexBuilder.build(from: url, idColumn: idField, vectorColumn: vectorField, into: out,
                                               info: info, normalize: dim != nil, ivf: settings)
            FileHandle.standardError.write(Data("index: \(out.path) (\(settings?.structure ?? enc.faissName), \(bytes) bytes)\n".utf8))
            return
        }
        let modelURL = try model.map { URL(fileURLWithPath: $0) } ?? ModelLocator.defaultModel(in: ws)
        var o = JobIndexer.Options()
        o.encoding = enc
        o.dimension = dim
        o.batchSize = batchSize
        o.precision = try Precision(parsing: precision)
        o.maxSeqLength = maxSeqLength
        o.partRows = partRows
        o.ivf = try ivf.map { IVFSettings(nlist: $0 > 0 ? $0 : IVFSettings.suggestedLists(for: try JobsTable.rowCount(ws.jobsTable)), nprobe: nprobe, encoding: enc) }
        try ws.create(ws.index)
        var indexer = JobIndexer(jobsTable: ws.jobsTable, modelDirectory: modelURL, encodedTable: ws.jobsEncodedTable,
                                 indexFile: ws.jobsIndex, options: o)
        indexer.jobsCache = EncodedJobsCache(folder: ws.encodedJobsCache)
        indexer.spark = try spark.encoder(workspace: ws, logName: "spark-index.log")
        let why = precision.lowercased() == "auto" ? " (\(Precision.autoReason()))" : ""
        FileHandle.standardError.write(Data("encoding jobs with \(modelURL.lastPathComponent) in \(o.precision.rawValue)\(why)\n".utf8))
        let bar = ProgressBar(total: try JobsTable.rowCount(ws.jobsTable), unit: "jobs")
        let report = try indexer.run { done, _ in bar.update(done) }
        bar.finish(summary: false)
        let rate = report.encodeSeconds > 0 ? Double(report.encodedNow) / report.encodeSeconds : 0
        FileHandle.standardError.write(Data(String(
            format: "encoded %d jobs (%.1f/s), took %d from tables/encoded/, reused %d finished parts; %d vectors → %@ (%@, d=%d, %.1f MB)\n",
            report.encodedNow, rate, report.reusedFromCache, report.partsReused, report.rows, ws.jobsIndex.path, o.ivf?.structure ?? enc.faissName, report.dimension,
            Double(report.indexBytes) / 1e6).utf8))
    }

    /// Vectors in a Parquet vector table.
    private func rowCount(_ url: URL) throws -> Int {
        try VectorTable(url: url, idColumn: idField, vectorColumn: vectorField).rowCount
    }
}
