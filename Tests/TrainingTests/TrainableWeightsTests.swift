import Foundation
import Testing
import Transformers
@testable import Training

/// A loaded model is packed for oneDNN's inference products (`Linear.converted(to:)`); the
/// trainers change the weights every step and multiply them with `sgemm`, so they must start from
/// the weights alone (a packed copy would be read once and then dropped, and a resumed run would
/// not end where an uninterrupted one does).
@Suite("Trainers multiply the weights they change")
struct TrainableWeightsTests {
    static func pairs() -> [TrainingPair] {
        (0..<4).map { TrainingPair(cvID: "cv\($0)", jobID: "job\($0)", anchor: "anchor \($0)", positive: "positive \($0)") }
    }

    @Test func theBiEncoderTrainerDropsThePackedWeights() throws {
        let encoder = try SentenceEncoder(directory: TrainingFixtures.tinyBert)
        #expect(encoder.model.layers.allSatisfy { $0.intermediate.dense.packed != nil })
        var s = TrainingSettings()
        s.batchSize = 2; s.maxSeqLength = 16
        let trainer = try Trainer(encoder: encoder, pairs: Self.pairs(), settings: s,
                                  checkpoints: FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID())"))
        #expect(trainer.embedder.model.layers.allSatisfy { l in
            [l.attention.selfAttention.query, l.attention.selfAttention.key, l.attention.selfAttention.value,
             l.attention.output.dense, l.intermediate.dense, l.output.dense].allSatisfy { $0.packed == nil }
        })
    }

    @Test func theCrossEncoderTrainerDropsThePackedWeights() throws {
        let ce = try CrossEncoder(directory: CrossEncoderTrainingTests.model)
        #expect(ce.model.bert.layers.allSatisfy { $0.intermediate.dense.packed != nil })
        var s = TrainingSettings()
        s.batchSize = 2; s.maxSeqLength = 16
        let trainer = try CrossEncoderTrainer(model: ce.model, tokenizer: ce.tokenizer, pairs: Self.pairs(), settings: s,
                                              checkpoints: FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID())"))
        #expect(trainer.model.bert.layers.allSatisfy { $0.intermediate.dense.packed == nil && $0.output.dense.packed == nil })
    }
}
