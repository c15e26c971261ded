import ArgumentParser
import CommandLineSupport
import Foundation
import Ingest
import JobMatchCore
import Privacy

/// `jobmatch audit redaction`: the redactor's precision and recall on labelled personal data.
struct AuditRedactionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redaction",
        abstract: "Score the redactor on labelled personal data: real resumes as they are, and with synthetic headers.",
        discussion: """
            The distinct resumes of --resumes (UpdatedResumeDataSet.csv's layout), in file order, numbered from 0. \\
            Real: each resume as it is, labelled by --labels (JSON Lines {"resume": N, "pii": [{"kind", "value"}]}; \\
            a resume not listed holds no personal data, so every finding there is wrong). Synthetic: each line of \\
            --synthetic ({"resume": N, "prefix", "suffix", "pii"}) put around resume N, labelled by its own pii and the \\
            resume's real labels. Per kind: labelled occurrences redacted (every letter and digit blanked), partly, \\
            missed; findings and how many touch no labelled value (wrong). Kinds: name, email, phone, address, url, national_id, birth_date, age, gender, marital_status, nationality, pronoun.
            Example: jobmatch audit redaction --resumes data/real/UpdatedResumeDataSet.csv --labels data/privacy/real_pii_labels.jsonl --synthetic data/privacy/synthetic_pii.jsonl
            """)

    @Option(help: ArgumentHelp("The resumes (CSV with a Resume column).", valueName: "file")) var resumes: String
    @Option(help: ArgumentHelp("Labels of the real resumes (JSON Lines).", valueName: "file")) var labels: String
    @Option(help: ArgumentHelp("Synthetic headers and footers with their labels (JSON Lines).", valueName: "file")) var synthetic: String?
    @Option(help: "Print up to N wrong findings of each set.") var showWrong = 0
    @Option(help: "Print up to N missed or partly redacted values of each set.") var showMissed = 0
    @Flag(help: "Print JSON.") var json = false

    struct Item: Decodable {
        /// The line of the labels file the item was read from (not in the JSON).
        var line = 0
        var resume: Int
        var prefix: String?
        var suffix: String?
        var pii: [Label]
        struct Label: Decodable { var kind: String; var value: String }
        enum CodingKeys: String, CodingKey { case resume, prefix, suffix, pii }
    }

    func run() throws { try runReportingErrors { try audit() } }

    static func read(_ path: String) throws -> [Item] {
        guard let data = FileManager.default.contents(atPath: path) else { throw JobMatchError.io(path: path, reason: "cannot read") }
        var items: [Item] = []
        for (i, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            var item: Item
            do { item = try JSONDecoder().decode(Item.self, from: Data(line.utf8)) } catch {
                throw JobMatchError.format(path: "\(path):\(i + 1)", reason: "not a labelled item ({\"resume\": N, \"pii\": [...]}): \(error)")
            }
            for l in item.pii where Redactor.Kind(rawValue: l.kind) == nil {
                throw JobMatchError.format(path: "\(path):\(i + 1)", reason: "unknown kind '\(l.kind)'")
            }
            item.line = i + 1
            items.append(item)
        }
        return items
    }

    static func labels(_ item: Item, regions: [Range<Int>]? = nil) -> [RedactionScore.Label] {
        item.pii.map { RedactionScore.Label(kind: Redactor.Kind(rawValue: $0.kind)!, value: $0.value, regions: regions) }
    }

    func audit() throws {
        let reader = try ResumeCSVReader(path: resumes, rejects: RejectLog(file: nil))
        var texts: [String] = [], seen = Set<String>()
        while let r = try reader.next() { if seen.insert(r.text).inserted { texts.append(r.text) } }
        let realItems = try Self.read(labels)
        var realLabels: [Int: [RedactionScore.Label]] = [:]
        for item in realItems {
            guard texts.indices.contains(item.resume) else {
                throw JobMatchError.format(path: "\(labels):\(item.line)", reason: "resume \(item.resume) does not exist (\(texts.count) distinct resumes)")
            }
            realLabels[item.resume, default: []] += Self.labels(item)
        }
        var sets: [(name: String, score: RedactionScore, items: Int)] = []
        var real = RedactionScore()
        for (i, text) in texts.enumerated() { real.add(text: text, labels: realLabels[i] ?? [], id: "resume \(i)") }
        sets.append(("real", real, texts.count))
        if let synthetic {
            var score = RedactionScore()
            let items = try Self.read(synthetic)
            for item in items {
                guard texts.indices.contains(item.resume) else {
                    throw JobMatchError.format(path: "\(synthetic):\(item.line)", reason: "resume \(item.resume) does not exist (\(texts.count) distinct resumes)")
                }
                // The item's labels hold in its prefix and suffix, the resume's own in the resume.
                let (prefix, body, suffix) = ((item.prefix ?? "").utf16.count, texts[item.resume].utf16.count, (item.suffix ?? "").utf16.count)
                let text = (item.prefix ?? "") + texts[item.resume] + (item.suffix ?? "")
                let own = Self.labels(item, regions: [0..<prefix, (prefix + body)..<(prefix + body + suffix)])
                let resume = (realLabels[item.resume] ?? []).map { l in
                    RedactionScore.Label(kind: l.kind, value: l.value, regions: [prefix..<(prefix + body)])
                }
                score.add(text: text, labels: own + resume, id: "synthetic \(item.resume)")
            }
            sets.append(("synthetic", score, items.count))
        }
        if json {
            var out: [String: Any] = [:]
            for s in sets {
                var kinds: [String: Any] = [:]
                for (k, c) in s.score.byKind {
                    kinds[k.rawValue] = ["labelled": c.labelled, "redacted": c.redacted, "partly": c.partly, "missed": c.missed,
                                         "findings": c.findings, "wrong": c.wrong, "recall": c.recall as Any, "precision": c.precision as Any]
                }
                let t = s.score.total
                out[s.name] = ["texts": s.items, "kinds": kinds, "absent_labels": s.score.absentLabels,
                               "total": ["labelled": t.labelled, "redacted": t.redacted, "findings": t.findings, "wrong": t.wrong,
                                         "recall": t.recall as Any, "precision": t.precision as Any]]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        func pct(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }
        for s in sets {
            print("\(s.name): \(s.items) texts")
            print("kind            labelled  redacted  partly  missed  recall   findings  wrong  precision")
            let rows = Redactor.Kind.allCases.compactMap { k in s.score.byKind[k].map { (k.rawValue, $0) } } + [("all", s.score.total)]
            for (k, c) in rows {
                print(k.padding(toLength: 14, withPad: " ", startingAt: 0)
                      + String(format: "%10d%10d%8d%8d  ", c.labelled, c.redacted, c.partly, c.missed) + pct(c.recall).padding(toLength: 7, withPad: " ", startingAt: 0)
                      + String(format: "%10d%7d  ", c.findings, c.wrong) + pct(c.precision))
            }
            for a in s.score.absentLabels { print("label not in its text: \(a)") }
            for m in s.score.misses.prefix(showMissed) {
                print("missed \(m.kind.rawValue): '\(m.value)' left as '\(m.left)'")
            }
            for w in s.score.wrongFindings.prefix(showWrong) {
                print("wrong \(w.kind.rawValue): '\(w.text.replacingOccurrences(of: "\n", with: "⏎"))'")
            }
            print("")
        }
    }
}
