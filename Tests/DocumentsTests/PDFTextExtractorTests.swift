import Foundation
import Testing
@testable import Documents

/// poppler in the test's own process (the helper's code path, without the helper).
@Suite struct PDFTextExtractorTests {
    @Test func repeatedHeadersAndFootersAreDropped() throws {
        let doc = try PDFTextExtractor.extract(data: try DocumentFixtures.data("cv_two_column.pdf"), file: "cv.pdf")
        // Per page: the header, its "Page N of 2" and the footer line.
        #expect(doc.droppedLines == 6)
        #expect(!doc.text.contains("Curriculum Vitae"))
        #expect(!doc.text.contains("Page 1"))
        #expect(doc.text.components(separatedBy: "jane.doe@example.com").count == 2, "the contact line in the body stays, once")
        // Line for line the text version, the two pages apart by a blank line.
        let plain = try String(contentsOfFile: DocumentFixtures.path("cv_two_column.txt"), encoding: .utf8)
        #expect(doc.text.replacingOccurrences(of: "\n\n", with: "\n") + "\n" == plain)
    }

    /// Poppler's own text reads across the columns and glues them ("SKILLSJane Doe"): the reason
    /// for PageLayout. Kept as a check that the fixture really is the hard case.
    @Test func popplersOwnOrderReadsAcrossColumns() throws {
        let page = try PopplerPDF(data: try DocumentFixtures.data("cv_two_column.pdf"), file: "cv.pdf").page(0)
        let raw = String(String.UnicodeScalarView(page.glyphs.map(\.character)))
        #expect(raw.contains("SKILLSJane Doe"))
    }

    @Test func pagesAreBounded() throws {
        var limits = DocumentLimits()
        limits.maxPages = 1
        let error = #expect(throws: DocumentError.self) {
            try PDFTextExtractor.extract(data: try DocumentFixtures.data("cv_two_column.pdf"), file: "cv.pdf", limits: limits)
        }
        #expect(error?.kind == .tooLarge && error?.reason.contains("2 pages") == true)
    }

    @Test func notAPDFIsDamaged() throws {
        let error = #expect(throws: DocumentError.self) { try PDFTextExtractor.extract(data: Data("%PDF-1.4\ngarbage".utf8), file: "bad.pdf") }
        #expect(error?.file == "bad.pdf")
        #expect(error?.kind == .damaged)
    }
}
