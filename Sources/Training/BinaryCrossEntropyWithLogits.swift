import Foundation
import Tensor

/// `torch.nn.BCEWithLogitsLoss` (mean reduction), the loss `CrossEncoder.fit` uses for one label:
/// `ℓ = mean_i [ max(x_i, 0) − x_i·y_i + log(1 + e^(−|x_i|)) ]`, computed in float64 in that
/// stable form; `∂ℓ/∂x_i = (σ(x_i) − y_i) / n`.
public enum BinaryCrossEntropyWithLogits {
    /// logits [n] or [n, 1], labels (0…1) [n] → (loss, dLogits in the logits' shape).
    ///
    /// - Throws: `TrainingError.invalidSetting` when the counts differ or there are no logits.
    public static func lossAndGradient(_ logits: Tensor, labels: [Float]) throws -> (loss: Double, gradient: Tensor) {
        guard logits.count == labels.count, !labels.isEmpty else {
            throw TrainingError.invalidSetting("BCE: \(logits.count) logits for \(labels.count) labels")
        }
        let n = Double(labels.count)
        var loss = 0.0
        var grad = Tensor(zeros: logits.shape)
        for i in 0..<labels.count {
            let x = Double(logits.data[i]), y = Double(labels[i])
            loss += max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-abs(x)))
            let s = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
            grad.data[i] = Float((s - y) / n)
        }
        return (loss / n, grad)
    }
}
