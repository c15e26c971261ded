/// Errors of the core and of stages that only read and write files.
///
/// Messages name the file and what is wrong. They never carry CV or posting text (personal data).
public enum JobMatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// A file is not in the format it claims (wrong header, schema, magic).
    case format(path: String, reason: String)
    /// A command-line value is out of range or inconsistent.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .format(let path, let reason): "\(path): \(reason)"
        case .invalidArgument(let reason): reason
        }
    }
}
