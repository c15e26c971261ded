import Foundation
import Indexing
import JobMatchCore
import Matching
import Tables
import Tensor
import TestSupport
import Testing
import Transformers
import VectorIndex

/// A tiny workspace: four jobs in the jobs table, indexed with the tiny random BERT of the
/// Transformers fixtures at `precision`.
enum TinyWorkspace {
    static var tinyBert: URL {
        TestPaths.packageRoot.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-bert")
    }

    static let jobs = [
        JobRow(jobID: "j1", source: "linkedin", title: "Registered Nurse", country: "United States", language: "en",
               skills: ["patient_care"], embeddingText: "Registered Nurse. Patient care and triage."),
        JobRow(jobID: "j2", source: "linkedin", title: "Swift Developer", country: "Canada", language: "en",
               skills: ["swift"], embeddingText: "Swift Developer. iOS apps in Swift."),
        JobRow(jobID: "j3", source: "indeed", title: "Forklift Operator", country: "United States", language: "en",
               embeddingText: "Forklift Operator. Warehouse work."),
        JobRow(jobID: "j4", source: "glassdoor", title: "Accountant", country: "United States", language: "en",
               embeddingText: "Accountant. Ledgers and audits."),
    ]

    static func make(precision: Precision) throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        try ws.create(ws.tables)
        try ws.create(ws.index)
        let w = try JobsTable.Writer(url: ws.jobsTable)
        for j in jobs { try w.append(j) }
        try w.close()
        var options = JobIndexer.Options()
        options.precision = precision
        options.maxSeqLength = 32
        _ = try JobIndexer(jobsTable: ws.jobsTable, modelDirectory: tinyBert, encodedTable: ws.jobsEncodedTable,
                           indexFile: ws.jobsIndex, options: options).run()
        return ws
    }
}

@Suite struct MatcherTests {
    /// Queries are encoded at the precision the index was built with (before, always fp32).
    @Test(arguments: [Precision.fp32, .bf16])
    func queriesAreEncodedAtTheIndexPrecision(_ precision: Precision) throws {
        let ws = try TinyWorkspace.make(precision: precision)
        let info = try IndexInfo.read(forIndex: ws.jobsIndex)
        #expect(info.precision == precision.rawValue && info.maxSeqLength == 32)
        let matcher = try Matcher(workspace: ws, model: TinyWorkspace.tinyBert, useReranker: false)
        #expect(matcher.encoder.precision == precision)
    }

    @Test func everyJobIsRankedOnceAndFiltersApply() throws {
        let ws = try TinyWorkspace.make(precision: .fp32)
        let matcher = try Matcher(workspace: ws, model: TinyWorkspace.tinyBert, useReranker: false)
        let cv = try matcher.cvBuilder.query(text: "Nurse with patient care experience")
        let all = try matcher.match(cv, options: MatchOptions(top: 10))
        #expect(Set(all.results.map(\.jobID)) == ["j1", "j2", "j3", "j4"])
        #expect(zip(all.results, all.results.dropFirst()).allSatisfy { $0.score >= $1.score })
        let canada = try matcher.match(cv, options: MatchOptions(top: 10, country: "canada"))
        #expect(canada.results.map(\.jobID) == ["j2"])
    }
}
