import Foundation
import JobMatchCore

extension EvaluationSet {
    /// Which way a set ranks: jobs for each CV (the default), or CVs for each job
    /// (`match --job-id`): the queries are then jobs, encoded as passages — the vectors the jobs
    /// index holds — and the corpus CVs, encoded as queries, as the CV index holds them.
    public enum Direction: String, Sendable, Codable {
        case jobsForCV = "jobs"
        case cvsForJob = "cvs"
    }

    /// The other direction's evaluation set: held-out jobs (never mined) ranking every CV, a CV
    /// relevant to a job when `judgments` make the job relevant to it.
    ///
    /// Every CV is in the corpus — training CVs too: mining paired them only with training jobs,
    /// so no judged (job, CV) pair was a training pair. With qrels the queries are the held-out
    /// jobs and every judged job (mining leaves those out).
    /// - Throws: `EvaluationError.invalidInput` when no held-out job has a relevant CV.
    public static func heldOutJobs(workspace ws: Workspace, split: HeldOutSplit, judgments: Judgments) throws -> EvaluationSet {
        let judgedJobs = judgments.source == .qrels ? judgments.relevantJobs : []
        let jobs = try TextTable.jobs(ws.jobsTable).filter { split.isHeldOutJob($0) || judgedJobs.contains($0) }
        let cvs = try TextTable.cvs(ws.cvsTable)
        var groupsOfJob: [String: [String]] = [:]
        for (group, ids) in judgments.groupJobs { for id in ids { groupsOfJob[id, default: []].append(group) } }
        var cvsOfGroup: [String: Set<Int>] = [:]
        for (row, id) in cvs.ids.enumerated() { if let g = judgments.cvGroup[id] { cvsOfGroup[g, default: []].insert(row) } }
        let relevant = jobs.ids.map { id in (groupsOfJob[id] ?? []).reduce(into: Set<Int>()) { $0.formUnion(cvsOfGroup[$1] ?? []) } }
        // A job's group for the breakdown: its occupation or category (one, when the labels give one).
        let groups = jobs.ids.map { id in judgments.groupsAreCategories ? groupsOfJob[id]?.sorted().first : nil }
        let queries = "held-out jobs (\(Int((split.jobFraction * 100).rounded()))%)" + (judgedJobs.isEmpty ? "" : " and the judged ones")
        var set = make(name: "\(queries) vs every CV; \(judgments.description)", queries: jobs, corpus: cvs, relevant: relevant,
                       groups: groups, judgments: judgments.source)
        set.direction = .cvsForJob
        guard set.queries.count > 0 else {
            throw EvaluationError.invalidInput(path: ws.root.path, field: "judgments",
                                               reason: "none of the \(jobs.count) held-out jobs has a relevant CV (\(judgments.description))")
        }
        return set
    }
}
