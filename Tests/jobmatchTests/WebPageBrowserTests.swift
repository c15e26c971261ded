import Feedback
import Foundation
import TestSupport
import Testing

/// The web page in a real browser: headless Chromium (Debian's `chromium`, installed by
/// scripts/setup.sh) driven over the DevTools protocol by scripts/browser/drive_page.py, against
/// `jobmatch serve` on a generated workspace (tiny random BERT, 200 jobs). The driver uploads a
/// .txt CV, pastes it, submits, clicks Like on the first result and checks the row with Python's
/// sqlite3; this test checks it again through the store. No Chromium is a failure, not a skip.
///
/// Screenshots (phone and desktop width): `.build/test-artifacts/web-page-phone.png` and
/// `web-page-desktop.png` (or under `$JOBMATCH_SCREENSHOT_DIR`).
@Suite struct WebPageBrowserTests {
    static var screenshots: String {
        ProcessInfo.processInfo.environment["JOBMATCH_SCREENSHOT_DIR"]
            ?? CLI.packageRoot.appendingPathComponent(".build/test-artifacts").path
    }

    @Test func aUserPastesACVSubmitsAndLikesTheFirstJob() async throws {
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let pipeline = try CLI.run(["pipeline", "--workspace", ws, "--jobs", "200", "--cvs", "12", "--base-model", "tiny", "--until", "index"])
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
        let drive = try TestProcess.run(TestPaths.python, [
            CLI.packageRoot.appendingPathComponent("scripts/browser/drive_page.py").path,
            "--url", url, "--database", "\(ws)/feedback.sqlite", "--cv", cv, "--screenshots", Self.screenshots,
        ])
        try #require(drive.status == 0, "the browser run failed: \(drive.output)")
        struct Report: Decodable { let request_id: String; let job_id: String; let results: Int; let shown_in_database: Int }
        let report = try JSONDecoder().decode(Report.self, from: Data(try #require(drive.stdout.split(separator: "\n").last).utf8))
        #expect(report.results == 20 && report.shown_in_database == 20)

        let store = try FeedbackStore(path: "\(ws)/feedback.sqlite")
        let events = try await store.events()
        #expect(events.count == 1)
        #expect(events.first?.requestID == report.request_id && events.first?.jobID == report.job_id && events.first?.event == .like)
        for name in ["web-page-phone.png", "web-page-desktop.png"] {
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(Self.screenshots)/\(name)"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(name)")
        }
    }
}
