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

    public init(name: String, queries: TextTable, corpus: TextTable, relevant: [Set<Int>], droppedQueries: Int = 0) {
        self.name = name
        self.queries = queries
        self.corpus = corpus
        self.relevant = relevant
        self.droppedQueries = droppedQueries
    }

    /// Keeps the queries with at least one relevant row.
    static func make(name: String, queries: TextTable, corpus: TextTable, relevant: [Set<Int>]) -> EvaluationSet {
        var q = TextTable(ids: [], texts: [], skills: []), r: [Set<Int>] = []
        for i in 0..<queries.count where !relevant[i].isEmpty {
            q.ids.append(queries.ids[i]); q.texts.append(queries.texts[i]); q.skills.append(queries.skills[i])
            r.append(relevant[i])
        }
        return EvaluationSet(name: name, queries: q, corpus: corpus, relevant: r, droppedQueries: queries.count - q.count)
    }

    /// The held-out CVs against every job; relevant = a job of the CV's occupation (`labels.jsonl`).
    /// - Throws: `EvaluationError.invalidInput` when a table or the labels cannot be read, or no
    ///   held-out CV has a label.
    public static func heldOut(workspace ws: Workspace, split: HeldOutSplit, labels: GeneratorLabels) throws -> EvaluationSet {
        let jobs = try TextTable.jobs(ws.jobsTable)
        let cvs = try TextTable.cvs(ws.cvsTable).filter { split.isHeldOut($0) }
        var byOccupation: [String: Set<Int>] = [:]
        for (row, id) in jobs.ids.enumerated() { if let o = labels.jobOccupation[id] { byOccupation[o, default: []].insert(row) } }
        let relevant = cvs.ids.map { labels.cvOccupation[$0].flatMap { byOccupation[$0] } ?? [] }
        let set = make(name: "held-out CVs (\(Int(split.fraction * 100))%, seed \(split.seed)) vs all jobs; relevant: same occupation",
                       queries: cvs, corpus: jobs, relevant: relevant)
        guard set.queries.count > 0 else {
            throw EvaluationError.invalidInput(path: ws.rawFile(.labels).path, field: "occupation",
                                             reason: "none of the \(cvs.count) held-out CVs has a labelled occupation shared by a job")
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
