import Foundation
import Tensor
import Testing
@testable import Transformers

/// Lowest cosine between paired vectors.
func minCosine(_ a: [[Float]], _ b: [[Float]]) -> Float {
    zip(a, b).map { x, y in
        let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        return dot / (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }.min() ?? 1
}

/// `SentenceEncoder(precision:)` against the same model in fp32, each precision with its own
/// tolerance (bf16 rounds to 8 significant bits, int8 to 255 levels per row / 127 per channel).
@Suite("Reduced-precision encoders on a tiny random BERT")
struct PrecisionParityTests {
    let texts: [String]
    let reference: [[Float]]

    init() throws {
        texts = try Fixtures.json("tokenizer_corpus.json")["texts"] as! [String]
        reference = try SentenceEncoder(directory: Fixtures.tinyBert).encode(texts, batchSize: 64)
    }

    @Test("every linear layer is converted, and only those; int8 keeps the feed-forward output in its companion",
          arguments: [Precision.bf16, .int8])
    func converted(precision: Precision) throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert, precision: precision)
        #expect(encoder.precision == precision)
        for layer in encoder.model.layers {
            let linears = [layer.attention.selfAttention.query, layer.attention.selfAttention.key,
                           layer.attention.selfAttention.value, layer.attention.output.dense,
                           layer.intermediate.dense]
            #expect(linears.allSatisfy { $0.precision == precision })
            #expect(layer.output.dense.precision == (precision == .int8 ? Precision.int8Companion() : precision))
        }
        #expect(try encoder.model.converted(to: .fp32).precision == .fp32)
    }

    /// Inference multiplies float32 through oneDNN with the weights packed once at load; training
    /// multiplies with `sgemm` on weights that change, so it must never read a packed copy.
    @Test("fp32 inference packs every linear layer; trainable() and any change of a weight drop the packed copy")
    func fp32PacksForInferenceOnly() throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert)
        func linears(_ m: BertModel) -> [Linear] {
            m.layers.flatMap { l in [l.attention.selfAttention.query, l.attention.selfAttention.key, l.attention.selfAttention.value,
                                     l.attention.output.dense, l.intermediate.dense, l.output.dense] }
        }
        #expect(linears(encoder.model).allSatisfy { $0.packed?.precision == .fp32 })
        #expect(linears(encoder.model.trainable()).allSatisfy { $0.packed == nil })
        // A weight changed in place (as AdamW does, through `visit`) is what the next product reads.
        var layer = encoder.model.layers[0].intermediate.dense
        layer.visit("") { key, t in if key == "weight" { t = try! Tensor(shape: t.shape, data: t.data.map { $0 * 2 }) } }
        #expect(layer.packed == nil)
        let x = try Tensor(shape: [3, layer.inFeatures], data: (0..<(3 * layer.inFeatures)).map { Float($0 % 7) * 0.1 })
        let fresh = try Linear(weight: layer.weight, bias: layer.bias)
        #expect(try layer.forward(x).0.data == fresh.forward(x).0.data)
    }

    /// int8's companion (its feed-forward output and attention) is bfloat16 only where the CPU
    /// multiplies it faster than float32: emulated, oneDNN's bf16 product ran at a third of fp32's
    /// speed on Ice Lake (23 against 66 GFLOP/s in `jobmatch doctor`), on an Emerald Rapids without
    /// AMX at 0.6× (`BF16Speed`), and fp32 is the more exact.
    @Test func int8sCompanionIsBF16OnlyWhereFaster() {
        #expect(Precision.int8Companion(for: CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true), bf16Speedup: 2) == .fp32)
        #expect(Precision.int8Companion(for: CPUCapabilities(avx2: true), bf16Speedup: 2) == .fp32)
        let avx512BF16 = CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true)
        #expect(Precision.int8Companion(for: avx512BF16, bf16Speedup: 2) == .bf16)
        #expect(Precision.int8Companion(for: avx512BF16, bf16Speedup: 0.6) == .fp32)
        #expect(Precision.int8Companion(for: CPUCapabilities(avx2: true, avx512: true, avx512VNNI: true, avx512BF16: true, amxBF16: true,
                                                             amxINT8: true), bf16Speedup: 0.6) == .bf16)
        let fast = Precision.fastBF16(.current, bf16Speedup: BF16Speed.measured)
        #expect(Precision.int8Companion() == (fast ? .bf16 : .fp32))
        // Their vectors differ, so the encoded-jobs cache keeps them apart.
        #expect(Precision.int8.vectorsLabel == (fast ? "int8" : "int8+fp32"))
        #expect(Precision.fp32.vectorsLabel == "fp32" && Precision.bf16.vectorsLabel == "bf16")
    }

    // Measured: bf16 0.99882 (hidden 20: each rounding weighs more than in MiniLM's 384).
    @Test("cosine to fp32 over the whole corpus: bf16 ≥ 0.998, int8 ≥ 0.99; neither is fp32 in disguise",
          arguments: [(Precision.bf16, Float(0.998)), (.int8, 0.99)])
    func parity(precision: Precision, floor: Float) throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert, precision: precision)
        let got = try encoder.encode(texts, batchSize: 64)
        let worst = minCosine(got, reference)
        #expect(worst >= floor, "\(precision): lowest cosine to fp32 \(worst)")
        #expect(maxAbsDiff(got, reference) > 1e-5, "\(precision) gives fp32's vectors exactly")
    }

    @Test("a bf16 layer on rows rounded once (the attention's shared query/key/value input) equals forward on the floats, bit for bit",
          arguments: [1, 2])
    func sharedRounding(threads: Int) throws {
        let old = Parallel.threads
        Parallel.setThreads(threads)
        defer { Parallel.setThreads(old) }
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert, precision: .bf16)
        let query = encoder.model.layers[0].attention.selfAttention.query
        var rng = SystemRandomNumberGenerator()
        for n in [1, 37, 300] {  // one tile, a partial one, and rows over both threads
            let x = try Tensor(shape: [n, query.inFeatures], data: (0..<(n * query.inFeatures)).map { _ in Float.random(in: -3...3, using: &rng) })
            let (want, _) = try query.forward(x)
            var bits = [UInt16](repeating: 0, count: x.count)
            x.data.withUnsafeBufferPointer { px in
                bits.withUnsafeMutableBufferPointer { BFloat16.round(px.baseAddress!, rows: n, cols: query.inFeatures, lda: query.inFeatures, into: $0.baseAddress!) }
            }
            #expect(bits == x.data.map(BFloat16.bits), "BFloat16.round is BFloat16.bits of each value")
            let got = bits.withUnsafeBufferPointer { query.forward(bf16: $0.baseAddress!, rows: n) }
            #expect(got.shape == want.shape)
            #expect(got.data == want.data, "\(n) rows, \(threads) threads")
        }
    }

    /// A random model whose heads are 32 wide, the bfloat16 attention kernel's shape (the tiny
    /// fixture's 10-wide heads take its BLAS path).
    static func wideHeadModel() -> (BertModel, TokenBatch) {
        let config = BertConfig(vocabSize: 50, hiddenSize: 64, numHiddenLayers: 3, numAttentionHeads: 2, intermediateSize: 96,
                                maxPositionEmbeddings: 80, typeVocabSize: 2, layerNormEps: 1e-12)
        func linear(_ i: Int, _ o: Int) -> Linear { try! Linear(weight: Tensor(zeros: [o, i]), bias: Tensor(zeros: [o])) }
        func norm(_ c: Int) -> LayerNorm { LayerNorm(weight: Tensor(zeros: [c]), bias: Tensor(zeros: [c]), eps: config.layerNormEps) }
        let (c, i) = (config.hiddenSize, config.intermediateSize)
        let layers = (0..<config.numHiddenLayers).map { _ in
            BertLayer(attention: BertAttention(
                          selfAttention: BertSelfAttention(query: linear(c, c), key: linear(c, c), value: linear(c, c), numHeads: 2),
                          output: BertSelfOutput(dense: linear(c, c), layerNorm: norm(c))),
                      intermediate: BertIntermediate(dense: linear(c, i)), output: BertOutput(dense: linear(i, c), layerNorm: norm(c)))
        }
        let emb = BertEmbeddings(wordEmbeddings: Tensor(zeros: [50, c]), positionEmbeddings: Tensor(zeros: [80, c]),
                                 tokenTypeEmbeddings: Tensor(zeros: [2, c]), layerNorm: norm(c))
        var model = BertModel(config: config, embeddings: emb, layers: layers)
        var rng = TestRNG(state: 5)
        model.visit("") { key, t in
            t = key.hasSuffix("LayerNorm.weight") ? rng.tensor(t.shape, scale: 0.2, offset: 1) : rng.tensor(t.shape, scale: 0.3)
        }
        let batch = try! TokenBatch([7, 1, 70, 33].map { n in
            Encoding(ids: (0..<n).map { _ in Int32(rng.next() % 50) }, typeIds: [Int32](repeating: 0, count: n),
                     attentionMask: [Int32](repeating: 1, count: n))
        })
        return (model, batch)
    }

    @Test("inference hands bfloat16 along (layer to layer, attention context to output product) without changing a bit",
          arguments: [Precision.fp32, .bf16, .int8], [1, 2])
    func bfloat16HandOff(precision: Precision, threads: Int) throws {
        let old = Parallel.threads
        Parallel.setThreads(threads)
        defer { Parallel.setThreads(old) }
        let (fp32, batch) = Self.wideHeadModel()
        let model = try fp32.converted(to: precision)
        let (got, _) = try model.forward(batch)
        // Layer by layer, each rounding its own input.
        var x = try model.embeddings.forward(batch).0
        for layer in model.layers { x = try layer.forward(x, batch: batch).0 }
        let handOff = got.data == x.data  // (a Bool: a failure does not print the tensors)
        #expect(handOff, "\(precision): the model's hand-off against layer by layer")
        // An attention block against its parts: the float32 context, then the output product, the
        // residual and LayerNorm apart (the cached path).
        let x0 = try model.embeddings.forward(batch).0, attention = model.layers[0].attention
        let (a, a16) = try attention.inference(x0, bf16: nil, batch: batch, emitBF16: true)
        let ctx = try attention.selfAttention.forward(x0, batch: batch).0
        let want = try attention.output.forward(ctx, input: x0, cache: true).0
        let (same, sameBits) = (a.data == want.data, a16 == want.data.map(BFloat16.bits))
        #expect(same, "\(precision): attention block against its parts")
        #expect(sameBits, "its bfloat16 bits")
    }

    @Test("bfloat16 rows handed to a float32 product are an error, not a trap")
    func bfloat16RowsNeedABF16Product() throws {
        let (model, batch) = Self.wideHeadModel()
        let x = try model.embeddings.forward(batch).0, output = model.layers[0].attention.output
        #expect(throws: TransformersError.self) {
            try output.inference(hidden: .bf16(x.data.map(BFloat16.bits)), input: x, emitBF16: false)
        }
    }

    @Test("batch size and order do not change reduced-precision vectors beyond rounding",
          arguments: [Precision.bf16, .int8])
    func batchInvariance(precision: Precision) throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert, precision: precision)
        let sample = Array(texts.prefix(40))
        let a = try encoder.encode(sample, batchSize: 1)
        let b = try encoder.encode(sample.reversed(), batchSize: 7).reversed()
        // Per-row activation scales make int8 independent of the batch; bf16 rounds row by row.
        #expect(maxAbsDiff(a, Array(b)) < 1e-5)
    }
}

