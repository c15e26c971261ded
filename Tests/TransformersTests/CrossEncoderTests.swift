import Foundation
import Testing
import Tensor
@testable import Transformers

/// The cross-encoder (`BertForSequenceClassification`, one label) against transformers 4.46.3 and
/// sentence-transformers 3.3.1 on a tiny random model (fixture: scripts/fixtures/make_cross_encoder_fixtures.py),
/// and its pooler and head against float64 finite differences.
@Suite("Cross-encoder: BertForSequenceClassification")
struct CrossEncoderTests {
    static var directory: URL { Fixtures.directory.appendingPathComponent("tiny-cross-encoder") }
    let expected: [String: Any]
    let pairs: [(String, String)]

    init() throws {
        expected = try Fixtures.json("tiny_cross_encoder_expected.json")
        pairs = (expected["pairs"] as! [[String]]).map { ($0[0], $0[1]) }
    }

    @Test("pairs tokenise as transformers does: ids, token types, longest-first truncation at model_max_length")
    func tokenisation() throws {
        let ce = try CrossEncoder(directory: Self.directory)
        #expect(ce.maxLength == 40)
        let ids = (expected["ids"] as! [Any]).map(Fixtures.ints), types = (expected["type_ids"] as! [Any]).map(Fixtures.ints)
        #expect(ids.contains { $0.count == 40 }, "the fixture truncates some pairs")
        for (i, p) in pairs.enumerated() {
            let e = ce.encode(p.0, p.1)
            #expect(e.ids == ids[i], "pair \(i): ids")
            #expect(e.typeIds == types[i], "pair \(i): token types")
        }
    }

