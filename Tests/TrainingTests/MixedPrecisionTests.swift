import Foundation
import Testing
import Tensor
import Transformers
@testable import Training

/// Training in mixed precision (`TrainingSettings.precision = .bf16`): the products in bfloat16,
/// everything else float32. Its gradient must be the float32 gradient up to bfloat16's rounding
/// (8 bits of mantissa, ~0.4% per product input; measured on the tiny random BERT: relative L2
/// error 0.048 and cosine 0.9989 over the whole gradient, the scale-20 MNR logits amplifying the
/// embeddings' rounding), and must differ from it (else nothing ran in bf16).
@Suite("Mixed-precision training")
struct MixedPrecisionTests {
    @Test("the bf16 gradient of Matryoshka(MNR) is the fp32 gradient within bfloat16's rounding, and not equal to it")
    func bf16GradientIsFP32sWithinRounding() throws {
        let (embedder, _, columns) = try TrainingFixtures.tiny()
        let loss = try MatryoshkaLoss(dims: [20, 8], inner: MultipleNegativesRankingLoss())
        let computation = GradientComputation(loss: loss)
        var plain = embedder
        plain.model = embedder.model.trainable()
        let fp32 = try computation.compute(plain, columns: columns, dropout: nil)
        var mixed = embedder
        mixed.model = try embedder.model.trainable().mixedPrecision(.bf16)
        #expect(mixed.model.layers[0].intermediate.dense.packedTransposed?.precision == .bf16)
        let bf16 = try computation.compute(mixed, columns: columns, dropout: nil)
        #expect(abs(bf16.loss - fp32.loss) < 1e-2 * max(1, abs(fp32.loss)), "loss fp32 \(fp32.loss), bf16 \(bf16.loss)")
        // The whole gradient as one vector: its relative L2 error and its cosine to fp32's (the
        // direction the optimizer takes); per tensor, the worst relative L2 error.
        var (dot, nb, nf, diff) = (0.0, 0.0, 0.0, 0.0)
        var worst = (key: "", rel: 0.0), differ = false
        let want = Dictionary(uniqueKeysWithValues: fp32.gradient.parameters().map { ($0.key, $0.tensor.data) })
        for (key, t) in bf16.gradient.parameters() {
            let w = try #require(want[key])
            var (d2, w2) = (0.0, 0.0)
            for (a, b) in zip(t.data, w) {
                let (a, b) = (Double(a), Double(b))
                dot += a * b; nb += a * a; nf += b * b; d2 += (a - b) * (a - b); w2 += b * b
            }
            diff += d2
            differ = differ || d2 > 0
            if w2 > 1e-12, (d2 / w2).squareRoot() > worst.rel { worst = (key, (d2 / w2).squareRoot()) }
        }
        let (rel, cosine) = ((diff / nf).squareRoot(), dot / (nb * nf).squareRoot())
        print("bf16 gradient: relative L2 error \(rel), cosine \(cosine), worst tensor \(worst)")
        #expect(rel < 0.08 && cosine > 0.998, "relative L2 error \(rel), cosine \(cosine)")
        #expect(worst.rel < 0.15, "worst tensor \(worst.key): relative L2 error \(worst.rel)")
        #expect(differ, "the bf16 gradient equals the fp32 one bit for bit: no product ran in bfloat16")
    }

    @Test("the master weights stay float32 and unconverted: the model the loop updates has no converted copies")
    func masterWeightsStayFloat32() throws {
        let (embedder, _, _) = try TrainingFixtures.tiny()
        let master = embedder.model.trainable()  // what the loop holds and AdamW updates
        let mixed = try master.mixedPrecision(.bf16)
        #expect(mixed.layers[0].attention.selfAttention.query.weight == master.layers[0].attention.selfAttention.query.weight)
        #expect(master.layers[0].attention.selfAttention.query.packed == nil)
        var changed = mixed.layers[0].attention.selfAttention.query
        let w = changed.weight
        changed.weight = w  // any change of the weight drops both converted copies
        #expect(changed.packed == nil && changed.packedTransposed == nil)
    }
}
