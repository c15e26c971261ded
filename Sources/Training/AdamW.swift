import Foundation
import Tensor
import Transformers

/// `torch.optim.AdamW` with decoupled weight decay, as the Hugging Face Trainer sets it up:
/// decay on every weight except biases and LayerNorm weights.
///
/// Per parameter: `p -= lr · wd · p` (when decayed), `m = β1·m + (1−β1)·g`, `v = β2·v + (1−β2)·g²`,
/// `p -= lr / (1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)`. Moments are kept in the model's walk order.
public struct AdamW: Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    /// Steps taken (t).
    public private(set) var step = 0
    /// First and second moments, keyed in walk order.
    public private(set) var m: [(key: String, tensor: Tensor)]
    public private(set) var v: [(key: String, tensor: Tensor)]

    public init<P: ParameterContainer>(for model: P, weightDecay: Float = 0.01) {
        self.weightDecay = weightDecay
        m = model.parameters().map { ($0.key, Tensor(zeros: $0.tensor.shape)) }
        v = m
    }

    /// Restores moments and step (from a checkpoint).
    public init(weightDecay: Float, step: Int, m: [(key: String, tensor: Tensor)], v: [(key: String, tensor: Tensor)]) {
        self.weightDecay = weightDecay
        self.step = step
        self.m = m
        self.v = v
    }

    /// Biases and LayerNorm weights get no weight decay (transformers' `get_decay_parameter_names`).
    public static func decays(_ key: String) -> Bool {
        !(key == "bias" || key.hasSuffix(".bias") || key.contains("LayerNorm."))
    }

    /// One update of `model` with `gradient` at learning rate `lr`.
    public mutating func update<P: ParameterContainer>(_ model: inout P, gradient: P, lr: Float) {
        step += 1
        let bc1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let bc2Sqrt = Float(Foundation.sqrt(1 - Foundation.pow(Double(beta2), Double(step))))
        let grads = gradient.parameters()
        var i = 0
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        let stepSize = lr / bc1
        model.visit("") { key, p in
            precondition(grads[i].key == key && m[i].key == key, "AdamW: parameter order changed at \(key)")
            let decay = Self.decays(key) ? 1 - lr * wd : 1
            let g = grads[i].tensor
            p.data.withUnsafeMutableBufferPointer { pp in
                m[i].tensor.data.withUnsafeMutableBufferPointer { pm in
                    v[i].tensor.data.withUnsafeMutableBufferPointer { pv in
                        g.data.withUnsafeBufferPointer { pg in
                            // Elementwise, so shared over the threads with the same bits.
                            let (pp, pm, pv, pg) = (UncheckedSendable(pp), UncheckedSendable(pm), UncheckedSendable(pv), UncheckedSendable(pg))
                            Parallel.forEachChunk(pp.value.count, minPerChunk: 1 << 16) { r in
                                let (pp, pm, pv, pg) = (pp.value, pm.value, pv.value, pg.value)
                                for j in r {
                                    let gj = pg[j]
                                    pm[j] = b1 * pm[j] + (1 - b1) * gj
                                    pv[j] = b2 * pv[j] + (1 - b2) * gj * gj
                                    pp[j] = pp[j] * decay - stepSize * pm[j] / (pv[j].squareRoot() / bc2Sqrt + eps)
                                }
                            }
                        }
                    }
                }
            }
            i += 1
        }
    }
}

/// The learning-rate schedule of transformers' `get_linear_schedule_with_warmup`: from 0 up to
/// the peak over `warmup` steps, then linearly down to 0 at `total`.
public struct LinearSchedule: Sendable, Equatable {
    public var peak: Float
    public var warmup: Int
    public var total: Int

    public init(peak: Float, warmup: Int, total: Int) {
        self.peak = peak
        self.warmup = warmup
        self.total = total
    }

    /// The rate for the update at 0-based `step`.
    public func rate(at step: Int) -> Float {
        if step < warmup { return peak * Float(step) / Float(max(1, warmup)) }
        return peak * max(0, Float(total - step) / Float(max(1, total - warmup)))
    }
}

/// Gradient clipping by global norm (`torch.nn.utils.clip_grad_norm_`): when the L2 norm of all
/// gradients exceeds `maxNorm`, every gradient is scaled by `maxNorm / (norm + 1e-6)`.
///
/// - Returns: the norm before clipping (NaN or ∞ when a gradient is not finite).
@discardableResult
public func clipGradientNorm<P: ParameterContainer>(_ gradient: inout P, maxNorm: Float) -> Double {
    // Each tensor's squares summed in chunks that depend on its size only (in Double, in parallel),
    // added in chunk order: the same norm at any thread count.
    var sq = 0.0
    for (_, t) in gradient.parameters() {
        t.data.withUnsafeBufferPointer { p in
            let chunk = 1 << 16, count = (p.count + chunk - 1) / chunk
            let partial = [Double](unsafeUninitializedCapacity: count) { out, initialized in
                let (x, out) = (UncheckedSendable(p), UncheckedSendable(out))
                Parallel.forEachBlock(count: count) { c in
                    var s: Float = 0
                    for v in x.value[(c * chunk)..<min(x.value.count, (c + 1) * chunk)] { s += v * v }
                    out.value[c] = Double(s)
                }
                initialized = count
            }
            sq += partial.reduce(0, +)
        }
    }
    let norm = sq.squareRoot()
    if norm.isFinite, maxNorm > 0, norm > Double(maxNorm) {
        gradient.scale(by: Float(Double(maxNorm) / (norm + 1e-6)))
    }
    return norm
}
