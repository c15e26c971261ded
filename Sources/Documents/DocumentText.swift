import Foundation

/// The one way in: a CV file as sent (PDF, DOCX or plain text) to its text in reading order,
/// chosen by the file's content, never its name.
///
/// ```swift
/// let cv = try DocumentText.read(path: "cv.pdf")    // PDF: poppler, in the jobmatch-extract helper
/// let query = try builder.query(text: cv.text, cvID: "cv")
/// ```
///
/// - PDF (`%PDF-` in the first KiB): ``PDFTextExtractor`` in the helper process (``PDFHelper``).
/// - DOCX (`PK\u{3}\u{4}`, a zip with `word/document.xml`): ``DOCXText``, in this process (pure
///   Swift with zlib, bounded, fuzzed).
/// - Anything else must be UTF-8 text (a byte-order mark is dropped).
public enum DocumentText {
    /// The format `bytes` hold, by content: nil for what we do not read.
    public static func format(of bytes: Data) -> ExtractedDocument.Format? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .docx }
        if bytes.prefix(1_024).firstRange(of: Data("%PDF-".utf8)) != nil { return .pdf }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return nil }  // OLE: Word 97-2003
        if bytes.contains(0) { return nil }
        return .text
    }

    /// Reads the file at `path` (`path` is also the name errors carry).
    /// - Throws: `DocumentError` naming `path`: `.noText` for a PDF with no text layer ("no text in
    ///   this PDF — is it a scan?"), `.damaged`, `.encrypted`, `.tooLarge` (over `limits`),
    ///   `.unsupported` for other binary files, `.io` when it cannot be read.
    public static func read(path: String, limits: DocumentLimits = .default) throws -> ExtractedDocument {
        let data = try contents(of: path, file: path, limits: limits)
        if format(of: data) == .pdf { return try PDFHelper.extract(path: path, file: path, limits: limits) }
        return try read(data: data, name: path, limits: limits)
    }

    /// Reads a file's bytes already in memory (an upload); `name` is what errors carry. A PDF is
    /// written to a private temporary file for the helper and removed after.
    public static func read(data: Data, name: String, limits: DocumentLimits = .default) throws -> ExtractedDocument {
        guard data.count <= limits.maxFileBytes else { throw tooLarge(data.count, name, limits) }
        switch format(of: data) {
        case .pdf:
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-cv-\(UUID().uuidString).pdf")
            guard FileManager.default.createFile(atPath: scratch.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw DocumentError(.io, file: name, "cannot write a temporary copy for the PDF reader")
            }
            defer { try? FileManager.default.removeItem(at: scratch) }
            return try PDFHelper.extract(path: scratch.path, file: name, limits: limits)
        case .docx:
            return try DOCXText.extract(data: data, file: name, limits: limits)
        case .text:
            return ExtractedDocument(format: .text, text: try utf8Text(data, name: name, limits: limits))
        case nil:
            if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw DocumentError(.unsupported, file: name, "a Word 97-2003 (.doc) or other OLE file; save the CV as PDF or DOCX")
            }
            throw DocumentError(.unsupported, file: name, "not a PDF, a DOCX or UTF-8 text")
        }
    }

    /// The text of a plain-text CV, checked as UTF-8.
    static func utf8Text(_ data: Data, name: String, limits: DocumentLimits) throws -> String {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            throw DocumentError(.unsupported, file: name, "not a PDF, a DOCX or UTF-8 text (invalid UTF-8)")
        }
        guard body.count <= limits.maxTextBytes else {
            throw DocumentError(.tooLarge, file: name, "the text is over the limit of \(limits.maxTextBytes >> 20) MiB")
        }
        return text
    }

    /// The file's bytes, refused before reading when over `limits.maxFileBytes`.
    static func contents(of path: String, file: String, limits: DocumentLimits) throws -> Data {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw DocumentError(.io, file: file, "cannot read: no such file or no permission")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory { throw DocumentError(.io, file: file, "is a folder, not a file") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limits.maxFileBytes else { throw tooLarge(size, file, limits) }
        guard let data = FileManager.default.contents(atPath: path) else { throw DocumentError(.io, file: file, "cannot read") }
        guard data.count <= limits.maxFileBytes else { throw tooLarge(data.count, file, limits) }
        return data
    }

    static func tooLarge(_ size: Int, _ file: String, _ limits: DocumentLimits) -> DocumentError {
        DocumentError(.tooLarge, file: file, "\(size >> 20) MiB, over the limit of \(limits.maxFileBytes >> 20) MiB for a CV file")
    }
}
