import Feedback
import Foundation
import JobMatchCore
import Tables
import Testing
import TestSupport

/// `jobmatch audit groups` (and `jobmatch audit --groups`) end to end: a small feedback store, a
/// groups file, the JSON and HTML it writes.
@Suite struct AuditGroupsCommandTests {
    /// Recruiters: R1 shows cv-1 0.9, cv-2 0.62, cv-3 0.5 (cv-1 contacted, cv-2 liked); R2 shows
    /// cv-3 0.8, cv-4 0.6 (cv-3 hired; cv-4 is not in the groups file). Job seekers: cv-1 (best
    /// 0.7, liked), cv-2 (0.5, applied), and one pasted CV. Open to recruiters (tables/cvs.parquet):
    /// cv-1 … cv-6, not cv-7.
    static func workspace() async throws -> Workspace {
        let workspace = Workspace(TestPaths.tempFolder().path)
        try workspace.create(workspace.tables)
        let cvs = try CVsTable.Writer(url: workspace.cvsTable)
        for i in 1...7 { try cvs.append(CVRow(cvID: "cv-\(i)", text: "t", embeddingText: "t", openToRecruiters: i < 7)) }
        try cvs.close()
        let store = try FeedbackStore(path: workspace.feedbackDatabase.path, clock: { Date(timeIntervalSince1970: 1_767_225_600) })
        let r1 = try await store.recordCandidateRequest(job: .id("j1"), modelVersion: "m1", indexVersion: "i1", rankingVersion: "retrieval", results: [
            ShownCandidate(cvID: "cv-1", rank: 1, biEncoderScore: 0.9), ShownCandidate(cvID: "cv-2", rank: 2, biEncoderScore: 0.62),
            ShownCandidate(cvID: "cv-3", rank: 3, biEncoderScore: 0.5)])
        try await store.recordCandidateEvent(requestID: r1, cvID: "cv-1", event: .contacted)
        try await store.recordCandidateEvent(requestID: r1, cvID: "cv-2", event: .like)
        let r2 = try await store.recordCandidateRequest(job: .text("a pasted posting"), modelVersion: "m1", indexVersion: "i1", rankingVersion: "retrieval",
                                                        results: [ShownCandidate(cvID: "cv-3", rank: 1, biEncoderScore: 0.8),
                                                                  ShownCandidate(cvID: "cv-4", rank: 2, biEncoderScore: 0.6)])
        try await store.recordCandidateEvent(requestID: r2, cvID: "cv-3", event: .hired)
        let s1 = try await store.recordRequest(cv: .id("cv-1"), modelVersion: "m1", indexVersion: "i1", results: [
            ShownResult(jobID: "j1", rank: 1, biEncoderScore: 0.7), ShownResult(jobID: "j2", rank: 2, biEncoderScore: 0.6)])
        try await store.recordEvent(requestID: s1, jobID: "j1", event: .like)
        let s2 = try await store.recordRequest(cv: .id("cv-2"), modelVersion: "m1", indexVersion: "i1", results: [ShownResult(jobID: "j1", rank: 1, biEncoderScore: 0.5)])
        try await store.recordEvent(requestID: s2, jobID: "j1", event: .applied)
        try await store.recordRequest(cv: .text("Pasted CV text", keepText: false), modelVersion: "m1", indexVersion: "i1",
                                      results: [ShownResult(jobID: "j3", rank: 1, biEncoderScore: 0.4)])
        try store.close()
        return workspace
    }

    static let groups = """
        cv_id,sex,race_ethnicity
        cv-1,Female,Asian
        cv-2,Male,White
        cv-3,Female,Other <b>&</b>
        cv-5,Male,White

        """

