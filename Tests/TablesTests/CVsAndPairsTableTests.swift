import Foundation
import Parquet
import Tables
import TestSupport
import Testing

@Suite struct CVsTableTests {
    static let rows = [
        CVRow(cvID: "cv-1", name: "A. Person", headline: "Nurse", location: "Austin", education: "BSN", yearsExperience: 4.5,
              category: "Health", skillsListed: ["BLS"], skills: ["bls", "triage"],
              skillSpans: [SkillSpan(start: 0, end: 3, skillID: "bls"), SkillSpan(start: 9, end: 15, skillID: "triage")],
              text: "BLS, and triage", embeddingText: "Skills: BLS. BLS, and triage"),
        CVRow(cvID: "cv-2", text: "plain", embeddingText: "plain"),
    ]

    func written() throws -> URL {
        let url = TestPaths.tempFolder().appendingPathComponent("cvs.parquet")
        let w = try CVsTable.Writer(url: url)
        for r in Self.rows { try w.append(r) }
        try w.close()
        return url
    }

    @Test func everyColumnSurvivesAWriteAndARead() throws {
        #expect(try CVsTable.read(try written(), columns: CVsTable.Column.allCases.map { $0 }) == Self.rows)
    }

    @Test func lookupsByID() throws {
        let url = try written()
        let row = try CVsTable.row(id: "cv-1", url, columns: [.text, .skillSpans])
        #expect(row.text == "BLS, and triage" && row.skillSpans == Self.rows[0].skillSpans && row.headline == nil)
        #expect(SkillSpan.bySkill(row.skillSpans) == ["bls": [0..<3], "triage": [9..<15]])
        #expect { try CVsTable.row(id: "nope", url, columns: [.text]) } throws: { ($0 as? TablesError)?.kind == .unknownID }
        #expect(try CVsTable.ids(first: 1, url) == ["cv-1"])
        #expect(try CVsTable.ids(first: 5, url) == ["cv-1", "cv-2"])
        #expect(try CVsTable.embeddingTexts(url, ids: ["cv-2"]) == ["cv-2": "plain"])
    }
}

@Suite struct PairsTableTests {
    static let mined = [
        PairRow(cvID: "c", jobID: "j1", anchor: "a", positive: "p", negative: "n", negativeJobID: "j2",
                score: 0.9, denseScore: 0.8, skillScore: 0.7, negativeDenseScore: 0.6, negativeSkillScore: 0.1),
        PairRow(cvID: "c", jobID: "j3", anchor: "a", positive: "p3", score: 0.5, denseScore: 0.4, skillScore: 0.3),
    ]

    @Test func minedPairsKeepEveryColumn() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("pairs.parquet")
        try PairsTable.write(Self.mined, layout: .mined, to: url, metadata: ["m": "1"])
        #expect(try PairsTable.read(url) == Self.mined)
        #expect(try PairsTable.cvIDs(url) == ["c"])
        #expect(try ParquetReader(url: url).schema == PairsTable.schema(.mined))
    }

    @Test func feedbackPairsHaveTheFirstFiveColumnsAndNoScores() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("feedback_pairs.parquet")
        try PairsTable.write(Self.mined, layout: .feedback, to: url)
        let reader = try ParquetReader(url: url)
        #expect(reader.schema == PairsTable.schema(.feedback))
        #expect(Array(PairsTable.schema(.mined).fields.prefix(5)) == PairsTable.schema(.feedback).fields)
        #expect(try PairsTable.read(url) == Self.mined.map {
            PairRow(cvID: $0.cvID, jobID: $0.jobID, anchor: $0.anchor, positive: $0.positive, negative: $0.negative)
        })
    }

    @Test func aFileWithoutARequiredColumnNamesIt() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("bad.parquet")
        let w = try ParquetWriter(url: url, schema: ParquetSchema([.column("cv_id", .string)]))
        try w.write([.strings(["c"])])
        try w.close()
        #expect { try PairsTable.read(url) } throws: { "\($0)".contains("no column 'job_id'") }
    }
}
