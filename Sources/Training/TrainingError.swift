/// Errors of the Training module. Messages name the file, field, step or setting; never CV or job text.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A pairs file (or checkpoint) field is missing, of the wrong type or empty: file, field and why.
    case invalidInput(path: String, field: String, reason: String)
    /// A setting cannot be used (a batch size of 0, a Matryoshka dimension above the model's).
    case invalidSetting(String)
    /// The loss became NaN or infinite: the step, the batch's pair ids and the last good checkpoint.
    case nonFiniteLoss(step: Int, ids: [String], lastCheckpoint: String?)

    public var description: String {
        switch self {
        case .invalidInput(let path, let field, let reason): "\(path): field '\(field)': \(reason)"
        case .invalidSetting(let reason): reason
        case .nonFiniteLoss(let step, let ids, let last):
            "loss is not finite at step \(step) (batch: \(ids.prefix(8).joined(separator: ", "))\(ids.count > 8 ? ", …" : "")); "
                + (last.map { "last good checkpoint: \($0)" } ?? "no checkpoint was written yet")
        }
    }
}
