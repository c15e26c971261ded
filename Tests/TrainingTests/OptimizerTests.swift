import Foundation
import Testing
import Tensor
import Transformers
@testable import Training

@Suite("AdamW, schedule, clipping and the batch sampler")
struct OptimizerTests {
    @Test("AdamW + linear warm-up + clip_grad_norm_ over 4 steps equal torch and transformers (fixture)")
    func adamWParity() throws {
        let f = try TrainingFixtures.parity()["optimizer"] as! [String: Any]
        let start = f["start"] as! [String: [Double]], end = f["end"] as! [String: [Double]]
        func linear(_ v: [String: [Double]]) throws -> Linear {
            try Linear(weight: Tensor(shape: [3, 4], data: v["w.weight"]!.map(Float.init)), bias: Tensor(shape: [3], data: v["w.bias"]!.map(Float.init)))
        }
        var model = try linear(start)
        var opt = AdamW(for: model, weightDecay: Float(f["weight_decay"] as! Double))
        let schedule = LinearSchedule(peak: Float(f["peak_lr"] as! Double), warmup: f["warmup"] as! Int, total: f["total"] as! Int)
        let lrs = f["lrs"] as! [Double], norms = f["norms"] as! [Double]
        for (step, g) in (f["gradients"] as! [[String: [Double]]]).enumerated() {
            var grad = try linear(g)
            let norm = clipGradientNorm(&grad, maxNorm: Float(f["max_grad_norm"] as! Double))
            #expect(abs(norm - norms[step]) < 1e-5 * norms[step], "step \(step): norm \(norm) vs torch \(norms[step])")
            #expect(abs(Double(schedule.rate(at: step)) - lrs[step]) < 1e-7, "step \(step): lr \(schedule.rate(at: step)) vs \(lrs[step])")
            opt.update(&model, gradient: grad, lr: schedule.rate(at: step))
        }
        let want = try linear(end)
        for ((key, a), (_, b)) in zip(model.parameters(), want.parameters()) {
            let err = zip(a.data, b.data).map { abs($0 - $1) }.max()!
            #expect(err < 2e-6, "\(key): max |swift − torch| = \(err)")
        }
    }

    @Test("no weight decay on biases and LayerNorm weights")
    func decayGroups() {
        #expect(AdamW.decays("encoder.layer.0.attention.self.query.weight"))
        #expect(AdamW.decays("embeddings.word_embeddings.weight"))
        #expect(!AdamW.decays("encoder.layer.0.attention.self.query.bias"))
        #expect(!AdamW.decays("embeddings.LayerNorm.weight"))
        #expect(!AdamW.decays("encoder.layer.3.output.LayerNorm.weight"))
    }

    func pairs(_ n: Int, sharedCV: Int = 1) -> [TrainingPair] {
        (0..<n).map { i in TrainingPair(cvID: "cv\(i / sharedCV)", jobID: "job\(i)", anchor: "a\(i)", positive: "p\(i)", negative: i % 2 == 0 ? "n\(i)" : nil) }
    }

    @Test("NO_DUPLICATES: every pair once per epoch, no CV or job twice in a batch, seeded")
    func sampler() {
        let data = pairs(103, sharedCV: 3)  // three pairs per CV
        let s = NoDuplicatesBatchSampler(batchSize: 8, seed: 5)
        let e0 = s.batches(data, epoch: 0)
        #expect(e0.flatMap { $0 }.sorted() == Array(data.indices))
        for b in e0 {
            #expect(Set(b.map { data[$0].cvID }).count == b.count, "a batch holds one CV twice: \(b)")
            #expect(b.count <= 8)
        }
        #expect(e0.filter { $0.count < 8 }.count <= 3)
        #expect(s.batches(data, epoch: 0) == e0)
        #expect(s.batches(data, epoch: 1) != e0)
        #expect(NoDuplicatesBatchSampler(batchSize: 8, seed: 6).batches(data, epoch: 0) != e0)
    }

    @Test("warm-up rises from 0 to the peak, then decays linearly to 0")
    func schedule() {
        let s = LinearSchedule(peak: 1, warmup: 10, total: 110)
        #expect(s.rate(at: 0) == 0)
        #expect(s.rate(at: 5) == 0.5)
        #expect(s.rate(at: 10) == 1)
        #expect(s.rate(at: 60) == 0.5)
        #expect(s.rate(at: 110) == 0)
    }
}
