import Foundation
import Testing
import Tensor
@testable import Transformers

/// A seeded source of test values (SplitMix64, Box–Muller).
struct TestRNG {
    var state: UInt64
    mutating func next() -> UInt64 { state &+= 1; return Dropout.mix(state) }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func normal() -> Float {
        Float((-2 * Foundation.log(max(uniform(), 1e-300))).squareRoot() * Foundation.cos(2 * .pi * uniform()))
    }
    mutating func tensor(_ shape: [Int], scale: Float = 1, offset: Float = 0) -> Tensor {
        try! Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in normal() * scale + offset })
    }
}

/// Builds small BERT parts with random weights (LayerNorm weights around 1).
enum TinyBert {
    static let config = BertConfig(vocabSize: 11, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2,
                                   intermediateSize: 12, maxPositionEmbeddings: 10, typeVocabSize: 2, layerNormEps: 1e-12)

    static func linear(_ i: Int, _ o: Int) -> Linear { try! Linear(weight: Tensor(zeros: [o, i]), bias: Tensor(zeros: [o])) }
    static func layerNorm(_ c: Int) -> LayerNorm { LayerNorm(weight: Tensor(zeros: [c]), bias: Tensor(zeros: [c]), eps: config.layerNormEps) }

    static func layer() -> BertLayer {
        let c = config.hiddenSize, i = config.intermediateSize
        return BertLayer(
            attention: BertAttention(
                selfAttention: BertSelfAttention(query: linear(c, c), key: linear(c, c), value: linear(c, c), numHeads: config.numAttentionHeads),
                output: BertSelfOutput(dense: linear(c, c), layerNorm: layerNorm(c))),
            intermediate: BertIntermediate(dense: linear(c, i)),
            output: BertOutput(dense: linear(i, c), layerNorm: layerNorm(c)))
    }

    static func model() -> BertModel {
        let c = config.hiddenSize
        let emb = BertEmbeddings(
            wordEmbeddings: Tensor(zeros: [config.vocabSize, c]), positionEmbeddings: Tensor(zeros: [config.maxPositionEmbeddings, c]),
            tokenTypeEmbeddings: Tensor(zeros: [config.typeVocabSize, c]), layerNorm: layerNorm(c))
        return BertModel(config: config, embeddings: emb, layers: (0..<config.numHiddenLayers).map { _ in layer() })
    }

    /// Fills every parameter with random values: N(0, 0.5), LayerNorm weights N(1, 0.2).
    static func randomize<P: ParameterContainer>(_ p: inout P, seed: UInt64) {
        var rng = TestRNG(state: seed)
        p.visit("") { key, t in
            t = key.hasSuffix("LayerNorm.weight") ? rng.tensor(t.shape, scale: 0.2, offset: 1) : rng.tensor(t.shape, scale: 0.5)
        }
    }

    /// Three sequences of lengths 4, 2 and 5 (11 tokens), ids below the vocabulary, mixed types.
    static let batch: TokenBatch = {
        var rng = TestRNG(state: 99)
        let lengths = [4, 2, 5]
        let encodings = lengths.map { n in
            Encoding(ids: (0..<n).map { _ in Int32(rng.next() % 11) }, typeIds: (0..<n).map { Int32($0 >= 3 ? 1 : 0) },
                     attentionMask: [Int32](repeating: 1, count: n))
        }
        return try! TokenBatch(encodings)
    }()
}

/// Central differences of a float64 loss against the analytic float32 gradients, per tensor.
///
/// For each tensor, up to `samples` elements are nudged by ±1e-6; the check passes when
/// `max |analytic − numeric| ≤ tolerance · max |numeric| + 1e-5`. A failure names the op and tensor.
func checkGradients(
    _ op: String, params: RefParams, analytic: [(key: String, tensor: Tensor)], tolerance: Double = 1e-3,
    samples: Int = 24, loss: (RefParams) -> Double
) {
    var rng = TestRNG(state: 7)
    for (key, grad) in analytic {
        guard let values = params.values[key] else { Issue.record("\(op): no reference values for \(key)"); continue }
        let idx = values.count <= samples ? Array(values.indices) : (0..<samples).map { _ in Int(rng.next() % UInt64(values.count)) }
        var maxErr = 0.0, maxNum = 0.0
        for i in idx {
            var p = params
            let h = 1e-6
            p.values[key]![i] = values[i] + h
            let up = loss(p)
            p.values[key]![i] = values[i] - h
            let down = loss(p)
            let numeric = (up - down) / (2 * h)
            maxErr = max(maxErr, abs(numeric - Double(grad.data[i])))
            maxNum = max(maxNum, abs(numeric))
        }
        #expect(maxErr <= tolerance * maxNum + 1e-5, "\(op): gradient of \(key): max error \(maxErr), max |numeric| \(maxNum)")
    }
}

