import Enrichment
import Foundation
import Indexing
import JobMatchCore
import Pipeline
import Processing
import Tensor
import Testing
import Training
import VectorIndex

/// Stage settings are `Codable` values recorded whole in the manifest: every option survives a
/// record/read round trip, and changing any of them reruns the stage. Before, settings were
/// `[String: String]` parsed back by hand, and a re-index (`retrain`) lost `--precision`.
@Suite("stage settings")
struct StageSettingsTests {
    /// Records `stage`'s settings in a manifest, writes it as JSON and reads it back.
    func roundTrip<S: Stage>(_ stage: S) throws -> S.Settings {
        var manifest = Manifest()
        manifest.stages[stage.name] = Manifest.Entry(inputs: [:], outputs: [:], settings: try stage.recordedSettings(),
                                                     finished: "", seconds: 0, result: StageResult())
        let read = try JSONDecoder().decode(Manifest.self, from: JSONEncoder().encode(manifest))
        return try #require(read.stages[stage.name]).settings.decode(S.Settings.self)
    }

    static var indexOptions: JobIndexer.Options {
        var o = JobIndexer.Options()
        o.encoding = .int8
        o.dimension = 128
        o.batchSize = 7
        o.precision = .bf16
        o.maxSeqLength = 96
        o.partRows = 99
        return o
    }

    @Test("every index option survives, precision included, and a re-index reads them back")
    func indexOptions() throws {
        let stage = IndexStage(model: "m", options: Self.indexOptions)
        #expect(try roundTrip(stage) == stage.settings)
        var manifest = Manifest()
        manifest.stages["index"] = Manifest.Entry(inputs: [:], outputs: [:], settings: try stage.recordedSettings(),
                                                  finished: "", seconds: 0, result: StageResult())
        #expect(IndexStage.options(recordedIn: manifest) == Self.indexOptions)
        #expect(IndexStage.options(recordedIn: Manifest()) == JobIndexer.Options())
    }

    @Test("another precision is other settings, so the stage reruns")
    func precisionIsPartOfTheSettings() throws {
        var o = JobIndexer.Options()
        let fp32 = try IndexStage(model: "m", options: o).recordedSettings()
        o.precision = .int8
        #expect(try IndexStage(model: "m", options: o).recordedSettings() != fp32)
    }

    @Test("mine, train, process and eval settings survive whole")
    func otherStages() throws {
        var mining = PairMining.Settings()
        mining.miner.candidates = 7
        mining.miner.relativeMargin = 0.125
        mining.split = HeldOutSplit(fraction: 0.25, seed: UInt64.max)
        mining.maxSeqLength = 64
        mining.batchSize = 3
        mining.searchBlock = 5
        let mine = MineStage(baseModel: "b", settings: mining)
        #expect(try roundTrip(mine) == mine.settings)

        var training = TrainingSettings()
        training.epochs = 3
        training.learningRate = 3e-5
        training.matryoshkaDims = [384, 64]
        training.matryoshkaWeights = [1, 0.5]
        training.maxSteps = 11
        training.seed = 12_345_678_901_234
        let train = TrainStage(baseModel: "b", output: "o", training: training, split: HeldOutSplit(fraction: 0.2, seed: 3))
        #expect(try roundTrip(train) == train.settings)

        var processing = ProcessingOptions()
        processing.engine = .spark
        processing.join.country = "Canada"
        processing.join.requireSummary = true
        processing.language = "en"
        processing.skillMode = .spacy
        processing.jobTemplateFile = "/t/job.mustache"
        processing.partitions = 3
        let process = ProcessStage(options: processing)
        #expect(try roundTrip(process) == process.settings)

        let eval = EvalStage(baseModel: "b", tunedModel: "t", split: HeldOutSplit(fraction: 0.3, seed: 9), maxSeqLength: 200)
        #expect(try roundTrip(eval) == eval.settings)
    }

    /// Numbers stay numbers and booleans booleans (a 1 read back as `true` would make the settings
    /// undecodable, and a re-index would fall back to defaults); integers past 2^53 stay exact.
    @Test func jsonValuesKeepTheirTypes() throws {
        struct Values: Codable, Equatable { var one = 1, zero = 0, yes = true, no = false, big = UInt64.max, half = 0.5, name = "x" }
        let recorded = try RecordedSettings(Values())
        #expect(try recorded.decode(Values.self) == Values())
        guard case .object(let o) = recorded.json else { Issue.record("not an object"); return }
        #expect(o["one"] == .number("1") && o["yes"] == .bool(true) && o["big"] == .number("18446744073709551615"))
    }
}
