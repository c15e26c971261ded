import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `XMLParser`'s delegate for `word/document.xml` (WordprocessingML): paragraphs (`w:p`) become
/// lines; runs' text (`w:t`) is kept, tabs (`w:tab`) become tabs and breaks (`w:br`, `w:cr`) new
/// lines; a table (`w:tbl`) becomes one line per row (`w:tr`) with its cells (`w:tc`) joined by
/// " | ", a cell's paragraphs by spaces, a nested table's rows inside its cell. Elements of other
/// namespaces are passed through (their `w:` children still count), `w:delText` is left out.
final class WordDocumentReader: NSObject, XMLParserDelegate {
    /// The transitional and the strict WordprocessingML namespaces.
    static let namespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]

    private struct Table {
        var rows: [String] = []
        var cells: [String] = []
        var cell: [String] = []
    }

    private(set) var lines: [String] = []
    /// Why parsing was aborted (a bound was reached), or nil.
    private(set) var stop: String?
    private var paragraphs: [String] = []  // the open paragraphs, innermost last (text boxes nest them)
    private var tables: [Table] = []
    private var inText = false
    private var depth = 0
    private var textBytes = 0
    private let maxDepth: Int, maxTextBytes: Int

    init(maxDepth: Int, maxTextBytes: Int) {
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        guard depth <= maxDepth else { return abort(parser, "XML nested deeper than \(maxDepth) elements") }
        guard let namespaceURI, Self.namespaces.contains(namespaceURI) else { return }
        switch name {
        case "p": paragraphs.append("")
        case "t": inText = true
        case "tab": append("\t", parser)
        case "br", "cr": append("\n", parser)
        case "noBreakHyphen": append("-", parser)
        case "tbl": tables.append(Table())
        case "tr": if !tables.isEmpty { tables[tables.count - 1].cells = [] }
        case "tc": if !tables.isEmpty { tables[tables.count - 1].cell = [] }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        guard let namespaceURI, Self.namespaces.contains(namespaceURI) else { return }
        switch name {
        case "t": inText = false
        case "p":
            guard let text = paragraphs.popLast() else { return }
            if !paragraphs.isEmpty {
                paragraphs[paragraphs.count - 1] += (paragraphs[paragraphs.count - 1].isEmpty ? "" : " ") + text
            } else if !tables.isEmpty {
                tables[tables.count - 1].cell.append(text)
            } else {
                lines.append(text)
            }
        case "tc":
            guard !tables.isEmpty else { return }
            let t = tables.count - 1
            tables[t].cells.append(tables[t].cell.filter { !$0.isEmpty }.joined(separator: " "))
            tables[t].cell = []
        case "tr":
            guard !tables.isEmpty else { return }
            let t = tables.count - 1
            tables[t].rows.append(tables[t].cells.joined(separator: " | "))
            tables[t].cells = []
        case "tbl":
            guard let table = tables.popLast() else { return }
            if tables.isEmpty { lines += table.rows } else { tables[tables.count - 1].cell += table.rows }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { append(string, parser) }
    }

    private func append(_ text: String, _ parser: XMLParser) {
        guard !paragraphs.isEmpty else { return }  // text outside a paragraph is not document text
        textBytes += text.utf8.count
        guard textBytes <= maxTextBytes else { return abort(parser, "text over the limit of \(maxTextBytes >> 20) MiB") }
        paragraphs[paragraphs.count - 1] += text
    }

    private func abort(_ parser: XMLParser, _ reason: String) {
        if stop == nil { stop = reason }
        parser.abortParsing()
    }
}
