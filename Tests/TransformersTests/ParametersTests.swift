import Foundation
import Testing
import Tensor
@testable import Transformers

/// The walk as the loader: `read` fills a layer built from shapes by the keys `visit` names.
@Suite("Parameters: the walk reads and writes checkpoints")
struct ParametersTests {
    static var tinyWeights: URL { Fixtures.tinyBert.appendingPathComponent("model.safetensors") }

    @Test("a model written by its walk reads back through it bit for bit, bare or under a prefix", arguments: ["", "bert."])
    func roundTrip(prefix: String) throws {
        var model = TinyBert.model()
        TinyBert.randomize(&model, seed: 31)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: tmp) }
        try SafeTensorsWriter.write(model.parameters().map { (prefix + $0.key, $0.tensor) }, to: tmp)
        let w = try WeightReader(SafeTensors(url: tmp))
        #expect(w.prefix == prefix)
        let read = try BertModel(config: TinyBert.config, weights: w)
        #expect(read.parameters().map(\.key) == model.parameters().map(\.key))
        #expect(read.parameters().map(\.tensor) == model.parameters().map(\.tensor))
    }

    @Test("one layer reads the same tensors as the whole model")
    func layerAlone() throws {
        let w = try WeightReader(SafeTensors(url: Self.tinyWeights))
        let config = try BertConfig(url: Fixtures.tinyBert.appendingPathComponent("config.json"))
        let model = try BertModel(config: config, weights: w)
        var layer = BertLayer(unread: config)
        try layer.read(w, BertModel.layerKey(1))
        #expect(layer.parameters().map(\.tensor) == model.layers[1].parameters().map(\.tensor))
    }

    @Test("a missing or misshapen key is an error naming it")
    func badKey() throws {
        let w = try WeightReader(SafeTensors(url: Self.tinyWeights))
        let config = try BertConfig(url: Fixtures.tinyBert.appendingPathComponent("config.json"))
        var layer = BertLayer(unread: config)
        #expect { try layer.read(w, "encoder.layer.9") } throws: { "\($0)".contains("encoder.layer.9.attention.self.query.weight") }
        var wide = Linear(unreadIn: config.hiddenSize + 1, out: config.hiddenSize)
        #expect { try wide.read(w, "encoder.layer.0.attention.self.query") } throws: { "\($0)".contains("query.weight") }
    }

    @Test("whether a file holds a layer is asked of its walk: the cross-encoder has a pooler, the tiny BERT none")
    func contains() throws {
        let config = try BertConfig(url: Fixtures.tinyBert.appendingPathComponent("config.json"))
        let pooler = BertPooler(unread: config), key = BertForSequenceClassification.poolerKey
        #expect(!(try WeightReader(SafeTensors(url: Self.tinyWeights))).contains(pooler, at: key))
        let ce = CrossEncoderTests.directory
        let ceConfig = try BertConfig(url: ce.appendingPathComponent("config.json"))
        let w = try WeightReader(SafeTensors(url: ce.appendingPathComponent("model.safetensors")))
        #expect(w.contains(BertPooler(unread: ceConfig), at: key))
        #expect(!w.contains(BertPooler(unread: ceConfig), at: "no_pooler"))
    }
}
