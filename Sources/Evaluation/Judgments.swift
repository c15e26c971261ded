import Foundation
import JobMatchCore
import Tables

/// Which jobs are relevant to which CV, and who says so.
///
/// A workspace's evaluation takes, in this order (`Judgments.load`):
/// 1. **qrels** — `raw/qrels.txt` in TREC format (`cv_id 0 job_id grade`, what trec_eval and
///    TalentCLEF use): a person's judgments. Grade > 0 is relevant.
/// 2. **generator labels** — `raw/labels.jsonl`, the data generator's latent occupations: a job
///    is relevant when it shares the CV's occupation.
/// 3. **silver** — only when neither exists: a job is relevant when its title holds a keyword of
///    the CV's `category` (`RealTextRelevance`; the resume CSV's Category column, used for
///    evaluation only). Reported as silver, since a keyword rule is not a person's judgment.
///
/// Relevance is kept per group (an occupation, a category, or one CV for qrels), so a million
/// jobs judged for a thousand CVs cost one set per group, and the report can break figures down
/// by group.
public struct Judgments: Sendable {
    public enum Source: String, Sendable, Codable {
        case qrels
        case generatorLabels = "generator labels"
        case silver
    }

    public var source: Source
    /// One line saying where relevance comes from, for reports.
    public var description: String
    /// CV id → its group (occupation, category, or the CV itself).
    public var cvGroup: [String: String]
    /// Group → relevant job ids.
    public var groupJobs: [String: Set<String>]
    /// Whether a group names something a reader can use in a breakdown (an occupation or a
    /// category; not the CV ids of qrels).
    public var groupsAreCategories: Bool
    /// CV id → relevant job id → grade, when qrels grade above 1 somewhere (hired 3 > applied 2 >
    /// liked 1 in `feedback qrels`): the evaluation's NDCG is then graded. Empty otherwise.
    public var grades: [String: [String: Int]] = [:]

    /// The judged CVs.
    public var cvs: Set<String> { Set(cvGroup.keys) }
    /// Every job relevant to some CV (with qrels: the judged jobs that mining leaves out).
    public var relevantJobs: Set<String> { groupJobs.values.reduce(into: Set<String>()) { $0.formUnion($1) } }

    /// The jobs relevant to a CV (nil: the CV is not judged).
    public func relevant(cv: String) -> Set<String>? { cvGroup[cv].map { groupJobs[$0] ?? [] } }

    // MARK: - Loading

    /// The workspace's judgments in the order above, nil when there is nothing to judge by.
    /// - Throws: `EvaluationError.invalidInput` naming the file, line and field of a malformed
    ///   judgments file or table.
    public static func load(workspace ws: Workspace) throws -> Judgments? {
        switch file(workspace: ws) {
        case let url? where url == ws.rawFile(.qrels): try qrels(url)
        case let url?: generator(try GeneratorLabels.read(url), file: url.lastPathComponent)
        case nil: try silver(workspace: ws)
        }
    }

    /// The workspace's qrels judgments, nil when it has no `raw/qrels.txt` (what mining must
    /// leave out; it reads nothing else).
    public static func qrels(workspace ws: Workspace) throws -> Judgments? {
        let url = ws.rawFile(.qrels)
        return FileManager.default.fileExists(atPath: url.path) ? try qrels(url) : nil
    }

