import Tensor

// Layers built from their parts rather than read from a checkpoint (tests build small random ones).

extension BertEmbeddings {
    public init(wordEmbeddings: Tensor, positionEmbeddings: Tensor, tokenTypeEmbeddings: Tensor, layerNorm: LayerNorm) {
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.layerNorm = layerNorm
    }
}

extension BertSelfAttention {
    public init(query: Linear, key: Linear, value: Linear, numHeads: Int) {
        self.query = query
        self.key = key
        self.value = value
        self.numHeads = numHeads
    }
}

extension BertSelfOutput {
    public init(dense: Linear, layerNorm: LayerNorm) {
        self.dense = dense
        self.layerNorm = layerNorm
    }
}

extension BertAttention {
    public init(selfAttention: BertSelfAttention, output: BertSelfOutput) {
        self.selfAttention = selfAttention
        self.output = output
    }
}

extension BertIntermediate {
    public init(dense: Linear) { self.dense = dense }
}

extension BertOutput {
    public init(dense: Linear, layerNorm: LayerNorm) {
        self.dense = dense
        self.layerNorm = layerNorm
    }
}

extension BertLayer {
    public init(attention: BertAttention, intermediate: BertIntermediate, output: BertOutput) {
        self.attention = attention
        self.intermediate = intermediate
        self.output = output
    }
}