    @Test("logits to 1e-5 of transformers, predict to 1e-6 of CrossEncoder.predict (sigmoid)")
    func logits() throws {
        let ce = try CrossEncoder(directory: Self.directory)
        #expect(ce.model.numLabels == 1 && ce.activation == .sigmoid)
        let want = (expected["logits"] as! [NSNumber]).map(\.floatValue)
        let got = try ce.logits(pairs, batchSize: 3).map { $0[0] }
        for (g, w) in zip(got, want) { #expect(abs(g - w) <= 1e-5, "logit \(g) vs \(w)") }
        let predict = (expected["predict"] as! [NSNumber]).map(\.floatValue)
        for (g, w) in zip(try ce.predict(pairs), predict) { #expect(abs(g - w) <= 1e-6, "score \(g) vs \(w)") }
    }

    @Test("a checkpoint with bare encoder keys (no bert. prefix) loads to the same logits")
    func bareKeys() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ce-bare-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let model = try CrossEncoder(directory: Self.directory).model
        let bare = model.parameters().map { (key: $0.key.hasPrefix("bert.") ? String($0.key.dropFirst(5)) : $0.key, tensor: $0.tensor) }
        #expect(bare.contains { $0.key == "pooler.dense.weight" } && bare.contains { $0.key == "classifier.weight" })
        try SafeTensorsWriter.write(bare, to: tmp.appendingPathComponent("model.safetensors"))
        let a = try CrossEncoder(directory: Self.directory).logits(pairs), b = try CrossEncoder(directory: tmp).logits(pairs)
        #expect(a == b)
    }

    @Test("parameters walk by Hugging Face's keys, exactly the file's")
    func keys() throws {
        let model = try CrossEncoder(directory: Self.directory).model
        let file = try SafeTensors(url: Self.directory.appendingPathComponent("model.safetensors"))
        let keys = model.parameters().map(\.key)
        #expect(Set(keys) == Set(file.entries.keys.filter { !$0.hasSuffix("position_ids") }))
        #expect(keys.count == Set(keys).count)
        #expect(keys.suffix(4) == ["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"])
    }

    @Test("a folder without a classifier architecture, or without a classifier tensor, is a one-line error naming it")
    func refusals() throws {
        #expect { try CrossEncoder(directory: Fixtures.tinyBert) } throws: { e in
            "\(e)".contains("config.json") && "\(e)".contains("architectures") && !"\(e)".contains("\n")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ce-nohead-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let model = try CrossEncoder(directory: Self.directory).model
        try SafeTensorsWriter.write(model.parameters().filter { !$0.key.hasPrefix("classifier.") }, to: tmp.appendingPathComponent("model.safetensors"))
        #expect { try CrossEncoder(directory: tmp) } throws: { e in "\(e)".contains("classifier.weight") && "\(e)".contains("model.safetensors") }
    }

    @Test("BertPooler and the classifier: float64 finite differences, with pooled-output dropout", arguments: [false, true])
    func poolerAndHead(dropout: Bool) throws {
        let c = TinyBert.config.hiddenSize, batch = TinyBert.batch
        var model = BertForSequenceClassification(
            bert: TinyBert.model(), pooler: BertPooler(dense: TinyBert.linear(c, c)), classifier: TinyBert.linear(c, 1), classifierDropout: 0.3)
        TinyBert.randomize(&model, seed: 31)
        var rng = TestRNG(state: 32)
        let hidden = rng.tensor([batch.tokenCount, c])
        let g = rng.tensor([batch.count, 1])
        let plan = dropout ? DropoutPlan(hidden: 0.3, attention: 0.3, seed: 77) : nil
        // The head alone, from a given hidden state: forward through the model's own code path.
        let (pooled, pc) = try model.pooler.forward(hidden, batch: batch, cache: true)
        let drop = plan.map(model.pooledDropout)
        var dropped = pooled
        drop?.apply(&dropped, stream: 0)
        let (_, cc) = try model.classifier.forward(dropped, cache: true)
        var (dPooled, dHead) = try model.classifier.backward(g, cache: cc)
        drop?.apply(&dPooled, stream: 0)
        let (dHidden, dPooler) = try model.pooler.backward(dPooled, cache: pc)
        #expect(dHidden.data.enumerated().allSatisfy { i, v in batch.offsets.contains(i / c) || v == 0 }, "only [CLS] rows get a gradient")
        var params = refParams(model.pooler, prefix: "pool", extra: ["h": hidden])
        for (k, t) in model.classifier.parameters("head") { params.values[k] = t.data.map(Double.init) }
        checkGradients("BertPooler+classifier", params: params,
                       analytic: dPooler.parameters("pool") + dHead.parameters("head") + [("h", dHidden)]) { p in
            let h = matrix(p, "h", cols: c)
            var cls = M(batch.count, c)
            for (b, s) in batch.offsets.enumerated() { for j in 0..<c { cls[b, j] = h[s, j] } }
            var z = Ref.linear(cls, p, "pool.dense")
            z.a = z.a.map { Foundation.tanh($0) }
            z = Ref.dropout(z, drop, stream: 0)
            return dot(g, Ref.linear(z, p, "head"))
        }
    }

    @Test("the whole model's backward against float64 finite differences (pooled CLS, dropout everywhere)")
    func wholeModel() throws {
        let c = TinyBert.config.hiddenSize, batch = TinyBert.batch
        var model = BertForSequenceClassification(
            bert: TinyBert.model(), pooler: BertPooler(dense: TinyBert.linear(c, c)), classifier: TinyBert.linear(c, 1), classifierDropout: 0.2)
        TinyBert.randomize(&model, seed: 33)
        let plan = DropoutPlan(hidden: 0.3, attention: 0.3, seed: 78)
        var rng = TestRNG(state: 34)
        let g = rng.tensor([batch.count, 1])
        let (_, cache) = try model.forward(batch, cache: true, dropout: plan)
        let grad = try model.backward(g, cache: cache)
        #expect(grad.parameters().map(\.key) == model.parameters().map(\.key))
        let drop = model.pooledDropout(plan)
        checkGradients("BertForSequenceClassification", params: refParams(model), analytic: grad.parameters(), samples: 6) { [batch] p in
            var bertOnly = RefParams(values: [:])
            for (k, v) in p.values where k.hasPrefix("bert.") && !k.hasPrefix("bert.pooler.") { bertOnly.values[String(k.dropFirst(5))] = v }
            let h = Ref.model(batch, bertOnly, config: TinyBert.config, plan: plan)
            var cls = M(batch.count, c)
            for (b, s) in batch.offsets.enumerated() { for j in 0..<c { cls[b, j] = h[s, j] } }
            var z = Ref.linear(cls, p, "bert.pooler.dense")
            z.a = z.a.map { Foundation.tanh($0) }
            return dot(g, Ref.linear(Ref.dropout(z, drop, stream: 0), p, "classifier"))
        }
    }
}
