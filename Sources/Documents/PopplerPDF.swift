import CPoppler
import Foundation

/// One glyph of a PDF page as poppler lays it out: its character and its box in points, origin
/// at the page's top left. A `"\n"` glyph ends one of poppler's lines.
struct Glyph: Sendable, Equatable {
    var character: Unicode.Scalar
    var minX, minY, maxX, maxY: Double
}

/// A PDF opened with poppler's GLib interface (the only file that imports `CPoppler`). Owns the
/// `PopplerDocument` and releases it in `deinit`; every GError becomes a ``DocumentError``.
///
/// Runs poppler in this process: ``DocumentText`` reaches it through the `jobmatch-extract`
/// helper process (``PDFHelper``), never directly, because a hostile PDF may crash or exhaust it.
final class PopplerPDF {
    private let handle: OpaquePointer
    let file: String

    /// - Throws: `DocumentError` `.encrypted` for a password-protected PDF, `.damaged` with
    ///   poppler's own message for anything else it cannot open.
    init(data: Data, file: String) throws {
        self.file = file
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            throw Self.documentError(error, function: "poppler_document_new_from_bytes", file: file)
        }
        handle = document
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    /// Page `index`'s size in points and its glyphs in poppler's order (its own lines, which may
    /// run across columns: ``PageLayout`` puts them in reading order).
    func page(_ index: Int) throws -> (width: Double, height: Double, glyphs: [Glyph]) {
        guard let page = poppler_document_get_page(handle, Int32(index)) else {
            throw DocumentError(.damaged, file: file, "page \(index + 1) cannot be read (poppler_document_get_page)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let cText = poppler_page_get_text(page) else { return (width, height, []) }
        defer { g_free(cText) }
        let text = String(cString: cText)
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        let haveLayout = poppler_page_get_text_layout(page, &rectangles, &count) != 0
        defer { g_free(rectangles) }
        let scalars = Array(text.unicodeScalars)
        guard haveLayout, let rectangles, Int(count) == scalars.count else {
            return (width, height, Self.unplaced(scalars))
        }
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(scalars.count)
        for (i, c) in scalars.enumerated() {
            let r = rectangles[i]
            glyphs.append(Glyph(character: c, minX: min(r.x1, r.x2), minY: min(r.y1, r.y2), maxX: max(r.x1, r.x2), maxY: max(r.y1, r.y2)))
        }
        return (width, height, glyphs)
    }

    /// Poppler's text without its layout (when the two disagree in length): each of its lines on a
    /// row of its own, so reading order is poppler's.
    static func unplaced(_ scalars: [Unicode.Scalar]) -> [Glyph] {
        var glyphs: [Glyph] = [], row = 0.0, column = 0.0
        for c in scalars {
            glyphs.append(Glyph(character: c, minX: column, minY: row * 10, maxX: column + 1, maxY: row * 10 + 8))
            if c == "\n" { row += 1; column = 0 } else { column += 1 }
        }
        return glyphs
    }

    /// The one place a GError becomes a Swift error: its code picks the kind, its message is kept
    /// with the C function's name, and it is freed.
    static func documentError(_ error: UnsafeMutablePointer<GError>?, function: String, file: String) -> DocumentError {
        guard let error else { return DocumentError(.damaged, file: file, "not a readable PDF (\(function) failed)") }
        defer { g_error_free(error) }
        let message = error.pointee.message.map { String(cString: $0) } ?? "code \(error.pointee.code)"
        if error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return DocumentError(.encrypted, file: file, "the PDF is password-protected; send it without a password")
        }
        return DocumentError(.damaged, file: file, "not a readable PDF: \(message) (\(function))")
    }
}
