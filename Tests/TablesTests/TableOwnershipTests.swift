import Foundation
import Tables
import TestSupport
import Testing

/// No module outside `Tables` spells a workspace table's column name (issue: "tables have no
/// owner"). The HTTP wire format, the SQL schema, the raw input formats and the joined rows that
/// processing hands between its engines are contracts of their own, listed here by file.
@Suite struct TableOwnershipTests {
    /// Column names that are distinctive enough to find by grep (`title` or `text` are not).
    static let names: [String] = {
        let all = JobsTable.Column.allCases.map(\.rawValue) + CVsTable.Column.allCases.map(\.rawValue)
            + PairsTable.Column.allCases.map(\.rawValue)
        return Set(all.filter { $0.contains("_") } + ["anchor"]).sorted()
    }()

    /// Files that may spell such a name, with the contract they speak.
    static let contracts: [String: String] = [
        "Server/APITypes.swift": "HTTP wire format", "Server/OpenAPIDocument.swift": "HTTP wire format",
        "Matching/MatchResult.swift": "`match --json` wire format", "Matching/CandidateResult.swift": "`match --job-id --json` wire format",
        "Matching/SkillGapAdvisor.swift": "`gaps --json` wire format",
        "Feedback/FeedbackStore+Queries.swift": "SQL schema", "Feedback/FeedbackSchema.swift": "SQL schema",
        "Feedback/FeedbackStore+Candidates.swift": "SQL schema", "Feedback/FeedbackStore+Audit.swift": "SQL schema",
        "Privacy/AuditGroups.swift": "the auditor's groups CSV",
        "Alerts/Alert.swift": "alerts.jsonl format", "Alerts/StandingSearchStore.swift": "searches.json format",
        "Server/AlertRoutes.swift": "HTTP wire format", "Server/OpenAPIDocument+Alerts.swift": "HTTP wire format",
        "jobmatch/AlertsCommand.swift": "`alerts list --json` format",
        "Ingest/Sources/BoardReaders.swift": "raw input format", "DataGenerator/DatasetGenerator+Boards.swift": "raw input format",
        "Ingest/Sources/LinkedInReaders.swift": "raw input format", "DataGenerator/DatasetGenerator+LinkedIn.swift": "raw input format",
        "JobMatchCore/Resume.swift": "CV JSON Lines input", "jobmatch/InspectCommand.swift": "CV JSON Lines input",
        "Processing/JoinedRow.swift": "joined rows between the engines", "Processing/SparkJoinScript.swift": "joined rows between the engines",
        "Evaluation/EvaluationSet.swift": "the relevance file's JSON Lines", "jobmatch/EvalCommand.swift": "the relevance file's JSON Lines",
    ]

    @Test func noModuleOutsideTablesSpellsAColumn() throws {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 100)
        var offenders: [String] = []
        for url in files {
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            if relative.hasPrefix("Tables/") || Self.contracts[relative] != nil { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for name in Self.names where text.contains("\"\(name)\"") { offenders.append("\(relative): \"\(name)\"") }
        }
        #expect(offenders.isEmpty, "column names spelled outside Tables: \(offenders)")
    }
}