/// all-MiniLM-L6-v2 on the real texts of the reference fixture, at each reduced precision.
@Suite("all-MiniLM-L6-v2 at reduced precision", .enabled(if: Fixtures.runMiniLMTests, "needs the model unpacked by scripts/setup.sh"))
struct MiniLMPrecisionTests {
    // Measured on the 80 texts: int8 0.99959; 0.99853 with the feed-forward output in int8 and
    // outliers above 6 (0.99809 without the outlier decomposition, BLAS.outlierThreshold = ∞).
    @Test("lowest cosine to fp32 on real texts: bf16 ≥ 0.999, int8 ≥ 0.9995", arguments: [(Precision.bf16, Float(0.999)), (.int8, 0.9995)])
    func realTexts(precision: Precision, floor: Float) throws {
        try #require(Fixtures.hasMiniLM, "\(Fixtures.missingMiniLM)")
        let ref = try Fixtures.json("minilm_reference.json")
        let texts = try MiniLMReferenceTests.texts(sources: (ref["sources"] as! [String: NSNumber]).mapValues(\.intValue))
        let fp32 = try SentenceEncoder(directory: Fixtures.miniLM).encode(texts, batchSize: 16)
        let got = try SentenceEncoder(directory: Fixtures.miniLM, precision: precision).encode(texts, batchSize: 16)
        let worst = minCosine(got, fp32)
        #expect(worst >= floor, "\(precision): lowest cosine to fp32 \(worst) over \(texts.count) texts")
    }
}
