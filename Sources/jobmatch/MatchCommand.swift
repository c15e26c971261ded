import Alerts
import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Matching

/// `jobmatch match`: the best jobs for one CV, explained.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Rank the indexed jobs for a CV, or the CVs open to recruiters for a job, and explain each: matched and missing skills, scores.",
        discussion: """
            The CV comes from a file (--cv: PDF, DOCX or text), the CVs table (--cv-id) or the command line \
            (--text). It is encoded with the index's model, the index returns the best candidates \
            (exact inner-product search over every job, filtered by --country/--level/--remote), and \
            each result lists the skills the CV and the job share (with where the CV mentions them) \
            and the job's skills the CV lacks, most specific (highest IDF) first. When a cross-encoder is \
            at WORKSPACE/models/reranker (jobmatch train-reranker) or named by --reranker, it rescores the \
            candidates (CV embedding text, job embedding text) and --ranking orders them: retrieval (bi-encoder \
            cosine), rerank (cross-encoder) or fused (z-normalised sum of both). --ranking hybrid, which needs no \
            cross-encoder, fuses the candidates' cosine order with their BM25 order (reciprocal rank, k = 60; \
            BM25 statistics of every job's embedding text). The default is the order the \
            pipeline's rerank stage measured best on held-out CVs (models/reranker/ranking.json), fused for a \
            reranker nobody measured, retrieval without a reranker. rerank_score is \
            the cross-encoder's sigmoid score, null without a reranker. --json prints one \
            object: {cv_id, model, model_fingerprint, index, index_created, candidates, ranking, reranker_fingerprint, results: \
            [{rank, job_id, title, company, location, country, level, url, score, rerank_score, \
            matched_skills: [{id, name, idf, cv_spans}], missing_skills: [{id, name, idf}]}]}.
            Postings `jobmatch watch` added since the index was built (WORKSPACE/index/segment.jsonl) rank \
            among the index's candidates under every order, a corrected posting in place of its old version.
            The other direction: --job-id ID (a job of WORKSPACE/tables/jobs.parquet) or --job-text TEXT (a \
            posting: first line the title, the rest its description) ranks the CVs of WORKSPACE/index/cvs.faiss — \
            only those whose owners are open to recruiters (the pipeline's cvindex stage) — with the same scores, \
            explanations seen from the job's side (its skills the CV shows, with spans, and those it lacks) and \
            the same reranker and --ranking. --json prints {job_id, title, model, model_fingerprint, index, \
            index_cvs, candidates, ranking, reranker_fingerprint, results: [{rank, cv_id, headline, location, \
            years_experience, score, rerank_score, matched_skills, missing_skills}]}; no names.
            Example: jobmatch match --workspace ws --cv-id cv-000001 --top 5
            Example: jobmatch match --workspace ws --job-id indeed:1a2b3c --top 5
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var input: CVInputOptions
    @Option(help: "A job of WORKSPACE/tables/jobs.parquet by id: rank CVs for it.") var jobId: String?
    @Option(help: "A posting's text (first line: title): rank CVs for it.") var jobText: String?
    @Option(help: "Results to show.") var top = 10
    @Option(help: "Candidates retrieved before ranking (default: as many as the rerank stage measured its orders with, else 100).")
    var candidates: Int?
    @Option(help: "Only jobs in this country.") var country: String?
    @Option(help: "Only jobs of this level.") var level: String?
    @Flag(help: "Only remote jobs.") var remote = false
    @Option(help: ArgumentHelp("Model folder (default: the one the index was built with).", valueName: "dir")) var model: String?
    @Option(help: ArgumentHelp("Cross-encoder folder (default: WORKSPACE/models/reranker when it exists).", valueName: "dir"))
    var reranker: String?
    @Flag(help: "Do not rerank, even when WORKSPACE/models/reranker exists.") var noRerank = false
    @Option(help: "Order of the candidates: retrieval, hybrid (with BM25), or with a reranker rerank or fused (default: the measured best).")
    var ranking: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard input.given + [jobId, jobText].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --cv, --cv-id, --text (jobs for a CV) and --job-id, --job-text (CVs for a job)")
        }
        if jobId != nil || jobText != nil, country != nil || level != nil || remote {
            throw ValidationError("--country, --level and --remote filter jobs; they do not apply to --job-id or --job-text")
        }
        guard top >= 1, (candidates ?? 1) >= 1 else { throw ValidationError("--top and --candidates must be at least 1") }
        if let ranking, Ranking(rawValue: ranking) == nil {
            throw ValidationError("--ranking must be retrieval, rerank, fused or hybrid, not '\(ranking)'")
        }
        if noRerank && reranker != nil { throw ValidationError("--no-rerank and --reranker exclude each other") }
    }

    func run() throws { try runReportingErrors { try match() } }

    func match() throws {
        let ws = Workspace(options.workspace)
        let file = try input.readFile()
        let matcher = try Matcher(workspace: ws, model: model.map { URL(fileURLWithPath: $0) },
                                  reranker: reranker.map { URL(fileURLWithPath: $0) }, useReranker: !noRerank)
        if jobId != nil || jobText != nil { return try matchCVs(matcher, ws) }
        let query = try input.query(matcher, workspace: ws, file: file)
        // Postings `jobmatch watch` added since the index was built rank among the index's, as `serve` ranks them.
        let additions = try IndexSegment(url: ws.indexSegment).additions(base: matcher.info.created)
        let response = try matcher.match(query, options: MatchOptions(top: top, candidates: candidates, country: country, level: level, remote: remote,
                                                                       ranking: ranking.flatMap(Ranking.init(rawValue:))),
                                          additions: additions)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            print(String(decoding: try enc.encode(response), as: UTF8.self))
        } else {
            print(MatchTable.render(response, cv: query))
        }
    }
}

extension MatchCommand {
    /// `--job-id` / `--job-text`: the CVs open to recruiters, best first.
    func matchCVs(_ matcher: Matcher, _ ws: Workspace) throws {
        let candidates = try CandidateMatcher(workspace: ws, matcher: matcher)
        let job = try jobId.map { try candidates.query(jobID: $0) } ?? candidates.query(jobText: jobText ?? "")
        let response = try candidates.match(job, options: MatchOptions(top: top, candidates: self.candidates,
                                                                      ranking: ranking.flatMap(Ranking.init(rawValue:))))
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            print(String(decoding: try enc.encode(response), as: UTF8.self))
        } else {
            print(CandidateTable.render(response))
        }
    }
}

/// The human-readable form of a candidates response.
enum CandidateTable {
    static func render(_ r: CandidateResponse) -> String {
        var out = "\(r.results.count) CVs for \(r.jobID ?? "the posting") \"\(r.title)\" — model \(r.model), index \(r.index) "
            + "(\(r.indexCVs) CVs open to recruiters), \(r.candidates) candidates, ranked by \(r.ranking.rawValue)\n"
        for c in r.results {
            let about = [c.headline, c.location, c.yearsExperience.map { String(format: "%.0f years", $0) }].compactMap { $0 }
            out += String(format: "\n%2d. %@  [score %.3f%@]\n", c.rank, c.cvID, c.score, c.rerankScore.map { String(format: ", rerank %.3f", $0) } ?? "")
            if !about.isEmpty { out += "    \(about.joined(separator: " · "))\n" }
            if c.matchedSkills.isEmpty, c.missingSkills.isEmpty {
                out += "    (the job names no skills we recognise: the CVs were ranked on the texts alone)\n"
                continue
            }
            let shows = c.matchedSkills.prefix(8).map(\.name), lacks = c.missingSkills.prefix(6).map(\.name)
            out += "    ✓ shows (\(c.matchedSkills.count)): \(shows.isEmpty ? "—" : shows.joined(separator: ", "))\(c.matchedSkills.count > 8 ? ", …" : "")\n"
            out += "    ✗ lacks (\(c.missingSkills.count)): \(lacks.isEmpty ? "—" : lacks.joined(separator: ", "))\(c.missingSkills.count > 6 ? ", …" : "")\n"
        }
        return out
    }
}

/// The human-readable form of a match response.
enum MatchTable {
    static func render(_ r: MatchResponse, cv: CVQuery) -> String {
        var out = "\(r.results.count) jobs for \(r.cvID ?? "the CV") (\(cv.skills.count) skills found in it) — model \(r.model), index \(r.index), \(r.candidates) candidates, ranked by \(r.ranking.rawValue)\n"
        for m in r.results {
            let place = [m.company, m.location].compactMap { $0 }.joined(separator: " · ")
            out += String(format: "\n%2d. %@  [score %.3f%@]\n", m.rank, m.title, m.score, m.rerankScore.map { String(format: ", rerank %.3f", $0) } ?? "")
            if !place.isEmpty { out += "    \(place)\(m.level.map { " · \($0)" } ?? "")   \(m.jobID)\n" }
            if m.matchedSkills.isEmpty, m.missingSkills.isEmpty {
                out += "    (the posting names no skills we recognise: it was ranked on its text alone)\n"
                continue
            }
            let matched = m.matchedSkills.prefix(8).map { s -> String in
                guard let span = s.cvSpans.first, span[0] >= 0, span[1] <= cv.text.count, span[0] < span[1] else { return s.name }
                let start = cv.text.index(cv.text.startIndex, offsetBy: span[0]), end = cv.text.index(cv.text.startIndex, offsetBy: span[1])
                let said = String(cv.text[start..<end])
                return said.lowercased() == s.name.lowercased() ? s.name : "\(s.name) (\"\(said)\")"
            }
            out += "    ✓ matched (\(m.matchedSkills.count)): \(matched.isEmpty ? "—" : matched.joined(separator: ", "))\(m.matchedSkills.count > 8 ? ", …" : "")\n"
            let missing = m.missingSkills.prefix(6).map(\.name)
            out += "    ✗ missing (\(m.missingSkills.count)): \(missing.isEmpty ? "—" : missing.joined(separator: ", "))\(m.missingSkills.count > 6 ? ", …" : "")\n"
        }
        return out
    }
}
