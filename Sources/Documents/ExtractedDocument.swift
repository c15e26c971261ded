/// A CV file's text in reading order, and what was read to get it.
///
/// ```swift
/// let cv = try DocumentText.read(URL(fileURLWithPath: "cv.pdf"))
/// print(cv.format, cv.pages ?? 0, cv.text)
/// ```
public struct ExtractedDocument: Sendable, Codable, Equatable {
    /// What the file was, by its content (never by its name).
    public enum Format: String, Sendable, Codable {
        case pdf, docx, text
    }

    public var format: Format
    /// The text: lines in reading order (each column of a page top to bottom, then the next), pages
    /// apart by a blank line; table cells joined by " | ".
    public var text: String
    /// Pages read (PDF only).
    public var pages: Int?
    /// Header and footer lines left out because they repeat on most pages (PDF only).
    public var droppedLines: Int

    public init(format: Format, text: String, pages: Int? = nil, droppedLines: Int = 0) {
        self.format = format
        self.text = text
        self.pages = pages
        self.droppedLines = droppedLines
    }
}