    /// The judgments file `load` reads: `raw/qrels.txt`, else `raw/labels.jsonl`, else none.
    public static func file(workspace ws: Workspace) -> URL? {
        [ws.rawFile(.qrels), ws.rawFile(.labels)].first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The files `load` would read, for a stage's inputs.
    public static func files(workspace ws: Workspace) -> [URL] { file(workspace: ws).map { [$0] } ?? [] }

    /// TREC qrels: `query_id iteration document_id grade` per line, whitespace-separated; `#`
    /// comments and blank lines skipped. A pair judged twice keeps its last grade.
    /// - Throws: `EvaluationError.invalidInput` naming the file, line and field.
    public static func qrels(_ url: URL) throws -> Judgments {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "cannot read")
        }
        var grades: [String: [String: Int]] = [:]
        var lineNumber = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count == 4 else {
                throw EvaluationError.invalidInput(path: url.path, field: "line \(lineNumber)",
                                                 reason: "\(f.count) fields; a qrels line is 'cv_id 0 job_id grade'")
            }
            guard Int(f[1]) != nil else {
                throw EvaluationError.invalidInput(path: url.path, field: "iteration", reason: "line \(lineNumber): '\(f[1])' is not an integer")
            }
            guard let grade = Int(f[3]) else {
                throw EvaluationError.invalidInput(path: url.path, field: "grade", reason: "line \(lineNumber): '\(f[3])' is not an integer")
            }
            grades[String(f[0]), default: [:]][String(f[2])] = grade
        }
        var cvGroup: [String: String] = [:], groupJobs: [String: Set<String>] = [:]
        for (cv, jobs) in grades {
            cvGroup[cv] = cv
            groupJobs[cv] = Set(jobs.filter { $0.value > 0 }.keys)
        }
        guard !cvGroup.isEmpty else {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "no judgments")
        }
        let pairs = grades.values.reduce(0) { $0 + $1.count }
        let graded = grades.values.contains { $0.values.contains { $0 > 1 } }
        return Judgments(source: .qrels, description: "\(url.lastPathComponent): \(pairs) judgments of \(cvGroup.count) CVs (TREC qrels\(graded ? ", graded" : ""))",
                         cvGroup: cvGroup, groupJobs: groupJobs, groupsAreCategories: false,
                         grades: graded ? grades.mapValues { $0.filter { $0.value > 0 } } : [:])
    }

    /// Relevant: a job of the CV's occupation in the generator's labels.
    public static func generator(_ labels: GeneratorLabels, file: String) -> Judgments {
        var groupJobs: [String: Set<String>] = [:]
        for (job, o) in labels.jobOccupation { groupJobs[o, default: []].insert(job) }
        return Judgments(source: .generatorLabels, description: "\(file): relevant = same occupation (the generator's labels)",
                         cvGroup: labels.cvOccupation, groupJobs: groupJobs, groupsAreCategories: true)
    }

    /// Silver relevance from the CVs' `category` and the jobs' titles (`RealTextRelevance`); nil
    /// when no CV has a category the keyword table knows.
    public static func silver(workspace ws: Workspace) throws -> Judgments? {
        let cvs: [CVRow], jobs: [JobRow]
        do {
            cvs = try CVsTable.read(ws.cvsTable, columns: [.cvID, .category])
            jobs = try JobsTable.read(ws.jobsTable, columns: [.jobID, .title])
        } catch let e as TablesError {
            throw EvaluationError.invalidInput(path: e.path, field: "file", reason: e.message)
        }
        var cvGroup: [String: String] = [:]
        for r in cvs { if let c = r.category, RealTextRelevance.keywords[c] != nil { cvGroup[r.cvID] = c } }
        guard !cvGroup.isEmpty else { return nil }
        var groupJobs: [String: Set<String>] = [:]
        for category in Set(cvGroup.values) {
            groupJobs[category] = Set(jobs.filter { RealTextRelevance.isRelevant(title: $0.title, category: category) }.map(\.jobID))
        }
        return Judgments(source: .silver,
                         description: "silver: relevant = the job's title holds a keyword of the CV's category (RealTextRelevance; no qrels or labels)",
                         cvGroup: cvGroup, groupJobs: groupJobs, groupsAreCategories: true)
    }
}

extension Optional where Wrapped == Judgments {
    /// The judgments, or an error saying what would give some.
    /// - Throws: `EvaluationError.invalidInput` naming the workspace's raw folder.
    public func orThrow(_ ws: Workspace) throws -> Judgments {
        guard let self else {
            throw EvaluationError.invalidInput(
                path: ws.raw.path, field: "judgments",
                reason: "nothing says which jobs are relevant: add raw/qrels.txt (cv_id 0 job_id grade), raw/labels.jsonl, or CVs with a category")
        }
        return self
    }
}
