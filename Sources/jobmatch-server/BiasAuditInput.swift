import Feedback
import Foundation
import Privacy

/// The feedback store's requests as the bias audit's two directions: what a CV's score is and
/// which outcomes count as selections, in each (docs/privacy.md, "Bias audit").
struct BiasAuditInput {
    let log: AuditLog
    let top: Int
    /// The CVs open to recruiters (tables/cvs.parquet), every one a candidate of each recruiter's
    /// request; nil when the table is not there.
    let pool: Set<String>?

    var directions: [BiasAudit.Direction] { [recruiter, seeker] }

    /// Recruiters ranking CVs for a job: each CV shown in a list, at its rank and score.
    var recruiter: BiasAudit.Direction {
        let shown = "shown_top_\(top)"
        let appearances = log.candidatesShown.map { c in
            BiasAudit.Appearance(cvID: c.cvID, score: c.biEncoderScore,
                                 outcomes: Set(c.events.filter { $0 != .dislike }.map(\.rawValue) + (c.rank <= top ? [shown] : [])))
        }
        return BiasAudit.Direction(
            name: "recruiter",
            description: "Recruiters ranking CVs for a job (POST /match/job, the /recruit page). Every CV open to recruiters is a candidate, shown or not; CVs the groups file does not list are unknown.",
            scoreDescription: "A CV's score: the mean bi-encoder (retrieval) score of the lists it was shown in.",
            outcomes: [.init(shown, "Shown in the top \(top) of at least one list."),
                       .init("like", "Liked by a recruiter at least once."),
                       .init("contacted", "Contacted by a recruiter at least once."),
                       .init("hired", "Marked hired at least once.")],
            requests: log.candidateRequests.count, appearances: appearances, candidates: pool ?? [])
    }

    /// Job seekers asking for jobs with their CV id: each request, with its best score.
    var seeker: BiasAudit.Direction {
        let named = log.seekerRequests.filter { $0.cvID != nil }
        let appearances = named.map { r in
            BiasAudit.Appearance(cvID: r.cvID!, score: r.topScore, outcomes: Set(r.events.filter { $0 != .dislike }.map(\.rawValue)))
        }
        return BiasAudit.Direction(
            name: "seeker",
            description: "Job seekers asking for jobs with their CV id (POST /match with cv_id). Only CVs that asked are audited; like and applied are the person's own actions.",
            scoreDescription: "A CV's score: the mean, over its requests, of the best bi-encoder score a request showed.",
            outcomes: [.init("like", "Liked a job shown at least once."),
                       .init("applied", "Applied to a job shown at least once."),
                       .init("hired", "Hired for a job shown at least once.")],
            requests: named.count, appearances: appearances)
    }

    func provenance(groupsFile: String?, since: String?, until: String?) -> BiasAudit.Provenance {
        let iso = ISO8601DateFormatter()
        let requests = log.seekerRequests.map { ("seeker", $0.request) } + log.candidateRequests.map { ("recruiter", $0) }
        var counts: [[String?]: Int] = [:]
        for (direction, r) in requests { counts[[direction, r.modelVersion, r.indexVersion, r.rankingVersion], default: 0] += 1 }
        let versions = counts.map { key, n in
            BiasAuditReport.Versions(direction: key[0]!, modelVersion: key[1]!, indexVersion: key[2]!, rankingVersion: key[3], requests: n)
        }.sorted { ($0.direction, $0.modelVersion, $0.indexVersion, $0.rankingVersion ?? "") < ($1.direction, $1.modelVersion, $1.indexVersion, $1.rankingVersion ?? "") }
        let times = requests.map(\.1.createdAt)
        let pasted = log.seekerRequests.filter { $0.cvID == nil }
        return BiasAudit.Provenance(
            groupsFile: groupsFile,
            period: .init(since: since, until: until, firstRequest: times.min().map(iso.string(from:)), lastRequest: times.max().map(iso.string(from:))),
            versions: versions,
            unattributable: .init(pastedCVRequests: pasted.count, pastedCVs: Set(pasted.compactMap(\.cvSHA256)).count),
            generatedAt: iso.string(from: Date()), notes: notes)
    }

    /// What the store and the tables cannot say about the recruiter direction.
    var notes: [String] {
        let stored = "recruiter: the store keeps only the CVs a request showed, so a CV ranked below them has no recorded score: the scoring rate covers CVs shown at least once."
        guard let pool else {
            return [stored + " tables/cvs.parquet was not found, so the pool of CVs open to recruiters is unknown: the selection rates count only CVs shown at least once, which makes 'shown in the top N' close to 1 for everyone."]
        }
        return [stored + " The selection rates count every CV open to recruiters in tables/cvs.parquet today (\(pool.count)) as a candidate of every request; whether each was open during the whole period is not recorded."]
    }

    /// A few lines for the terminal: per direction, the median and each table's lowest impact ratio.
    static func summary(_ report: BiasAuditReport) -> String {
        var out = ""
        for d in report.directions {
            out += "\(d.name): \(d.requests) requests, \(d.cvs) CVs (\(d.cvsScored) scored), median score "
                + (d.scoring.medianScore.map { String(format: "%.4f", $0) } ?? "none") + "\n"
            for m in [d.scoring] + d.selection {
                let lows = m.tables.compactMap { t -> String? in
                    guard let low = t.rows.filter({ $0.impactRatio != nil }).min(by: { $0.impactRatio! < $1.impactRatio! }) else { return nil }
                    return "\(t.dimension) \(low.category) \(String(format: "%.3f", low.impactRatio!))"
                }
                out += "  \(m.name): \(m.selected)/\(m.count) \(m.kind == "scoring" ? "above the median" : "selected"); lowest impact ratio: "
                    + (lows.isEmpty ? "none (no category has a rate to compare)" : lows.joined(separator: "; ")) + "\n"
            }
        }
        if report.groups.file == nil { out += "no groups file: every CV is unknown (see the report's limits)\n" }
        return out
    }
}
