import Foundation
import JobMatchCore

/// Queries (CVs), a corpus (jobs) and, for each query, the corpus rows that are relevant.
public struct EvaluationSet: Sendable {
    public var name: String
    public var queries: TextTable
    public var corpus: TextTable
    /// Per query: rows of `corpus` that are relevant (never empty).
    public var relevant: [Set<Int>]
    /// Queries dropped because nothing in the corpus is relevant to them.
    public var droppedQueries = 0
    /// Per query: its group for a breakdown (an occupation or category), nil when none.
    public var groups: [String?]
    /// Where relevance comes from (nil: a fixed set such as the real-text one).
    public var judgments: Judgments.Source?
    /// Jobs for CVs (queries are CVs), or CVs for jobs (`heldOutJobs`).
    public var direction = Direction.jobsForCV
    /// Per query, each relevant corpus row's grade when the judgments are graded (qrels grades
    /// above 1 somewhere); empty: binary relevance.
    public var gains: [[Int: Double]] = []

    /// One query's metrics for a ranking of corpus rows (graded NDCG when the set has gains).
    public func score(query q: Int, ranked: [Int]) -> [String: Double] {
        RetrievalMetrics.score(ranked: ranked, relevant: relevant[q], gains: gains.isEmpty ? nil : gains[q])
    }

    /// Per query, the roles its CV lists as texts (`RoleSections`, filled by the caller): what the
    /// per-role evaluation (`RetrievalEvaluator.roleFused`) encodes beside the whole CV; empty
    /// when not asked for.
    public var roles: [[String]] = []

    public init(name: String, queries: TextTable, corpus: TextTable, relevant: [Set<Int>], droppedQueries: Int = 0,
                groups: [String?]? = nil, judgments: Judgments.Source? = nil) {
        self.name = name
        self.queries = queries
        self.corpus = corpus
        self.relevant = relevant
        self.droppedQueries = droppedQueries
        self.groups = groups ?? Array(repeating: nil, count: queries.count)
        self.judgments = judgments
    }

    /// Keeps the queries with at least one relevant row.
    static func make(name: String, queries: TextTable, corpus: TextTable, relevant: [Set<Int>], groups: [String?]? = nil,
                     judgments: Judgments.Source? = nil) -> EvaluationSet {
        var q = TextTable(ids: [], texts: [], skills: []), r: [Set<Int>] = [], g: [String?] = []
        for i in 0..<queries.count where !relevant[i].isEmpty {
            q.ids.append(queries.ids[i]); q.texts.append(queries.texts[i]); q.skills.append(queries.skills[i])
            r.append(relevant[i])
            g.append(groups?[i] ?? nil)
        }
        return EvaluationSet(name: name, queries: q, corpus: corpus, relevant: r, droppedQueries: queries.count - q.count,
                             groups: g, judgments: judgments)
    }

