import Foundation
import JobMatchCore
import Server
import Tables
import TestSupport
import Testing

/// `jobmatch match --job-id | --job-text`: CVs for a job, from the pipeline's cvindex stage, on a
/// small generated workspace with the tiny random BERT (fast; the code is the same for MiniLM).
@Suite(.serialized) struct CandidateMatchTests {
    struct Skill: Decodable, Equatable { let id: String; let cv_spans: [[Int]]? }
    struct Response: Decodable {
        struct Result: Decodable { let rank: Int; let cv_id: String; let score: Float; let matched_skills: [Skill]; let missing_skills: [Skill] }
        let job_id: String?; let title: String; let index_cvs: Int; let ranking: String; let results: [Result]
    }
    struct Forward: Decodable {
        struct Result: Decodable { let job_id: String; let score: Float; let matched_skills: [Skill]; let missing_skills: [Skill] }
        let results: [Result]
    }

    /// A workspace the pipeline indexed (jobs and CVs) with the tiny model.
    static func workspace() async throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        try FileManager.default.createDirectory(at: ws.models, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws.models.appendingPathComponent("tiny").path, withDestinationPath: MatchCommandTests.tinyBERT)
        let r = try await CLI.run(["pipeline", "--workspace", ws.root.path, "--jobs", "150", "--cvs", "40", "--seed", "3", "--base-model", "tiny",
                             "--no-train", "--max-seq-length", "64", "--precision", "fp32"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(" CVs open to recruiters encoded with tiny"), "\(r.out)")
        return ws
    }

    static func run<T: Decodable>(_ args: [String], _ type: T.Type) async throws -> T {
        let r = try await CLI.run(["match"] + args + ["--json"])
        #expect(r.status == 0, "\(r.err)")
        return try JSONDecoder().decode(T.self, from: Data(r.out.utf8))
    }

    @Test func onlyOpenCVsAreFoundAndEachPairScoresAndExplainsAsFromTheCVSide() async throws {
        let ws = try await Self.workspace()
        let cvs = try CVsTable.read(ws.cvsTable, columns: [.cvID, .openToRecruiters])
        let open = Set(cvs.filter(\.openToRecruiters).map(\.cvID))
        #expect(!open.isEmpty && open.count < cvs.count, "the generator opens some CVs, not all")
        let job = try #require(try JobsTable.read(ws.jobsTable, columns: [.jobID]).dropFirst(7).first?.jobID)
        let found = try await Self.run(["--workspace", ws.root.path, "--job-id", job, "--top", "100"], Response.self)
        #expect(found.job_id == job && found.index_cvs == open.count)
        #expect(Set(found.results.map(\.cv_id)) == open, "every open CV, and no other")
        #expect(found.results.map(\.score) == found.results.map(\.score).sorted(by: >))
        // The hybrid order keeps BM25 statistics of the jobs only: for CVs it is retrieval's, and says so.
        let hybrid = try await Self.run(["--workspace", ws.root.path, "--job-id", job, "--top", "100", "--ranking", "hybrid"], Response.self)
        #expect(hybrid.ranking == "retrieval" && hybrid.results.map(\.cv_id) == found.results.map(\.cv_id))

        for r in found.results.prefix(3) {
            let forward = try await Self.run(["--workspace", ws.root.path, "--cv-id", r.cv_id, "--top", "400"], Forward.self)
            let same = try #require(forward.results.first { $0.job_id == job })
            #expect(abs(same.score - r.score) < 1e-5, "\(r.cv_id): \(same.score) from the CV's side, \(r.score) from the job's")
            #expect(same.matched_skills == r.matched_skills && same.missing_skills == r.missing_skills)
        }
    }

    @Test func aPastedPostingAStaleIndexAndBadArguments() async throws {
        let ws = try await Self.workspace()
        let pasted = try await Self.run(["--workspace", ws.root.path, "--job-text", "Registered Nurse\nICU nurse with BLS, ACLS and Epic.", "--top", "3"],
                                  Response.self)
        #expect(pasted.job_id == nil && pasted.title == "Registered Nurse" && pasted.results.count == 3)

        let both = try await CLI.run(["match", "--workspace", ws.root.path, "--cv-id", "cv-000001", "--job-id", "x"])
        #expect(both.status != 0 && both.err.contains("give exactly one of --cv, --cv-id, --text (jobs for a CV) and --job-id, --job-text (CVs for a job)"))
        let filtered = try await CLI.run(["match", "--workspace", ws.root.path, "--job-id", "x", "--country", "Germany"])
        #expect(filtered.status != 0 && filtered.err.contains("do not apply to --job-id"))
        let unknown = try await CLI.run(["match", "--workspace", ws.root.path, "--job-id", "no-such-job"])
        #expect(unknown.status == 1 && unknown.err == "error: \(ws.jobsTable.path): no job with id 'no-such-job'\n")

        // A CV index of other weights than the jobs index is refused, naming the file.
        let side = ws.cvsIndex.appendingPathExtension("json")
        let text = try String(contentsOf: side, encoding: .utf8)
        let fingerprint = try #require(text.firstMatch(of: /"modelFingerprint" : "([0-9a-f]+)"/)?.1)
        try text.replacingOccurrences(of: String(fingerprint), with: "0123456789abcdef").write(to: side, atomically: true, encoding: .utf8)
        let stale = try await CLI.run(["match", "--workspace", ws.root.path, "--job-id", "x"])
        #expect(stale.status == 1 && stale.err.hasPrefix("error: \(ws.cvsIndex.path): was built with tiny (0123456789abcdef)"), "\(stale.err)")
    }

    /// The server's service gives the CLI's answer, names an unknown job, and answers 503 once the
    /// CV index is gone.
    @Test func theServiceAnswersAsTheCommandLine() async throws {
        let ws = try await Self.workspace()
        let job = try #require(try JobsTable.read(ws.jobsTable, columns: [.jobID]).first?.jobID)
        let cli = try await Self.run(["--workspace", ws.root.path, "--job-id", job, "--top", "5"], Response.self)
        let service = try MatcherService(workspace: ws)
        let outcome = try await service.candidates(CandidateQuery(job: .id(job), top: 5))
        #expect(outcome.response.results.map(\.cvID) == cli.results.map(\.cv_id))
        // The same scores up to float rounding (two processes, BLAS may split sums differently).
        #expect(zip(outcome.response.results.map(\.score), cli.results.map(\.score)).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(outcome.indexVersion.hasPrefix("cvs.faiss@"))
        await #expect(throws: MatchServiceError(.unknownJob, "no job with this id")) {
            try await service.candidates(CandidateQuery(job: .id("no-such-job")))
        }
        try FileManager.default.removeItem(at: ws.cvsIndex)
        await #expect(throws: MatchServiceError(.unavailable, "no CV index")) { try await service.candidates(CandidateQuery(job: .id(job))) }
    }
}
