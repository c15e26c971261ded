import Enrichment
import Foundation
import JobMatchCore
import Testing
@testable import Documents

@Suite struct DocumentTextTests {
    /// The two-column CV PDF (through the helper process), run through processing's CV finisher,
    /// gives the same text, the same skills and the same spans as the same CV as plain text.
    @Test func twoColumnPDFMatchesLikeItsText() throws {
        let pdf = try DocumentText.read(path: DocumentFixtures.path("cv_two_column.pdf"))
        let plain = try DocumentText.read(path: DocumentFixtures.path("cv_two_column.txt"))
        #expect(pdf.format == .pdf && pdf.pages == 2)
        #expect(plain.format == .text)
        let finisher = CVFinisher(matcher: try SkillMatcher(), templates: try EmbeddingTemplates())
        let fromPDF = try finisher.finish(Resume(id: "cv", text: pdf.text)).get().row
        let fromText = try finisher.finish(Resume(id: "cv", text: plain.text)).get().row
        #expect(fromPDF.text == fromText.text)
        #expect(fromPDF.skills.count >= 8, "skills: \(fromPDF.skills)")
        #expect(fromPDF.skills == fromText.skills)
        #expect(fromPDF.skillSpans == fromText.skillSpans)
    }

    @Test func scanIsRefusedNamingTheFile() throws {
        let path = DocumentFixtures.path("scan.pdf")
        let error = #expect(throws: DocumentError.self) { try DocumentText.read(path: path) }
        #expect(error?.kind == .noText)
        #expect(error?.description == "\(path): no text in this PDF — is it a scan?")
    }

    /// Cut short, a PDF loses its catalog and cross-references: an error naming the file.
    @Test(arguments: [0.3, 0.6, 0.9]) func truncatedPDFIsAnErrorNamingTheFile(fraction: Double) throws {
        let whole = try DocumentFixtures.data("cv_two_column.pdf")
        let error = #expect(throws: DocumentError.self) {
            try DocumentText.read(data: whole.prefix(Int(Double(whole.count) * fraction)), name: "cut.pdf")
        }
        #expect(error?.file == "cut.pdf")
        #expect(error?.kind == .damaged, "\(String(describing: error))")
    }

    @Test func uploadedPDFReadsAsTheFile() throws {
        let data = try DocumentFixtures.data("cv_two_column.pdf")
        #expect(try DocumentText.read(data: data, name: "cv.pdf") == DocumentText.read(path: DocumentFixtures.path("cv_two_column.pdf")))
    }

    @Test func formatIsChosenByContentNotName() throws {
        #expect(DocumentText.format(of: try DocumentFixtures.data("cv_two_column.pdf")) == .pdf)
        #expect(DocumentText.format(of: try DocumentFixtures.data("cv_table.docx")) == .docx)
        #expect(DocumentText.format(of: Data("Python developer".utf8)) == .text)
        #expect(DocumentText.format(of: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0])) == nil)
        // A DOCX named .txt is still read as a DOCX.
        let path = try DocumentFixtures.scratch(try DocumentFixtures.data("cv_table.docx"), suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try DocumentText.read(path: path).format == .docx)
    }

    @Test func textMustBeUTF8() throws {
        let error = #expect(throws: DocumentError.self) { try DocumentText.read(data: Data([0x50, 0x79, 0xFF, 0xFE, 0x41]), name: "cv.txt") }
        #expect(error?.kind == .unsupported && error?.file == "cv.txt")
        let word97 = #expect(throws: DocumentError.self) { try DocumentText.read(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), name: "cv.doc") }
        #expect(word97?.reason.contains("Word 97-2003") == true)
        #expect(try DocumentText.read(data: Data([0xEF, 0xBB, 0xBF] + Array("Go".utf8)), name: "bom.txt").text == "Go")
    }

    @Test func sizeIsBoundedBeforeReading() throws {
        var limits = DocumentLimits()
        limits.maxFileBytes = 1_000
        let error = #expect(throws: DocumentError.self) { try DocumentText.read(path: DocumentFixtures.path("cv_two_column.pdf"), limits: limits) }
        #expect(error?.kind == .tooLarge)
        let missing = #expect(throws: DocumentError.self) { try DocumentText.read(path: "/nonexistent/cv.pdf") }
        #expect(missing?.kind == .io && missing?.file == "/nonexistent/cv.pdf")
    }
}
