import Foundation
import Testing
@testable import Documents

@Suite struct DOCXTextTests {
    /// Paragraphs, a tab, a line break and a table (cells joined by " | "); the header and footer
    /// parts are left out.
    @Test func paragraphsAndTable() throws {
        let doc = try DocumentText.read(path: DocumentFixtures.path("cv_table.docx"))
        #expect(doc.format == .docx)
        #expect(doc.text.components(separatedBy: "\n") == [
            "John Smith", "Backend developer:\tPython and Go", "Berlin", "SKILLS",
            "Skill | Years", "Docker | 5", "PostgreSQL | 7", "Built REST APIs with Django & Flask.",
        ])
        #expect(!doc.text.contains("CONFIDENTIAL") && !doc.text.contains("FOOTER"))
    }

    @Test func zipBombIsRefusedBeforeInflating() throws {
        let error = #expect(throws: DocumentError.self) { try DocumentText.read(path: DocumentFixtures.path("bomb.docx")) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.reason.contains("64 MiB, over the limit of 16 MiB") == true, "\(String(describing: error))")
    }

    /// Each damaged file is an error naming the file and the reason, never a trap.
    @Test(arguments: [
        ("no_document.docx", DocumentError.Kind.unsupported, "without word/document.xml"),
        ("not_xml.docx", .damaged, "not well-formed XML"),
        ("bad_crc.docx", .damaged, "CRC-32"),
    ])
    func damagedFiles(name: String, kind: DocumentError.Kind, reason: String) throws {
        let path = DocumentFixtures.path(name)
        let error = #expect(throws: DocumentError.self) { try DocumentText.read(path: path) }
        #expect(error?.kind == kind)
        #expect(error?.file == path)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    /// Cut anywhere, the DOCX is refused with the file's name (the directory sits at the end).
    @Test func truncatedAnywhereIsAnError() throws {
        let whole = try DocumentFixtures.data("cv_table.docx")
        for length in stride(from: 4, to: whole.count, by: 997) {
            let error = #expect(throws: DocumentError.self) { try DOCXText.extract(data: whole.prefix(length), file: "cut.docx") }
            #expect(error?.file == "cut.docx" && error?.kind == .damaged)
        }
    }

    @Test func entriesAndDepthAreBounded() throws {
        var limits = DocumentLimits()
        limits.maxZipEntries = 3
        let many = StoredZip.make((0..<4).map { ("part\($0).xml", [UInt8]("x".utf8)) })
        let entries = #expect(throws: DocumentError.self) { try DOCXText.extract(data: many, file: "many.docx", limits: limits) }
        #expect(entries?.kind == .tooLarge && entries?.reason.contains("4 zip entries") == true)

        let deep = String(repeating: "<w:sdt>", count: 300) + String(repeating: "</w:sdt>", count: 300)
        let zip = StoredZip.make([("word/document.xml", StoredZip.documentXML(deep))])
        let depth = #expect(throws: DocumentError.self) { try DOCXText.extract(data: zip, file: "deep.docx") }
        #expect(depth?.kind == .tooLarge && depth?.reason.contains("deeper than 256") == true, "\(String(describing: depth))")
    }

    @Test func entityDeclarationsAreRefused() throws {
        let xml = Array("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">]><d>&a;</d>".utf8)
        let error = #expect(throws: DocumentError.self) {
            try DOCXText.extract(data: StoredZip.make([("word/document.xml", xml)]), file: "dtd.docx")
        }
        #expect(error?.reason.contains("DTD") == true)
    }

    /// Nested tables stay inside their cell; deleted text of tracked changes is left out; text
    /// boxes' paragraphs join their paragraph.
    @Test func nestedTablesAndTrackedChanges() throws {
        let body = """
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Outer</w:t></w:r></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            </w:tc><w:tc><w:p><w:r><w:t>Right</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            <w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>text</w:t></w:r></w:p>
            """
        let doc = try DOCXText.extract(data: StoredZip.make([("word/document.xml", StoredZip.documentXML(body))]), file: "n.docx")
        #expect(doc.text == "Outer A | B | Right\nKept text")
    }
}