    /// A workspace's evaluation set: held-out CVs against held-out jobs, judged by `judgments`.
    ///
    /// Queries: the CVs the split holds out (with qrels: the judged CVs, which mining leaves out).
    /// Corpus: the jobs the split holds out, plus, with qrels, every job judged relevant (mining
    /// leaves those out too), so no judged job of a query was a training positive. Texts are the
    /// tables' `embedding_text`, the very texts `index` and `match` encode.
    /// - Throws: `EvaluationError.invalidInput` when a table cannot be read or no held-out CV has a
    ///   relevant held-out job.
    public static func heldOut(workspace ws: Workspace, split: HeldOutSplit, judgments: Judgments) throws -> EvaluationSet {
        let qrels = judgments.source == .qrels
        let judgedJobs = qrels ? judgments.relevantJobs : []
        let allJobs = try TextTable.jobs(ws.jobsTable), allCVs = try TextTable.cvs(ws.cvsTable)
        let jobs = allJobs.filter { split.isHeldOutJob($0) || judgedJobs.contains($0) }
        let cvs = allCVs.filter { qrels ? judgments.cvGroup[$0] != nil : split.isHeldOut($0) }
        // Judged ids the tables do not hold are left out, and said so (never dropped silently).
        var unknown = ""
        if qrels {
            let missingCVs = judgments.cvs.subtracting(allCVs.ids), missingJobs = judgedJobs.subtracting(allJobs.ids)
            if !missingCVs.isEmpty || !missingJobs.isEmpty {
                unknown = " (left out, not in the tables: \(missingCVs.count) judged CVs, e.g. \(missingCVs.sorted().prefix(3).joined(separator: ", ")); "
                    + "\(missingJobs.count) relevant jobs, e.g. \(missingJobs.sorted().prefix(3).joined(separator: ", ")))"
            }
        }
        var row: [String: Int] = [:]
        for (i, id) in jobs.ids.enumerated() where row[id] == nil { row[id] = i }
        let relevant = cvs.ids.map { id in Set((judgments.relevant(cv: id) ?? []).compactMap { row[$0] }) }
        let groups = cvs.ids.map { judgments.groupsAreCategories ? judgments.cvGroup[$0] : nil }
        let queries = qrels ? "the CVs judged in qrels" : "held-out CVs (\(Int((split.fraction * 100).rounded()))%, seed \(split.seed))"
        let corpus = "held-out jobs (\(Int((split.jobFraction * 100).rounded()))%)" + (qrels ? " and the judged ones" : "")
        var set = make(name: "\(queries) vs \(corpus); \(judgments.description)\(unknown)", queries: cvs, corpus: jobs, relevant: relevant,
                       groups: groups, judgments: judgments.source)
        if !judgments.grades.isEmpty {
            set.gains = set.queries.ids.map { cv in
                Dictionary((judgments.grades[cv] ?? [:]).compactMap { job, g in row[job].map { ($0, Double(g)) } }, uniquingKeysWith: max)
            }
        }
        guard set.queries.count > 0 else {
            throw EvaluationError.invalidInput(
                path: ws.root.path, field: "judgments",
                reason: "none of the \(cvs.count) held-out CVs has a relevant job among the \(jobs.count) held-out jobs (\(judgments.description))")
        }
        return set
    }

    /// A labelled set from JSONL lines `{"cv_id": "…", "relevant_job_ids": ["…", …]}`: those CVs
    /// (from the CVs table) against every job.
    /// - Throws: `EvaluationError.invalidInput` naming the file, line and field, or an unknown id.
    public static func relevanceFile(_ url: URL, workspace ws: Workspace) throws -> EvaluationSet {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "cannot read")
        }
        let jobs = try TextTable.jobs(ws.jobsTable)
        let allCVs = try TextTable.cvs(ws.cvsTable)
        var cvRow: [String: Int] = [:], jobRow: [String: Int] = [:]
        for (i, id) in allCVs.ids.enumerated() { cvRow[id] = i }
        for (i, id) in jobs.ids.enumerated() where jobRow[id] == nil { jobRow[id] = i }
        var queries = TextTable(ids: [], texts: [], skills: []), relevant: [Set<Int>] = []
        var line = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            if raw.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
            guard let o = (try? JSONSerialization.jsonObject(with: Data(raw))) as? [String: Any] else {
                throw EvaluationError.invalidInput(path: url.path, field: "line \(line)", reason: "not a JSON object")
            }
            guard let cv = o["cv_id"] as? String else {
                throw EvaluationError.invalidInput(path: url.path, field: "cv_id", reason: "line \(line): missing or not a string")
            }
            guard let ids = o["relevant_job_ids"] as? [String] else {
                throw EvaluationError.invalidInput(path: url.path, field: "relevant_job_ids", reason: "line \(line): missing or not a list of strings")
            }
            guard let r = cvRow[cv] else {
                throw EvaluationError.invalidInput(path: url.path, field: "cv_id", reason: "line \(line): unknown CV '\(cv)' (not in \(ws.cvsTable.lastPathComponent))")
            }
            var rows = Set<Int>()
            for id in ids {
                guard let j = jobRow[id] else {
                    throw EvaluationError.invalidInput(path: url.path, field: "relevant_job_ids", reason: "line \(line): unknown job '\(id)' (not in \(ws.jobsTable.lastPathComponent))")
                }
                rows.insert(j)
            }
            queries.ids.append(cv); queries.texts.append(allCVs.texts[r]); queries.skills.append(allCVs.skills[r])
            relevant.append(rows)
        }
        let set = make(name: "\(url.lastPathComponent): labelled CVs vs all jobs", queries: queries, corpus: jobs, relevant: relevant)
        guard set.queries.count > 0 else {
            throw EvaluationError.invalidInput(path: url.path, field: "relevant_job_ids", reason: "no CV with a relevant job")
        }
        return set
    }
}
