/// Bounds on what one CV file may cost to read. A CV is a few pages and a few hundred KiB; the
/// defaults leave a wide margin and stop hostile files (zip bombs, page bombs, parser loops) early.
public struct DocumentLimits: Sendable, Equatable {
    /// Largest file read at all (PDF, DOCX or text), in bytes.
    public var maxFileBytes = 20 << 20
    /// Most pages a PDF may have.
    public var maxPages = 50
    /// Largest text kept, in UTF-8 bytes.
    public var maxTextBytes = 4 << 20
    /// Most entries in a DOCX's zip directory (Word writes ~15).
    public var maxZipEntries = 2_000
    /// Largest uncompressed `word/document.xml`, in bytes (the zip bomb bound).
    public var maxPartBytes = 16 << 20
    /// Deepest XML element nesting in `word/document.xml`.
    public var maxXMLDepth = 256
    /// The PDF helper process's address space (RLIMIT_AS), in bytes.
    public var helperMemoryBytes = 1 << 30
    /// The PDF helper's CPU time (RLIMIT_CPU), in seconds.
    public var helperCPUSeconds = 10
    /// The PDF helper's wall-clock time before it is killed, in seconds.
    public var helperWallSeconds = 20.0

    public init() {}

    public static let `default` = DocumentLimits()
}
