import Tensor

/// Dropout for a training forward pass, as `BertModel` in `train()` mode: `hidden_dropout_prob`
/// after the embeddings and after each dense projection before its residual, and
/// `attention_probs_dropout_prob` on the attention probabilities. `nil` everywhere means
/// inference (no dropout, the fast path unchanged).
///
/// Each site draws from its own stream of one seed (`Dropout` is stateless), so backward and a
/// GradCache re-run see the same masks.
public struct DropoutPlan: Sendable, Equatable {
    public var hidden: Dropout
    public var attention: Dropout

    public init(hidden: Float, attention: Float, seed: UInt64) {
        self.hidden = Dropout(probability: hidden, seed: seed)
        self.attention = Dropout(probability: attention, seed: Dropout.mix(seed ^ 0xA77E))
    }

    /// The probabilities of `config.json` with a seed.
    public init(config: BertConfig, seed: UInt64) {
        self.init(hidden: config.hiddenDropoutProb, attention: config.attentionProbsDropoutProb, seed: seed)
    }

    /// The plan for a sub-module (a layer index, a site).
    public func derived(_ id: UInt64) -> DropoutPlan {
        var p = self
        p.hidden = hidden.derived(id)
        p.attention = attention.derived(id)
        return p
    }
}