    static func json(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("bias-audit.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func metric(_ direction: [String: Any], _ name: String) throws -> [String: Any] {
        if name == "scoring" { return try #require(direction["scoring"] as? [String: Any]) }
        return try #require((direction["selection"] as? [[String: Any]])?.first { $0["name"] as? String == name }, "no \(name)")
    }

    static func row(_ metric: [String: Any], _ dimension: String, _ category: String) throws -> [String: Any] {
        let table = try #require((metric["tables"] as? [[String: Any]])?.first { $0["dimension"] as? String == dimension })
        return try #require((table["rows"] as? [[String: Any]])?.first { $0["category"] as? String == category }, "no \(category)")
    }

    @Test func writesTheReportFromTheStoreAndTheGroupsFile() async throws {
        let workspace = try await Self.workspace()
        let groups = TestPaths.file(Self.groups, name: "groups.csv")
        let out = workspace.root.appendingPathComponent("audit")
        let result = try await TestProcess.jobmatch(["audit", "groups", "--workspace", workspace.root.path, "--groups", groups, "--top", "2",
                                               "--replicates", "200", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recruiter: 2 requests, 6 CVs (4 scored), median score 0.6350"), "\(result.stdout)")

        let report = try Self.json(out)
        #expect(report["tool"] as? String == "jobmatch audit groups")
        let directions = try #require(report["directions"] as? [[String: Any]])
        let recruiter = try #require(directions.first { $0["name"] as? String == "recruiter" })
        // The pool cv-1 … cv-6 (cv-4 and cv-6 not listed); scored: cv-1 0.9, cv-2 0.62, cv-3 (0.5 + 0.8) / 2, cv-4 0.6.
        #expect(recruiter["cvs"] as? Int == 6 && recruiter["cvs_scored"] as? Int == 4)
        #expect(recruiter["listed_not_seen"] as? Int == 1 && recruiter["seen_not_listed"] as? Int == 1 && recruiter["requests"] as? Int == 2)
        let scoring = try Self.metric(recruiter, "scoring")
        #expect(scoring["median_score"] as? Double == (0.62 + 0.65) / 2 && scoring["selected"] as? Int == 2)
        #expect(try Self.row(scoring, "sex", "Female")["rate"] as? Double == 1, "cv-1 and cv-3 above 0.635")
        #expect(try Self.row(scoring, "sex", "Male")["count"] as? Int == 1, "cv-5 has no score")
        #expect(try Self.row(scoring, "sex", "Male")["impact_ratio"] as? Double == 0, "cv-2 below")
        // Shown in the top 2: cv-1, cv-2 (R1), cv-3, cv-4 (R2); cv-5 and cv-6 never.
        let shown = try Self.metric(recruiter, "shown_top_2")
        #expect(shown["count"] as? Int == 6 && shown["selected"] as? Int == 4)
        #expect(try Self.row(shown, "sex", "Female")["rate"] as? Double == 1 && Self.row(shown, "sex", "Female")["reference"] as? Bool == true)
        let sexTable = try #require((shown["tables"] as? [[String: Any]])?.first)
        #expect(sexTable["unknown"] as? Int == 2, "cv-4 and cv-6 are not in the groups file")
        #expect(try Self.row(shown, "sex", "Male")["rate"] as? Double == 0.5 && Self.row(shown, "sex", "Male")["impact_ratio"] as? Double == 0.5)
        let contacted = try Self.metric(recruiter, "contacted")
        #expect(try Self.row(contacted, "race_ethnicity", "Asian")["rate"] as? Double == 1 && contacted["selected"] as? Int == 1)
        #expect(try Self.row(Self.metric(recruiter, "hired"), "intersection", "Female × Other <b>&</b>")["reference"] as? Bool == true)

        let seeker = try #require(directions.first { $0["name"] as? String == "seeker" })
        #expect(seeker["cvs"] as? Int == 2 && seeker["requests"] as? Int == 2, "the pasted CV's request is not attributed")
        #expect(try Self.metric(seeker, "scoring")["median_score"] as? Double == (0.7 + 0.5) / 2)
        #expect(try Self.row(Self.metric(seeker, "applied"), "sex", "Male")["rate"] as? Double == 1)
        #expect((report["unattributable"] as? [String: Any])?["pasted_cv_requests"] as? Int == 1)
        let versions = try #require(report["versions"] as? [[String: Any]])
        #expect(versions.count == 2 && versions.allSatisfy { $0["model_version"] as? String == "m1" && $0["index_version"] as? String == "i1" })
        let limits = try #require(report["limits"] as? [String])
        #expect(!limits.contains { $0.contains("mixes") }, "one version per direction (recruiter's 'retrieval' and the seeker's unrecorded ranking are two directions, not a mix)")
        let period = try #require(report["period"] as? [String: Any])
        #expect(period["first_request"] as? String == "2026-01-01T00:00:00Z" && period["last_request"] as? String == "2026-01-01T00:00:00Z")

        let html = try String(contentsOf: out.appendingPathComponent("bias-audit.html"), encoding: .utf8)
        #expect(html.contains("Other &lt;b&gt;&amp;&lt;/b&gt;") && !html.contains("Other <b>"), "categories are escaped")
        #expect(html.contains("requests for jobs were made with a pasted CV"))
    }

    @Test func theIssuesSpellingAndThePeriod() async throws {
        let workspace = try await Self.workspace()
        let groups = TestPaths.file(Self.groups, name: "groups.csv")
        let result = try await TestProcess.jobmatch(["audit", "--groups", groups, "--workspace", workspace.root.path, "--replicates", "0", "--since", "2026-01-02"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(workspace.reports)
        let directions = try #require(report["directions"] as? [[String: Any]])
        #expect(directions.allSatisfy { $0["requests"] as? Int == 0 }, "every request was made before 2026-01-02")
        #expect((report["period"] as? [String: Any])?["since"] as? String == "2026-01-02")
        #expect(FileManager.default.fileExists(atPath: workspace.reports.appendingPathComponent("bias-audit.html").path))
    }

    @Test func aBadGroupsFileStopsTheAuditWithItsLine() async throws {
        let workspace = try await Self.workspace()
        let groups = TestPaths.file("cv_id,sex,race_ethnicity\ncv-1,Female,Asian\ncv-1,Male,White\n", name: "groups.csv")
        let result = try await TestProcess.jobmatch(["audit", "groups", "--groups", groups, "--workspace", workspace.root.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(groups):3: cv_id \"cv-1\" is listed again (first on line 2)\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.reports.appendingPathComponent("bias-audit.json").path), "no report from a bad file")
        let empty = Workspace(TestPaths.tempFolder().path)
        let none = try await TestProcess.jobmatch(["audit", "groups", "--workspace", empty.root.path])
        #expect(none.status == 1 && none.stderr.contains("no feedback database"), "\(none.stderr)")
        let bad = try await TestProcess.jobmatch(["audit", "groups", "--workspace", workspace.root.path, "--since", "yesterday"])
        #expect(bad.status != 0 && bad.stderr.contains("--since yesterday is not a date"), "\(bad.stderr)")
    }
}
