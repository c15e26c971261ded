import Foundation

/// A PDF's text in reading order, in this process (poppler through ``PopplerPDF``).
///
/// ``DocumentText/read(_:limits:)`` runs this inside the `jobmatch-extract` helper process
/// (``PDFHelper``), whose memory and CPU time are capped; call it directly only on trusted files
/// or inside such a process.
public enum PDFTextExtractor {
    /// - Returns: the pages' lines in reading order (``PageLayout``), pages apart by a blank line,
    ///   without the header and footer lines repeated on most pages (``HeaderFooterFilter``).
    /// - Throws: `DocumentError`: `.noText` ("no text in this PDF — is it a scan?") when no page
    ///   has a text layer; `.tooLarge` over `limits.maxPages` or `limits.maxTextBytes`;
    ///   `.damaged` / `.encrypted` with poppler's reason.
    public static func extract(data: Data, file: String, limits: DocumentLimits = .default) throws -> ExtractedDocument {
        let pdf = try PopplerPDF(data: data, file: file)
        let count = pdf.pageCount
        guard count > 0 else { throw DocumentError(.damaged, file: file, "the PDF has no pages") }
        guard count <= limits.maxPages else {
            throw DocumentError(.tooLarge, file: file, "the PDF has \(count) pages, over the limit of \(limits.maxPages) for a CV")
        }
        var pages: [PageLayout] = []
        for i in 0..<count {
            let page = try pdf.page(i)
            pages.append(PageLayout(width: page.width, height: page.height, glyphs: page.glyphs))
        }
        let repeated = HeaderFooterFilter(pages: pages)
        var dropped = 0
        var text: [String] = []
        for page in pages {
            let lines = page.lines(dropping: { f in
                let drop = repeated.isRepeated(f, on: page)
                if drop { dropped += 1 }
                return drop
            })
            text.append(lines.joined(separator: "\n"))
        }
        let joined = text.joined(separator: "\n\n")
        guard joined.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw DocumentError(.noText, file: file, DocumentError.scanMessage)
        }
        guard joined.utf8.count <= limits.maxTextBytes else {
            throw DocumentError(.tooLarge, file: file, "the PDF's text is over the limit of \(limits.maxTextBytes >> 20) MiB")
        }
        return ExtractedDocument(format: .pdf, text: joined, pages: count, droppedLines: dropped)
    }
}

/// Headers and footers: fragments in the top or bottom tenth of a page whose text, digits left
/// out ("Page 2 of 3" ~ "Page 1 of 3"), appears in that band on more than half of the pages
/// (and on at least two). A one-page PDF keeps everything: nothing repeats.
struct HeaderFooterFilter {
    private var repeatedKeys: Set<String> = []
    static let band = 0.1

    init(pages: [PageLayout]) {
        guard pages.count >= 2 else { return }
        var pagesWith: [String: Int] = [:]
        for page in pages {
            let keys = Set(page.fragments.filter { Self.inBand($0, page) }.map { Self.key($0.text) })
            for k in keys where !k.isEmpty { pagesWith[k, default: 0] += 1 }
        }
        repeatedKeys = Set(pagesWith.filter { $0.value >= 2 && 2 * $0.value > pages.count }.keys)
    }

    func isRepeated(_ f: TextFragment, on page: PageLayout) -> Bool {
        !repeatedKeys.isEmpty && Self.inBand(f, page) && repeatedKeys.contains(Self.key(f.text))
    }

    static func inBand(_ f: TextFragment, _ page: PageLayout) -> Bool {
        f.maxY <= page.height * band || f.minY >= page.height * (1 - band)
    }

    /// The text with digits removed, lowercased, whitespace collapsed.
    static func key(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.lowercased().unicodeScalars.filter { $0.properties.numericType == nil })
        return String(kept).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
