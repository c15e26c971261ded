import Foundation
import Parquet
import Tables
import TestSupport
import Testing

@Suite struct JobsTableTests {
    static let rows = [
        JobRow(jobID: "li-1", source: "linkedin", url: "https://x/1", title: "Nurse", company: "Acme", location: "Austin, TX",
               country: "United States", level: "Associate", type: "Onsite", firstSeen: "2024-01-12", language: "en",
               skillsListed: ["Patient care", "BLS"], skills: ["patient_care", "bls"],
               skillSpans: [SkillSpan(start: 3, end: 15, skillID: "patient_care")], summary: "Do patient care.",
               embeddingText: "Nurse. Skills: Patient care"),
        JobRow(jobID: "gd-2", source: "glassdoor", title: "Analyst", language: "unknown", embeddingText: "Analyst"),
    ]

    @Test func everyColumnSurvivesAWriteAndARead() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("jobs.parquet")
        let w = try JobsTable.Writer(url: url, metadata: ["k": "v"])
        for r in Self.rows { try w.append(r) }
        try w.close()
        #expect(try JobsTable.read(url, columns: JobsTable.Column.allCases.map { $0 }) == Self.rows)
        #expect(try ParquetReader(url: url).metadata["k"] == "v")
        #expect(try JobsTable.rowCount(url) == 2)
    }

    @Test func aProjectedReadFillsOnlyTheAskedColumns() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("jobs.parquet")
        let w = try JobsTable.Writer(url: url)
        for r in Self.rows { try w.append(r) }
        try w.close()
        let read = try JobsTable.read(url, columns: [.jobID, .skills])
        #expect(read == [JobRow(jobID: "li-1", skills: ["patient_care", "bls"]), JobRow(jobID: "gd-2")])
        #expect(try JobsTable.embeddingTexts(url, ids: ["gd-2", "nope"]) == ["gd-2": "Analyst"])
        #expect(try JobsTable.TextLookup(table: url).texts(rows: [1, 0]) == ["Analyst", "Nurse. Skills: Patient care"])
    }

    /// The typed writer writes the bytes the schema and values wrote before it existed.
    @Test func theWriterWritesTheSameBytesAsTheRawSchema() throws {
        let folder = TestPaths.tempFolder()
        let typed = folder.appendingPathComponent("typed.parquet"), raw = folder.appendingPathComponent("raw.parquet")
        let w = try JobsTable.Writer(url: typed, metadata: ["jobmatch.skill_mode": "spacy"])
        for r in Self.rows { try w.append(r) }
        try w.close()
        let p = try ParquetWriter(url: raw, schema: JobsTable.schema,
                                  options: ParquetWriterOptions(rowGroupSize: 16_384, metadata: ["jobmatch.skill_mode": "spacy"]))
        try p.append(row: [.string("li-1"), .string("linkedin"), .string("https://x/1"), .string("Nurse"), .string("Acme"),
                           .string("Austin, TX"), .string("United States"), .string("Associate"), .string("Onsite"),
                           .string("2024-01-12"), .string("en"), .list([.string("Patient care"), .string("BLS")]),
                           .list([.string("patient_care"), .string("bls")]), .list([.string("3:15:patient_care")]),
                           .string("Do patient care."), .string("Nurse. Skills: Patient care")])
        try p.append(row: [.string("gd-2"), .string("glassdoor"), .null, .string("Analyst"), .null, .null, .null, .null, .null,
                           .null, .string("unknown"), .list([]), .list([]), .list([]), .null, .string("Analyst")])
        try p.close()
        #expect(FileManager.default.contents(atPath: typed.path) == FileManager.default.contents(atPath: raw.path))
    }

    @Test func aMissingTableOrColumnIsOneLineNamingIt() throws {
        let missing = TestPaths.tempFolder().appendingPathComponent("jobs.parquet")
        #expect { try JobsTable.read(missing, columns: [.jobID]) } throws: {
            "\($0)" == "\(missing.path): no jobs table (run `jobmatch process` first)"
        }
        let cvs = TestPaths.tempFolder().appendingPathComponent("cvs.parquet")
        let w = try CVsTable.Writer(url: cvs)
        try w.append(CVRow(cvID: "c1", text: "t", embeddingText: "t"))
        try w.close()
        #expect { try JobsTable.read(cvs, columns: [.jobID]) } throws: { "\($0)" == "\(cvs.path): no column 'job_id'" }
    }
}

@Suite struct SkillSpanTests {
    @Test(arguments: ["0:4:python", "10:22:machine_learning", "5:5:a:b"])
    func theStoredFormRoundTrips(_ stored: String) throws {
        let span = try #require(SkillSpan(stored: stored))
        #expect(span.stored == stored)
    }

    @Test(arguments: ["", "1:2", "x:2:a", "5:4:a"])
    func malformedSpansAreNil(_ stored: String) {
        #expect(SkillSpan(stored: stored) == nil)
    }
}