func refParams<P: ParameterContainer>(_ p: P, prefix: String = "", extra: [String: Tensor] = [:]) -> RefParams {
    var values: [String: [Double]] = [:]
    for (k, t) in p.parameters(prefix) { values[k] = t.data.map(Double.init) }
    for (k, t) in extra { values[k] = t.data.map(Double.init) }
    return RefParams(values: values)
}

func matrix(_ p: RefParams, _ key: String, cols: Int) -> M { M(p[key].count / cols, cols, p[key]) }

/// Σ g ⊙ y in float64: the scalar whose gradient with respect to y is g.
func dot(_ g: Tensor, _ y: M) -> Double { zip(g.data, y.a).reduce(0) { $0 + Double($1.0) * $1.1 } }

@Suite("Backward passes against float64 finite differences")
struct GradientCheckTests {
    let c = TinyBert.config.hiddenSize
    let batch = TinyBert.batch
    let plan = DropoutPlan(hidden: 0.3, attention: 0.3, seed: 2024)

    @Test("Linear: dW, db, dx")
    func linear() throws {
        var lin = TinyBert.linear(6, 4)
        TinyBert.randomize(&lin, seed: 1)
        var rng = TestRNG(state: 2)
        let x = rng.tensor([5, 6]), g = rng.tensor([5, 4])
        let (_, cache) = try lin.forward(x, cache: true)
        let (dx, grad) = try lin.backward(g, cache: cache)
        checkGradients("Linear", params: refParams(lin, prefix: "lin", extra: ["x": x]),
                       analytic: grad.parameters("lin") + [("x", dx)]) { p in
            dot(g, Ref.linear(matrix(p, "x", cols: 6), p, "lin"))
        }
    }

    @Test("LayerNorm: dgamma, dbeta, dx")
    func layerNorm() throws {
        var ln = TinyBert.layerNorm(c)
        TinyBert.randomize(&ln, seed: 3)
        var rng = TestRNG(state: 4)
        let x = rng.tensor([5, c], scale: 2, offset: 0.5), g = rng.tensor([5, c])
        let (_, cache) = try ln.forward(x, cache: true)
        let (dx, grad) = try ln.backward(g, cache: cache)
        checkGradients("LayerNorm", params: refParams(ln, prefix: "ln", extra: ["x": x]),
                       analytic: grad.parameters("ln") + [("x", dx)]) { p in
            dot(g, Ref.layerNorm(matrix(p, "x", cols: c), p, "ln", eps: 1e-12))
        }
    }

    @Test("BertIntermediate (erf GELU): dense and dx")
    func intermediate() throws {
        var m = BertIntermediate(dense: TinyBert.linear(c, 12))
        TinyBert.randomize(&m, seed: 5)
        var rng = TestRNG(state: 6)
        let x = rng.tensor([5, c], scale: 2), g = rng.tensor([5, 12])
        let (_, cache) = try m.forward(x, cache: true)
        let (dx, grad) = try m.backward(g, cache: cache)
        checkGradients("BertIntermediate", params: refParams(m, prefix: "int", extra: ["x": x]),
                       analytic: grad.parameters("int") + [("x", dx)]) { p in
            dot(g, Ref.gelu(Ref.linear(matrix(p, "x", cols: c), p, "int.dense")))
        }
    }

