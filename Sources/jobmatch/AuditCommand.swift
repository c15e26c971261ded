import ArgumentParser
import CommandLineSupport
import Enrichment
import Foundation
import Ingest
import JobMatchCore
import Matching
import Privacy

/// `jobmatch audit counterfactual`: does a personal attribute move the ranking? `jobmatch audit
/// redaction`: the redactor's precision and recall. `jobmatch audit groups`: the bias audit of the match logs (in `jobmatch-server`, which reads the feedback database).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Fairness checks of the serving matcher.",
        subcommands: [AuditCounterfactualCommand.self, AuditRedactionCommand.self, AuditGroupsForward.self])
}

/// Each resume twice, with headers that differ in one personal attribute (`CounterfactualSet`),
/// matched with and without redaction: how much of the top 10 the two share.
struct AuditCounterfactualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counterfactual",
        abstract: "Match each resume twice, with headers differing in one personal attribute, with and without redaction; report top-10 overlap.",
        discussion: """
            Resumes from a CSV with a Resume column (UpdatedResumeDataSet.csv's layout; --resumes), distinct texts, \\
            the first --limit. For each attribute (name, contact, birth_date, gender, nationality, all) the two \\
            versions are matched against WORKSPACE's index with the serving model: top-10 overlap (shared jobs / 10), \\
            the share of identical top-10 lists (same jobs, same order), and the largest score change of a job in both. \\
            Redaction off shows what the header does; on, what is left.
            Example: jobmatch audit counterfactual --workspace ws --resumes data/real/UpdatedResumeDataSet.csv --limit 30
            """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: ArgumentHelp("The resumes (CSV with a Resume column).", valueName: "file")) var resumes: String
    @Option(help: "How many distinct resumes.") var limit = 30
    @Flag(help: "Print JSON.") var json = false

    func validate() throws { guard limit >= 1 else { throw ValidationError("--limit must be at least 1") } }

    func run() throws { try runReportingErrors { try audit() } }

    struct Row: Encodable {
        var attribute: String, redaction: Bool, resumes: Int
        var overlap: Double, identical: Double, maxScoreChange: Double
        enum CodingKeys: String, CodingKey {
            case attribute, redaction, resumes, overlap, identical
            case maxScoreChange = "max_score_change"
        }
    }

    func audit() throws {
        let ws = Workspace(options.workspace)
        let matcher = try Matcher(workspace: ws, useReranker: false)
        let reader = try ResumeCSVReader(path: resumes, rejects: RejectLog(file: nil))
        var texts: [String] = [], seen = Set<String>()
        while texts.count < limit, let r = try reader.next() {
            if seen.insert(r.text).inserted { texts.append(r.text) }
        }
        var rows: [Row] = []
        for redact in [false, true] {
            let builder = CVQueryBuilder(matcher: matcher.cvBuilder.matcher, templates: try EmbeddingTemplates(), redact: redact)
            for attribute in CounterfactualSet.Attribute.allCases {
                var overlap = 0.0, identical = 0, change: Float = 0
                for text in texts {
                    let (a, b) = CounterfactualSet.pair(text, attribute)
                    let top = MatchOptions(top: 10)  // as served: the measured candidate count
                    let ra = try matcher.match(builder.query(text: a), options: top).results
                    let rb = try matcher.match(builder.query(text: b), options: top).results
                    let scoreB = Dictionary(rb.map { ($0.jobID, $0.score) }, uniquingKeysWith: { x, _ in x })
                    overlap += Double(Set(ra.map(\.jobID)).intersection(rb.map(\.jobID)).count) / 10
                    if ra.map(\.jobID) == rb.map(\.jobID) { identical += 1 }
                    for r in ra { if let s = scoreB[r.jobID] { change = max(change, abs(s - r.score)) } }
                }
                let n = Double(texts.count)
                rows.append(Row(attribute: attribute.rawValue, redaction: redact, resumes: texts.count, overlap: overlap / n,
                                identical: Double(identical) / n, maxScoreChange: Double(change)))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        print("\(texts.count) resumes, model \(matcher.modelURL.lastPathComponent), top 10 of \(matcher.index.count) jobs")
        print("attribute     redaction  top-10 overlap  identical top 10  largest score change")
        for r in rows {
            print(r.attribute.padding(toLength: 14, withPad: " ", startingAt: 0) + (r.redaction ? "on " : "off").padding(toLength: 11, withPad: " ", startingAt: 0)
                  + String(format: "%14.3f  %16.3f  %20.4f", r.overlap, r.identical, r.maxScoreChange))
        }
    }
}
