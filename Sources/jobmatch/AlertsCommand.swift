import Alerts
import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Matching

/// `jobmatch alerts add|list|remove`: the standing searches that `watch` alerts.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Standing searches: CVs alerted when a new posting matches (jobmatch watch).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alert a CV of the CVs table when a new posting scores at least --min-score.",
            discussion: "Stored in WORKSPACE/alerts/searches.json with the time of consent; adding a CV again replaces its search.")
        @OptionGroup var options: WorkspaceOptions
        @Option(help: "A CV id of WORKSPACE/tables/cvs.parquet.") var cvId: String
        @Option(help: "Cosine a posting needs to raise an alert (-1...1).") var minScore: Float = StandingSearchStore.defaultMinScore

        func validate() throws {
            guard minScore.isFinite, (-1...1).contains(minScore) else { throw ValidationError("--min-score must be in -1...1") }
        }

        func run() throws {
            try runReportingErrors {
                let ws = Workspace(options.workspace)
                _ = try CVQueryBuilder.query(cvID: cvId, table: ws.cvsTable)  // the CV must exist
                try StandingSearchStore(workspace: ws).add(StandingSearch(
                    cvID: cvId, minScore: minScore, consent: true, consentedAt: StandingSearchStore.timestamp()))
                print("alerting \(cvId) for new postings with score ≥ \(minScore)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the standing searches, with their alert counts.")
        @OptionGroup var options: WorkspaceOptions
        @Flag(help: "Print JSON: {searches: [{cv_id, min_score, consent, consented_at, alerts}]}.") var json = false

        func run() throws {
            try runReportingErrors {
                let ws = Workspace(options.workspace)
                let searches = try StandingSearchStore(workspace: ws).list()
                var counts: [String: Int] = [:]
                for a in try AlertLog.read(ws.alertsLog) { counts[a.cvID, default: 0] += 1 }
                if json {
                    let items = searches.map { s -> [String: Any] in
                        ["cv_id": s.cvID, "min_score": Double(String(s.minScore)) ?? 0, "consent": s.consent, "consented_at": s.consentedAt,
                         "alerts": counts[s.cvID] ?? 0]
                    }
                    let data = try JSONSerialization.data(withJSONObject: ["searches": items], options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                if searches.isEmpty { print("no standing searches (jobmatch alerts add --cv-id ID)") }
                for s in searches {
                    print("\(s.cvID)  min score \(s.minScore)  since \(s.consentedAt)  \(counts[s.cvID] ?? 0) alerts")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop alerting a CV (its alerts written so far stay).")
        @OptionGroup var options: WorkspaceOptions
        @Option(help: "The CV id whose search to remove.") var cvId: String

        func run() throws {
            try runReportingErrors {
                try StandingSearchStore(workspace: Workspace(options.workspace)).remove(cvID: cvId)
                print("removed the standing search of \(cvId)")
            }
        }
    }
}
