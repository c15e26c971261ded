/// The one error type of the Parquet module.
///
/// Every error names the file it is about (when there is one) and says what is wrong, in one
/// line, so the CLI can print it as is. Values from the file are never included, only sizes,
/// offsets and names.
public struct ParquetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, coarsely, for callers that branch on it.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened, read or written.
        case io
        /// The file does not start or end with the `PAR1` magic.
        case notParquet
        /// The file ends before a length read from it says it should.
        case truncated
        /// The footer (Thrift metadata) cannot be decoded or is inconsistent.
        case corruptMetadata
        /// A page header or page body cannot be decoded.
        case corruptPage
        /// A feature of the format this module does not read or write.
        case unsupported
        /// A column was asked for as a type it does not have, or given data of another type.
        case typeMismatch
        /// The caller passed something inconsistent (unknown column, wrong row counts…).
        case invalidArgument
        /// A compression library reported a failure.
        case compression
    }

    public var kind: Kind
    /// The file the error is about; empty when the error came from in-memory data.
    public var file: String
    /// What is wrong, without data values.
    public var message: String

    public init(_ kind: Kind, _ message: String, file: String = "") {
        self.kind = kind
        self.message = message
        self.file = file
    }

    public var description: String {
        file.isEmpty ? message : "\(file): \(message)"
    }

    /// The same error, naming `file` if it does not name one yet.
    func inFile(_ path: String) -> ParquetError {
        var copy = self
        if copy.file.isEmpty { copy.file = path }
        return copy
    }
}

/// Runs `body`, turning any `ParquetError` without a file into one that names `path`.
@inline(__always)
func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ParquetError {
        throw error.inFile(path)
    }
}
