import Evaluation
import Foundation
import JobMatchCore
import Matching
import Tables
import TestSupport
import Testing

/// The hybrid order's BM25 statistics kept beside the jobs table: read back only while they
/// describe the table as it is, counted anew otherwise, and a damaged file is never an error.
@Suite struct LexicalStatisticsFileTests {
    func write(_ jobs: [JobRow], to url: URL) throws {
        let w = try JobsTable.Writer(url: url)
        for j in jobs { try w.append(j) }
        try w.close()
    }

    @Test func keptWhileTheTableIsUnchangedAndCountedAnewWhenItIsReplaced() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        try ws.create(ws.tables)
        try write(TinyWorkspace.jobs, to: ws.jobsTable)
        let file = LexicalStatisticsFile.url(forTable: ws.jobsTable)
        #expect(file.lastPathComponent == "jobs.bm25.json")
        let whole = BM25.Statistics(documents: TinyWorkspace.jobs.map(\.embeddingText))

        let (first, firstFromFile) = try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable))
        #expect(first == whole && !firstFromFile && FileManager.default.fileExists(atPath: file.path))
        let (second, secondFromFile) = try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable))
        #expect(second == whole && secondFromFile, "read back, equal to counting every text")

        // `process` replaces the table: the kept statistics describe the old one and are not used.
        Thread.sleep(forTimeInterval: 0.01)
        var more = TinyWorkspace.jobs
        more.append(JobRow(jobID: "j5", source: "linkedin", title: "Nurse Practitioner", country: "Canada", language: "en",
                           embeddingText: "Nurse Practitioner. Patient care, prescriptions and triage in a clinic."))
        try write(more, to: ws.jobsTable)
        let (third, thirdFromFile) = try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable))
        #expect(third == BM25.Statistics(documents: more.map(\.embeddingText)) && !thirdFromFile && third != whole)

        // A damaged file is counted over, not an error, and repaired.
        try Data("{\"table\": 1".utf8).write(to: file)
        let (fourth, fourthFromFile) = try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable))
        #expect(fourth == third && !fourthFromFile)
        #expect(try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable)).fromFile)
    }

    /// A server opens the table at start and may count much later, after `process` replaced it:
    /// the counts are of the bytes it opened, so they are filed under that table's stamp and the
    /// new table is counted anew.
    @Test func aTableReplacedUnderAnOpenLookupIsNotFiledUnderTheNewStamp() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        try ws.create(ws.tables)
        try write(TinyWorkspace.jobs, to: ws.jobsTable)
        let opened = try JobsTable.TextLookup(table: ws.jobsTable)
        Thread.sleep(forTimeInterval: 0.01)
        let more = TinyWorkspace.jobs + [JobRow(jobID: "j5", source: "linkedin", title: "Nurse Practitioner", country: "Canada",
                                                language: "en", embeddingText: "Nurse Practitioner. Patient care in a clinic.")]
        try write(more, to: ws.jobsTable)
        let (old, _) = try LexicalStatisticsFile.statistics(for: opened)
        #expect(old == BM25.Statistics(documents: TinyWorkspace.jobs.map(\.embeddingText)))
        let (new, fromFile) = try LexicalStatisticsFile.statistics(for: JobsTable.TextLookup(table: ws.jobsTable))
        #expect(new == BM25.Statistics(documents: more.map(\.embeddingText)) && !fromFile)
    }

    /// The matcher serves the hybrid order with the kept statistics (the same order as counting).
    @Test func theMatcherReadsThemAtItsNextStart() throws {
        let ws = try TinyWorkspace.make(precision: .fp32)
        let file = LexicalStatisticsFile.url(forTable: ws.jobsTable)
        let first = try Matcher(workspace: ws, model: TinyWorkspace.tinyBert, useReranker: false)
        let cv = try first.cvBuilder.query(text: "Nurse with patient care and triage experience")
        let counted = try first.match(cv, options: MatchOptions(top: 4, ranking: .hybrid)).results.map(\.jobID)
        #expect(FileManager.default.fileExists(atPath: file.path), "the first hybrid request kept them")
        let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        let second = try Matcher(workspace: ws, model: TinyWorkspace.tinyBert, useReranker: false)
        #expect(try second.match(cv, options: MatchOptions(top: 4, ranking: .hybrid)).results.map(\.jobID) == counted)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == modified, "read, not rewritten")
    }
}
