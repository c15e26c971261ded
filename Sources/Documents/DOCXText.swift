import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A Word document's text: the zip's `word/document.xml` read with Foundation's `XMLParser`
/// (``WordDocumentReader``). Headers, footers, footnotes and comments are separate parts and are
/// left out; so is deleted text of tracked changes.
///
/// Pure Swift and zlib, so it runs in the caller's process: every size is bounded first (file,
/// zip entries, the part's unpacked size, XML depth, text) and a document with a DTD is refused
/// (no entity expansion). `scripts/fuzz.sh docx` fuzzes it.
public enum DOCXText {
    public static let documentPart = "word/document.xml"

    /// - Throws: `DocumentError` naming `file`: `.damaged` (truncated zip, bad CRC, not XML),
    ///   `.unsupported` (a zip that is not a Word document), `.tooLarge`, `.encrypted`.
    public static func extract(data: Data, file: String, limits: DocumentLimits = .default) throws -> ExtractedDocument {
        guard data.count <= limits.maxFileBytes else { throw DocumentText.tooLarge(data.count, file, limits) }
        let zip = try ZipArchive(bytes: [UInt8](data), file: file, maxEntries: limits.maxZipEntries)
        guard let entry = zip.entry(named: documentPart) else {
            throw DocumentError(.unsupported, file: file, "a zip file without \(documentPart): not a Word (.docx) document")
        }
        let xml = try zip.contents(of: entry, maxBytes: limits.maxPartBytes)
        if xml.firstRange(of: Array("<!DOCTYPE".utf8)) != nil || xml.firstRange(of: Array("<!ENTITY".utf8)) != nil {
            throw DocumentError(.damaged, file: file, "\(documentPart) declares a DTD; Word never writes one, so it is refused")
        }
        let reader = WordDocumentReader(maxDepth: limits.maxXMLDepth, maxTextBytes: limits.maxTextBytes)
        let parser = XMLParser(data: Data(xml))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let ok = parser.parse()
        if let stop = reader.stop {
            throw DocumentError(.tooLarge, file: file, "\(documentPart): \(stop)")
        }
        guard ok else {
            throw DocumentError(.damaged, file: file, "\(documentPart) is not well-formed XML (line \(parser.lineNumber))")
        }
        return ExtractedDocument(format: .docx, text: reader.lines.joined(separator: "\n"))
    }
}
