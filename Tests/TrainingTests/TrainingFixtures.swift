import Foundation
import Tensor
import Transformers
@testable import Training

/// The committed fixtures: sentence-transformers' losses and gradients on the encoder's tiny random BERT.
enum TrainingFixtures {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
    /// The tiny BERT lives with the Transformers fixtures (made by make_encoder_fixtures.py).
    static var tinyBert: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TransformersTests/Fixtures/tiny-bert")
    }

    static func parity() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("training_parity.json"))) as! [String: Any]
    }

    /// The tiny model as an embedder, its tokenizer and the fixture's triplets as encodings per column.
    static func tiny() throws -> (SentenceEmbedder, SentenceEncoder, [[Encoding]]) {
        let encoder = try SentenceEncoder(directory: tinyBert)
        let embedder = SentenceEmbedder(model: encoder.model, pooling: encoder.directory.pooling, normalize: encoder.directory.normalize)
        let triplets = try parity()["triplets"] as! [[String]]
        let columns = (0..<3).map { j in triplets.map { encoder.tokenizer.encode($0[j], maxLength: 48) } }
        return (embedder, encoder, columns)
    }
}
