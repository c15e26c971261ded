import Foundation
import Testing
import Tensor
import Transformers
@testable import Training

/// Cross-encoder training: BCE gradients through the whole model against PyTorch
/// (fixture: scripts/fixtures/make_cross_encoder_fixtures.py), the examples a batch makes, the loop,
/// resume, and the exported folder.
@Suite("Cross-encoder training")
struct CrossEncoderTrainingTests {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TransformersTests/Fixtures")
    }
    static var model: URL { directory.appendingPathComponent("tiny-cross-encoder") }

    static func fixture() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("tiny_cross_encoder_expected.json"))) as! [String: Any]
    }

    /// Per-tensor tolerance on `max |swift − torch| / max |torch|`.
    static func tolerance(_ key: String) -> Double {
        if key.hasSuffix("attention.self.key.bias") { return 1e-4 }  // true gradient 0: rounding noise on both sides
        if key.contains("embeddings.") { return 2e-5 }
        return 1e-5
    }

    @Test("BCEWithLogits: value and gradient in closed form, stable for large logits")
    func bce() throws {
        let x = try Tensor(shape: [4, 1], data: [0.5, -2, 40, -40])
        let (l, g) = try BinaryCrossEntropyWithLogits.lossAndGradient(x, labels: [1, 0, 0, 1])
        let want = (Foundation.log1p(Foundation.exp(-0.5)) + Foundation.log1p(Foundation.exp(-2)) + 40 + 40) / 4
        #expect(abs(l - want) < 1e-9)
        #expect(abs(Double(g.data[0]) - (1 / (1 + Foundation.exp(-0.5)) - 1) / 4) < 1e-7)
        #expect(abs(g.data[2] - 0.25) < 1e-7 && abs(g.data[3] + 0.25) < 1e-7)
        #expect(throws: TrainingError.self) { try BinaryCrossEntropyWithLogits.lossAndGradient(x, labels: [1]) }
    }

    @Test("BCE loss and every parameter's gradient through the whole model equal PyTorch's, per-tensor tolerance")
    func gradientParity() throws {
        let f = try Self.fixture()
        let ce = try CrossEncoder(directory: Self.model)
        let pairs = f["pairs"] as! [[String]], labels = (f["labels"] as! [NSNumber]).map(\.floatValue)
        let batch = try TokenBatch(pairs.map { ce.encode($0[0], $0[1]) })
        let (logits, cache) = try ce.model.forward(batch, cache: true)
        let (loss, dLogits) = try BinaryCrossEntropyWithLogits.lossAndGradient(logits, labels: labels)
        #expect(abs(loss - (f["bce_loss"] as! Double)) < 1e-5)
        let grad = try ce.model.backward(dLogits, cache: cache)
        let want = f["gradients"] as! [String: [String: Any]]
        let ours = grad.parameters()
        #expect(Set(ours.map(\.key)) == Set(want.keys), "parameter keys differ from PyTorch's")
        for (key, g) in ours {
            guard let w = want[key] else { continue }
            let shape = w["shape"] as! [Int]
            #expect(g.shape == shape, "\(key): shape")
            var ref = [Double](repeating: 0, count: g.count)
            if let rows = w["rows"] as? [Int] {
                for (r, row) in zip(rows, w["values"] as! [[Double]]) { for j in 0..<shape[1] { ref[r * shape[1] + j] = row[j] } }
            } else {
                ref = w["values"] as! [Double]
            }
            let scaleKey = key.hasSuffix("attention.self.key.bias") ? String(key.dropLast(4)) + "weight" : key
            let scaleRef = want[scaleKey]!
            let maxRef = ((scaleRef["values"] as? [Double]) ?? (scaleRef["values"] as! [[Double]]).flatMap { $0 }).map(abs).max() ?? 0
            let err = zip(g.data, ref).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(err / max(maxRef, 1e-12) <= Self.tolerance(key), "\(key): max error \(err), max |torch| \(maxRef)")
        }
    }

    static func pairs(negatives: Bool) -> [TrainingPair] {
        let jobs = ["Data Scientist, Python and SQL", "ICU Nurse (RN), BLS", "iOS Engineer, SwiftUI", "CDL-A truck driver",
                    "Staff Accountant, CPA", "Restaurant shift manager"]
        let cvs = ["data scientist with Python", "registered nurse, ICU", "Swift developer", "truck driver with CDL",
                   "accountant, audits", "café manager"]
        return cvs.indices.map { i in
            TrainingPair(cvID: "cv\(i)", jobID: "job\(i)", anchor: cvs[i], positive: jobs[i],
                         negative: negatives ? jobs[(i + 3) % jobs.count] + " (other)" : nil)
        }
    }

    static func settings(steps: Int? = nil) -> TrainingSettings {
        var s = TrainingSettings()
        s.batchSize = 3; s.epochs = 8; s.learningRate = 1e-3; s.maxSeqLength = 32; s.checkpointEvery = 1; s.seed = 7
        s.maxSteps = steps
        return s
    }

    static func trainer(_ pairs: [TrainingPair], _ s: TrainingSettings, _ dir: URL) throws -> CrossEncoderTrainer {
        let ce = try CrossEncoder(directory: model)
        return try CrossEncoderTrainer(model: ce.model, tokenizer: ce.tokenizer, pairs: pairs, settings: s, checkpoints: dir)
    }

    @Test("a batch's examples: every positive → 1, its own negative → 0, else another pair's positive → 0")
    func examples() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ce-ex-\(UUID().uuidString)")
        let own = try Self.trainer(Self.pairs(negatives: true), Self.settings(), tmp).examples([0, 1, 2], step: 0)
        #expect(own.map(\.label) == [1, 1, 1, 0, 0, 0])
        #expect(own[3].document == Self.pairs(negatives: true)[0].negative)
        let p = Self.pairs(negatives: false)
        let inBatch = try Self.trainer(p, Self.settings(), tmp).examples([0, 1, 2], step: 5)
        #expect(inBatch.count == 6)
        for (i, e) in inBatch[3...].enumerated() {
            #expect(e.label == 0 && e.query == p[i].anchor && e.document != p[i].positive && [0, 1, 2].map { p[$0].positive }.contains(e.document))
        }
    }

    @Test("mini-batches of 2 give the whole batch's loss and gradient")
    func chunks() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ce-mb-\(UUID().uuidString)")
        var s = Self.settings()
        let whole = try Self.trainer(Self.pairs(negatives: true), s, tmp)
        s.miniBatch = 2
        let chunked = try Self.trainer(Self.pairs(negatives: true), s, tmp)
        let ex = whole.examples([0, 1, 2], step: 0)
        let plan = DropoutPlan(hidden: 0.1, attention: 0.1, seed: 3)
        let (l1, g1) = try whole.lossAndGradient(ex, dropout: nil), (l2, g2) = try chunked.lossAndGradient(ex, dropout: nil)
        #expect(abs(l1 - l2) < 1e-6)
        for (a, b) in zip(g1.parameters(), g2.parameters()) {
            let scale = a.tensor.data.map(abs).max() ?? 0
            let err = zip(a.tensor.data, b.tensor.data).map { abs($0 - $1) }.max() ?? 0
            #expect(err <= 1e-5 * max(scale, 1e-6) || (a.key.hasSuffix("key.bias") && err < 1e-6), "\(a.key): \(err) of \(scale)")
        }
        _ = try whole.lossAndGradient(ex, dropout: plan)
    }

    @Test("training lowers the loss; a resumed run ends with the uninterrupted run's weights; the export reloads to the same scores")
    func trainResumeExport() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ce-train-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let pairs = Self.pairs(negatives: true)
        var noDropout = Self.settings()
        noDropout.dropout = false
        let full = try Self.trainer(pairs, noDropout, root.appendingPathComponent("a"))
        let r = try full.run(resume: false)
        #expect(r.steps == 16)
        // Its 16 checkpoint writes are timed apart from the steps, and the pairs/s is the steps'.
        #expect(r.checkpointSeconds > 0 && r.checkpointSeconds < r.seconds)
        #expect(abs(r.pairsPerSecond - Double(r.pairsSeen) / (r.seconds - r.checkpointSeconds)) < 1e-9)
        // The loss on every positive and negative example falls (a random tiny model under dropout learns too slowly to show it).
        let all = full.examples(Array(pairs.indices), step: 0)
        let before = try Self.trainer(pairs, noDropout, root.appendingPathComponent("c")).lossAndGradient(all, dropout: nil).0
        let after = try full.lossAndGradient(all, dropout: nil).0
        #expect(after < 0.8 * before, "loss \(before) → \(after)")
        // Resume, with dropout: an uninterrupted run, and one cut back to its step-2 checkpoint and continued.
        let uninterrupted = try Self.trainer(pairs, Self.settings(), root.appendingPathComponent("u"))
        _ = try uninterrupted.run(resume: false)
        let bDir = root.appendingPathComponent("b")
        _ = try Self.trainer(pairs, Self.settings(), bDir).run(resume: false)
        for name in try FileManager.default.contentsOfDirectory(atPath: bDir.path) where name != Checkpoint.folderName(step: 2) {
            try FileManager.default.removeItem(at: bDir.appendingPathComponent(name))
        }
        let resumed = try Self.trainer(pairs, Self.settings(), bDir)
        let rr = try resumed.run(resume: true)
        #expect(rr.resumedFrom == 2)
        #expect(resumed.model.parameters().map(\.tensor) == uninterrupted.model.parameters().map(\.tensor))
        #expect(resumed.model.parameters().map(\.tensor) != full.model.parameters().map(\.tensor))
        var other = Self.settings()
        other.learningRate = 2e-3
        #expect(throws: TrainingError.self) { try Self.trainer(pairs, other, bDir).run(resume: true) }

        let out = root.appendingPathComponent("reranker")
        let card = SentenceTransformersExport.Card(name: "reranker", baseModel: "tiny", data: "test", pairs: pairs.count, steps: r.steps,
                                                   settings: noDropout, finalLoss: r.history.last?.loss)
        try CrossEncoderExport.write(full.model, base: Self.model, maxSeqLength: 32, card: card, to: out)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("config.json"))) as! [String: Any]
        #expect(config["architectures"] as? [String] == ["BertForSequenceClassification"])
        #expect((config["id2label"] as? [String: String])?.count == 1)
        #expect(config["sbert_ce_default_activation_function"] as? String == "torch.nn.modules.activation.Sigmoid")
        let tc = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("tokenizer_config.json"))) as! [String: Any]
        #expect(tc["model_max_length"] as? Int == 32)
        let file = try SafeTensors(url: out.appendingPathComponent("model.safetensors"))
        #expect(file.entries["bert.embeddings.word_embeddings.weight"] != nil && file.entries["classifier.weight"] != nil)
        #expect(file.entries["bert.pooler.dense.weight"] != nil && file.entries.keys.allSatisfy { $0.hasPrefix("bert.") || $0.hasPrefix("classifier.") })
        let reloaded = try CrossEncoder(directory: out)
        #expect(reloaded.maxLength == 32)
        let texts = pairs.map { ($0.anchor, $0.positive) }
        // Loaded for inference, the encoder's layers are packed for oneDNN: the same weights, so
        // the trained model converted the same way gives the same bits.
        var served = full.model
        served.bert = try served.bert.converted(to: .fp32)
        let (direct, _) = try served.forward(TokenBatch(texts.map { full.tokenizer.encode($0.0, pair: $0.1, maxLength: 32) }))
        #expect(try reloaded.logits(texts, batchSize: 64).map { $0[0] } == direct.data)
    }

    @Test("a fresh head on a BERT checkpoint: the pooler is the checkpoint's when it has one, new layers N(0, 0.02) and seeded")
    func initialization() throws {
        let tiny = TrainingFixtures.tinyBert
        let config = try BertConfig(url: tiny.appendingPathComponent("config.json"))
        let a = try BertForSequenceClassification.initialized(config: config, weights: tiny.appendingPathComponent("model.safetensors"), seed: 1)
        let b = try BertForSequenceClassification.initialized(config: config, weights: tiny.appendingPathComponent("model.safetensors"), seed: 1)
        let c = try BertForSequenceClassification.initialized(config: config, weights: tiny.appendingPathComponent("model.safetensors"), seed: 2)
        #expect(a.classifier.weight == b.classifier.weight && a.classifier.weight != c.classifier.weight)
        #expect(a.classifier.bias.data == [0] && a.pooler.dense.bias.data.allSatisfy { $0 == 0 })
        let w = a.pooler.dense.weight.data.map(Double.init)
        let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(abs(std - 0.02) < 0.004, "pooler std \(std)")  // tiny-bert has no pooler: initialised
        let ce = try CrossEncoder(directory: Self.model)
        let d = try BertForSequenceClassification.initialized(config: ce.model.config, weights: Self.model.appendingPathComponent("model.safetensors"), seed: 1)
        #expect(d.pooler.dense.weight == ce.model.pooler.dense.weight, "a checkpoint's pooler is kept")
        #expect(d.classifier.weight != ce.model.classifier.weight, "the head is new")
    }
}
