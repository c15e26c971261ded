/// Errors of the Transformers module: model folders, tokenizer and weight files, and runs.
///
/// Messages name the file and the field that is wrong, never the text being encoded.
public enum TransformersError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file the model needs is not there.
    case missingFile(path: String)
    /// A file is there but cannot be read or parsed (`reason` says how).
    case unreadable(path: String, reason: String)
    /// A field of a file is missing, of the wrong type, or disagrees with another file.
    case invalidField(path: String, field: String, reason: String)
    /// A weight tensor is missing or has the wrong shape or type.
    case badTensor(path: String, key: String, reason: String)
    /// The model asks for something this encoder does not implement.
    case unsupported(path: String, field: String, value: String)
    /// A call was given an argument it cannot use.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .missingFile(let path): "\(path): file not found"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .invalidField(let path, let field, let reason): "\(path): field '\(field)': \(reason)"
        case .badTensor(let path, let key, let reason): "\(path): tensor '\(key)': \(reason)"
        case .unsupported(let path, let field, let value): "\(path): field '\(field)': unsupported value \(value)"
        case .invalidArgument(let reason): reason
        }
    }
}
