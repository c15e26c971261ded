import Alerts
import Feedback
import Foundation
import JobMatchCore
import Matching
import Tables
import Training
import TestSupport
import Testing

/// The web page in a real browser: headless Chromium (Debian's `chromium`, installed by
/// scripts/setup.sh) driven over the DevTools protocol by scripts/browser/drive_page.py, against
/// `jobmatch serve` on a generated workspace (tiny random BERT, 200 jobs). The driver uploads a
/// .txt CV, pastes it, submits, clicks Like on the first result and checks the row with Python's
/// sqlite3; this test checks it again through the store. Then it chooses a two-column PDF (sent as
/// `cv_file`) and a scan (refused with its reason). No Chromium is a failure, not a skip.
///
/// Screenshots (phone and desktop width): `.build/test-artifacts/web-page-phone.png` and
/// `web-page-desktop.png` (or under `$JOBMATCH_SCREENSHOT_DIR`).
@Suite struct WebPageBrowserTests {
    static var screenshots: String {
        ProcessInfo.processInfo.environment["JOBMATCH_SCREENSHOT_DIR"]
            ?? CLI.packageRoot.appendingPathComponent(".build/test-artifacts").path
    }

    /// The CV files Documents' tests made.
    static let documents = CLI.packageRoot.appendingPathComponent("Tests/DocumentsTests/Fixtures")

    @Test func aUserPastesACVSubmitsAndLikesTheFirstJob() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let pipeline = try await CLI.run(["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--base-model", "tiny", "--until", "index"])
        try #require(pipeline.status == 0, "\(pipeline.err)")

        let server = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0"])
        defer { server.signal(SIGTERM) }
        server.read { $0.contains { $0.hasPrefix("listening on ") } }
        let line = try #require(server.lines.first { $0.hasPrefix("listening on ") }, "the server did not start: \(server.lines)")
        let url = String(line.dropFirst("listening on ".count)) + "/"

        let cv = TestPaths.file("""
            Dana Okafor
            Registered Nurse, 7 years in ICU and med/surg units.
            Skills: patient care, medication administration, basic life support, infection control, Epic EHR, wound care.
            Education: BSN, Nursing.
            """, name: "cv.txt")
        let drive = try await TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_page.py").path,
            "--url", url, "--database", "\(ws)/feedback.sqlite", "--cv", cv, "--screenshots", Self.screenshots, "--keep-text",
            "--document", Self.documents.appendingPathComponent("cv_two_column.pdf").path,
            "--scan", Self.documents.appendingPathComponent("scan.pdf").path,
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable {
            let request_id: String; let job_id: String; let results: Int; let shown_in_database: Int; let status: String
            let document_results: Int?; let document_matched_skills: [String]?; let scan_status: String?; let skills_text: String
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        #expect(report.results == 20 && report.shown_in_database == 20)
        // The generated postings name their skills: the card lists them (the note for postings
        // without skills is aPostingWithoutSkillsSaysSo's).
        #expect(report.skills_text.contains("Your skills it asks for") && !report.skills_text.contains("names no skills"), "\(report.skills_text)")
        // A two-column PDF chosen in the page is sent as cv_file and matched; a scan is refused with its reason.
        #expect(report.document_results == 20, "\(drive.stdout)")
        #expect(report.scan_status == "Could not match: cv_file: no text in this PDF — is it a scan?", "\(drive.stdout)")
        // The page says how the list is ordered: the order the rerank stage recorded.
        let recorded = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/models/reranker/ranking.json"))) as? [String: Any])
        let words = ["retrieval": "Ordered by similarity.", "rerank": "Ordered by the reranker.", "fused": "Ordered by similarity and the reranker together.",
                     "hybrid": "Ordered by similarity and shared words together."]
        #expect(report.status.contains(words[recorded["ranking"] as? String ?? ""] ?? "?"), "\(report.status)")

        let store = try FeedbackStore(path: "\(ws)/feedback.sqlite")
        let events = try await store.events()
        #expect(events.count == 1)
        #expect(events.first?.requestID == report.request_id && events.first?.jobID == report.job_id && events.first?.event == .like)
        for name in ["web-page-phone.png", "web-page-desktop.png"] {
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(Self.screenshots)/\(name)"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(name)")
        }

