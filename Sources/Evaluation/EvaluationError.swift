/// Errors of the Evaluation module. Messages name the file, field or setting; never CV or job text.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A table, labels or relevance file field is missing, of the wrong type or empty: file, field and why.
    case invalidInput(path: String, field: String, reason: String)
    /// A setting cannot be used (a Matryoshka dimension above the model's).
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .invalidInput(let path, let field, let reason): "\(path): field '\(field)': \(reason)"
        case .invalidSetting(let reason): reason
        }
    }
}