    @Test("BertSelfAttention, packed sequences of lengths 4, 2, 5, with attention dropout", arguments: [false, true])
    func selfAttention(dropout: Bool) throws {
        var m = TinyBert.layer().attention.selfAttention
        TinyBert.randomize(&m, seed: 7)
        var rng = TestRNG(state: 8)
        let x = rng.tensor([batch.tokenCount, c]), g = rng.tensor([batch.tokenCount, c])
        let d = dropout ? plan.attention : nil
        let (_, cache) = try m.forward(x, batch: batch, cache: true, dropout: d)
        let (dx, grad) = try m.backward(g, cache: cache, batch: batch)
        checkGradients("BertSelfAttention", params: refParams(m, prefix: "att", extra: ["x": x]),
                       analytic: grad.parameters("att") + [("x", dx)]) { [batch] p in
            dot(g, Ref.selfAttention(matrix(p, "x", cols: c), p, "att", heads: 2, batch: batch, dropout: d))
        }
    }

    @Test("attention never mixes sequences: a loss on sequence 0 gives no gradient to the others' tokens")
    func packedIsolation() throws {
        var m = TinyBert.layer()
        TinyBert.randomize(&m, seed: 9)
        var rng = TestRNG(state: 10)
        let x = rng.tensor([batch.tokenCount, c])
        var g = rng.tensor([batch.tokenCount, c])
        for i in (batch.lengths[0] * c)..<g.count { g.data[i] = 0 }
        let (_, cache) = try m.forward(x, batch: batch, cache: true, dropout: plan)
        let (dx, _) = try m.backward(g, cache: cache, batch: batch)
        #expect(dx.data[(batch.lengths[0] * c)...].allSatisfy { $0 == 0 })
        #expect(dx.data[..<(batch.lengths[0] * c)].contains { $0 != 0 })
    }

    @Test("BertSelfOutput and BertOutput: dense, LayerNorm, hidden and residual inputs, with dropout")
    func denseResidual() throws {
        var so = BertSelfOutput(dense: TinyBert.linear(c, c), layerNorm: TinyBert.layerNorm(c))
        TinyBert.randomize(&so, seed: 11)
        var rng = TestRNG(state: 12)
        let h = rng.tensor([5, c]), x = rng.tensor([5, c]), g = rng.tensor([5, c])
        let (_, cache) = try so.forward(h, input: x, cache: true, dropout: plan.hidden)
        let (dh, dx, grad) = try so.backward(g, cache: cache)
        checkGradients("BertSelfOutput", params: refParams(so, prefix: "so", extra: ["h": h, "x": x]),
                       analytic: grad.parameters("so") + [("h", dh), ("x", dx)]) { p in
            dot(g, Ref.denseResidual(matrix(p, "h", cols: c), matrix(p, "x", cols: c), p, "so", eps: 1e-12, dropout: plan.hidden, stream: 1))
        }
        var out = BertOutput(dense: TinyBert.linear(12, c), layerNorm: TinyBert.layerNorm(c))
        TinyBert.randomize(&out, seed: 13)
        let hi = rng.tensor([5, 12])
        let (_, oc) = try out.forward(hi, input: x, cache: true, dropout: plan.hidden)
        let (dhi, dxo, go) = try out.backward(g, cache: oc)
        checkGradients("BertOutput", params: refParams(out, prefix: "out", extra: ["h": hi, "x": x]),
                       analytic: go.parameters("out") + [("h", dhi), ("x", dxo)]) { p in
            dot(g, Ref.denseResidual(matrix(p, "h", cols: 12), matrix(p, "x", cols: c), p, "out", eps: 1e-12, dropout: plan.hidden, stream: 2))
        }
    }

    @Test("BertLayer with every dropout site")
    func layer() throws {
        var m = TinyBert.layer()
        TinyBert.randomize(&m, seed: 14)
        var rng = TestRNG(state: 15)
        let x = rng.tensor([batch.tokenCount, c]), g = rng.tensor([batch.tokenCount, c])
        let (_, cache) = try m.forward(x, batch: batch, cache: true, dropout: plan)
        let (dx, grad) = try m.backward(g, cache: cache, batch: batch)
        checkGradients("BertLayer", params: refParams(m, prefix: "L", extra: ["x": x]),
                       analytic: grad.parameters("L") + [("x", dx)], samples: 12) { [batch, plan] p in
            dot(g, Ref.layer(matrix(p, "x", cols: c), p, "L", heads: 2, batch: batch, eps: 1e-12, plan: plan))
        }
    }