        // The box was ticked: the text the matcher read is kept, so the like becomes a training
        // pair whose anchor is that text, and retrain trains on it.
        let request = try #require(try await store.requests().first)
        let kept = try #require(request.cvText, "the consented text is stored")
        #expect(kept.contains("Registered Nurse, 7 years in ICU"))
        let export = try await CLI.run(["feedback", "export", "--workspace", ws])
        #expect(export.status == 0 && export.out.contains("1 positive pairs"), "\(export.out) \(export.err)")
        let pairs = try PairsFile.read(URL(fileURLWithPath: "\(ws)/tables/feedback_pairs.parquet"))
        #expect(pairs.count == 1 && pairs.first?.anchor == kept && pairs.first?.jobID == report.job_id)
        let query = try CVQueryBuilder().query(text: try String(contentsOfFile: cv, encoding: .utf8))
        #expect(kept == query.embeddingText, "the anchor is what match encodes for this CV")
        let retrain = try await CLI.run(["retrain", "--workspace", ws, "--steps", "2", "--batch-size", "4", "--train-seq-length", "32", "--json"])
        #expect(retrain.status == 0, "\(retrain.err)")
        struct Decision: Decodable { let feedback_pairs: Int; let feedback_held_out: Int }
        let d = try JSONDecoder().decode(Decision.self, from: Data(retrain.out.utf8))
        #expect(d.feedback_pairs == 1 && d.feedback_held_out == 0, "\(retrain.out)")
    }

    /// A posting that names no skills (most real LinkedIn postings carry a title only; here the
    /// fixed matcher's jobs): the card says so, where it used to say "none found in your CV" and
    /// "none: you have every skill listed" — the second untrue.
    @Test func aPostingWithoutSkillsSaysSo() async throws {
        let database = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
        let (server, port) = try ServeFaultTests.start(database: database)
        defer { server.signal(SIGKILL) }
        let cv = TestPaths.file("Registered nurse, seven years in ICU. Skills: triage, wound care.\n", name: "cv.txt")
        let shots = Self.screenshots + "/no-skills"
        let drive = try await TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_page.py").path,
            "--url", "http://127.0.0.1:\(port)/", "--database", database, "--cv", cv, "--screenshots", shots, "--unordered",
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable { let results: Int; let skills_text: String }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        #expect(report.results == 10)
        #expect(report.skills_text == "This posting names no skills we recognise: it was ranked on its text alone.", "\(report.skills_text)")
    }

    /// The security headers as Chromium receives and obeys them (scripts/browser/drive_headers.py),
    /// against `jobmatch serve-torture` — the same server, pages and middleware over a fixed
    /// matcher, so no model is needed. Every page response (`/`, `/recruit`, their scripts and
    /// style) carries the policy with `frame-ancestors 'none'`, `nosniff` and `Referrer-Policy`;
    /// JSON answers and errors fetched by the page say `nosniff`; Chromium refuses to run JSON as
    /// a script; and a page on another origin that frames the app gets an error page in its
    /// place, while the same page frames `/health` (no policy) fine.
    @Test func chromiumObeysTheSecurityHeaders() async throws {
        let (server, port) = try ServeFaultTests.start(database: TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path)
        defer { server.signal(SIGKILL) }
        let app = "http://127.0.0.1:\(port)/"
        let drive = try await TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_headers.py").path, "--url", app,
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable {
            struct Headers: Decodable {
                let csp: String?; let nosniff: String?; let referrer: String?
                enum CodingKeys: String, CodingKey {
                    case csp = "content-security-policy", nosniff = "x-content-type-options", referrer = "referrer-policy"
                }
            }
            struct Answer: Decodable { let status: Int; let nosniff: String? }
            struct Frame: Decodable { let url: String; let unreachable_url: String? }
            let pages: [String: Headers]; let api: [String: Answer]; let json_as_script: String
            let framed_app: Frame; let framed_health: String
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        #expect(Set(report.pages.keys).isSuperset(of: ["/", "/app.css", "/app.js", "/recruit", "/recruit.js"]), "\(report.pages.keys)")
        for (path, headers) in report.pages {
            #expect(headers.csp?.contains("frame-ancestors 'none'") == true && headers.nosniff == "nosniff" && headers.referrer == "no-referrer", "\(path)")
        }
        #expect(report.api.mapValues(\.status) == ["health": 200, "broken body": 400, "unknown route": 404])
        #expect(report.api.values.allSatisfy { $0.nosniff == "nosniff" })
        #expect(report.json_as_script == "refused")
        #expect(report.framed_app.unreachable_url == app && report.framed_app.url.hasPrefix("chrome-error:"), "\(report.framed_app)")
        #expect(report.framed_health == app + "health")
    }

    /// The recruiter's page in Chromium (scripts/browser/drive_recruiter.py): a job id in, the CVs
    /// open to recruiters out; "Contacted" on the first is stored and becomes a training pair.
    @Test func aRecruiterFindsCandidatesForAJobAndMarksOneContacted() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let pipeline = try await CLI.run(["pipeline", "--workspace", ws, "--jobs", "120", "--cvs", "30", "--base-model", "tiny", "--no-train"])
        try #require(pipeline.status == 0, "\(pipeline.err)")
        let job = try #require(try JobsTable.read(URL(fileURLWithPath: "\(ws)/tables/jobs.parquet"), columns: [.jobID]).first?.jobID)

        let server = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0"])
        defer { server.signal(SIGTERM) }
        server.read { $0.contains { $0.hasPrefix("listening on ") } }
        let line = try #require(server.lines.first { $0.hasPrefix("listening on ") }, "the server did not start: \(server.lines)")
        let drive = try await TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_recruiter.py").path,
            "--url", String(line.dropFirst("listening on ".count)) + "/recruit", "--database", "\(ws)/feedback.sqlite",
            "--job-id", job, "--screenshots", Self.screenshots,
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable { let cv_ids: [String]; let shown_in_database: Int }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        let open = try CVsTable.read(URL(fileURLWithPath: "\(ws)/tables/cvs.parquet"), columns: [.cvID, .openToRecruiters]).filter(\.openToRecruiters)
        #expect(report.cv_ids.count == min(20, open.count) && Set(report.cv_ids).isSubset(of: Set(open.map(\.cvID))))
        #expect(report.shown_in_database == report.cv_ids.count)

        let store = try FeedbackStore(path: "\(ws)/feedback.sqlite")
        let events = try await store.candidateEvents()
        #expect(events.map { "\($0.jobID ?? "-") \($0.cvID) \($0.event.rawValue)" } == ["\(job) \(report.cv_ids[0]) contacted"])
        let export = try await CLI.run(["feedback", "export", "--workspace", ws])
        #expect(export.status == 0 && export.out.contains("1 positive pairs"), "\(export.out) \(export.err)")
        let pairs = try PairsFile.read(URL(fileURLWithPath: "\(ws)/tables/feedback_pairs.parquet"))
        #expect(pairs.map(\.cvID) == [report.cv_ids[0]] && pairs.map(\.jobID) == [job])
        for name in ["recruiter-page-phone.png", "recruiter-page-desktop.png"] {
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(Self.screenshots)/\(name)"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(name)")
        }
    }

    /// The alerts box: three visits in one browser profile, `watch` writing new alerts between the
    /// first and the second; each visit marks as new exactly the alerts since the one before (seen red
    /// with the page not remembering the newest alert it showed).
    @Test func theAlertsBoxMarksWhatIsNewSinceTheLastVisit() async throws {
        let (ws, batches) = try await WatchCommandTests.workspace(batches: 2, jobs: 15)
        try FileManager.default.copyItem(atPath: MatchCommandTests.tinyBERT, toPath: "\(ws)/models/tiny-bert")
        #expect(try await CLI.run(["alerts", "add", "--workspace", ws, "--cv-id", "cv-000004", "--min-score=-1"]).status == 0)
        try await WatchCommandTests.ingest(batches[0], into: ws)
        #expect(try await CLI.run(["watch", "--workspace", ws, "--once", "--from-beginning"]).status == 0)
        let first = try AlertLog.read(Workspace(ws).alertsLog).count
        #expect(first > 0)

        let server = try TestProcess.Child(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--port", "0"])
        defer { server.signal(SIGTERM) }
        server.read { $0.contains { $0.hasPrefix("listening on ") } }
        let line = try #require(server.lines.first { $0.hasPrefix("listening on ") }, "the server did not start: \(server.lines)")
        let binary = TestPaths.jobmatchBinary
        let then = "rm -rf '\(ws)/raw' && cp -r '\(batches[1])' '\(ws)/raw' && '\(binary)' ingest --workspace '\(ws)' --force"
            + " && '\(binary)' watch --workspace '\(ws)' --once"
        let drive = try await TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_alerts.py").path,
            "--url", String(line.dropFirst("listening on ".count)) + "/", "--cv-id", "cv-000004", "--then", then,
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable { struct Visit: Decodable { let shown: Int; let new: Int; let status: String }; let visits: [Visit] }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        let total = try AlertLog.read(Workspace(ws).alertsLog).count
        #expect(total > first)
        #expect(report.visits.map(\.shown) == [first, total, total])
        #expect(report.visits.map(\.new) == [first, total - first, 0], "\(report.visits.map(\.status))")
        #expect(report.visits[2].status.hasPrefix("0 new since your last visit"))
    }
}