    @Test("BertModel + pooling + L2 normalisation + Matryoshka truncation: every parameter", arguments: [Pooling.Mode.mean, .cls])
    func sentenceEmbedding(mode: Pooling.Mode) throws {
        var model = TinyBert.model()
        TinyBert.randomize(&model, seed: 16)
        let pooling = Pooling(mode: mode, dimension: c)
        var rng = TestRNG(state: 17)
        let g = rng.tensor([batch.count, 5])
        let (hidden, cache) = try model.forward(batch, cache: true, dropout: plan)
        let (normed, nc) = try L2Normalize.forward(pooling.forward(hidden, batch: batch))
        let (short, sc) = try L2Normalize.forward(MatryoshkaTruncation.forward(normed, dimension: 5))
        let dShort = try L2Normalize.backward(g, cache: sc)
        let dNormed = try MatryoshkaTruncation.backward(dShort, width: c)
        let dPooled = try L2Normalize.backward(dNormed, cache: nc)
        let grad = try model.backward(pooling.backward(dPooled, batch: batch), cache: cache)
        #expect(grad.parameters().map(\.key) == model.parameters().map(\.key))
        checkGradients("BertModel(\(mode))", params: refParams(model), analytic: grad.parameters(), samples: 10) { [batch, plan] p in
            let h = Ref.model(batch, p, config: TinyBert.config, plan: plan)
            return dot(g, Ref.normalize(Ref.truncate(Ref.normalize(Ref.pool(h, batch: batch, mode: mode)), 5)))
        }
    }

    @Test("a cache-free forward equals the cached one bit for bit, and dropout off equals inference")
    func inferenceUnchanged() throws {
        var model = TinyBert.model()
        TinyBert.randomize(&model, seed: 18)
        let (a, none) = try model.forward(batch)
        let (b, some) = try model.forward(batch, cache: true)
        #expect(a == b)
        #expect(none == nil && some != nil)
        let (d, _) = try model.forward(batch, dropout: plan)
        #expect(d != a)
        let (e, _) = try model.forward(batch, dropout: plan)
        #expect(d == e)
    }

    @Test("backward accumulating in place equals backward plus add; unused word-embedding rows stay untouched")
    func accumulateInPlace() throws {
        var model = TinyBert.model()
        TinyBert.randomize(&model, seed: 21)
        var rng = TestRNG(state: 5)
        let (_, cache) = try model.forward(batch, cache: true, dropout: plan)
        let dy = rng.tensor([batch.tokenCount, TinyBert.config.hiddenSize])
        let g = try model.backward(dy, cache: cache)
        var start = model  // any values: the accumulation adds onto them
        TinyBert.randomize(&start, seed: 22)
        var acc = start
        try model.backward(dy, cache: cache, accumulatingInto: &acc)
        var want = start
        want.add(g)
        for ((key, a), (_, w)) in zip(acc.parameters(), want.parameters()) {
            let err = zip(a.data, w.data).map { abs($0 - $1) }.max() ?? 0
            #expect(err < 1e-5, "\(key): max |in place − (start + grad)| = \(err)")
        }
        let used = Set(batch.ids.map(Int.init)), c = TinyBert.config.hiddenSize
        for row in 0..<TinyBert.config.vocabSize where !used.contains(row) {
            let r = (row * c)..<((row + 1) * c)
            #expect(Array(acc.embeddings.wordEmbeddings.data[r]) == Array(start.embeddings.wordEmbeddings.data[r]), "row \(row)")
        }
    }

    @Test("parameters walk by checkpoint key, as the safetensors file spells them")
    func keys() throws {
        let model = try BertModel(config: BertConfig(url: Fixtures.tinyBert.appendingPathComponent("config.json")),
                                  weights: Fixtures.tinyBert.appendingPathComponent("model.safetensors"))
        let keys = model.parameters().map(\.key)
        let file = try SafeTensors(url: Fixtures.tinyBert.appendingPathComponent("model.safetensors"))
        let stored = Set(file.entries.keys.filter { !$0.hasSuffix("position_ids") }.map { String($0.dropFirst("bert.".count)) })
        #expect(Set(keys) == stored)
        #expect(keys.count == stored.count)
        #expect(keys.first == "embeddings.word_embeddings.weight")
        #expect(keys.contains("encoder.layer.1.attention.self.query.weight"))
    }
}
