import Foundation
import JobMatchCore
import TestSupport
import Testing
@testable import Alerts

@Suite struct StandingSearchStoreTests {
    @Test func addReplaceListAndRemove() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        let store = StandingSearchStore(workspace: ws)
        #expect(try store.list().isEmpty)
        try store.add(StandingSearch(cvID: "cv-2", minScore: 0.5, consent: true, consentedAt: "t"))
        try store.add(StandingSearch(cvID: "cv-1", minScore: 0.3, consent: true, consentedAt: "t"))
        try store.add(StandingSearch(cvID: "cv-2", minScore: 0.7, consent: true, consentedAt: "t2"))
        #expect(try store.list().map(\.cvID) == ["cv-1", "cv-2"])
        #expect(try store.list().last?.minScore == 0.7)
        try store.remove(cvID: "cv-1")
        #expect(try store.list().map(\.cvID) == ["cv-2"])
        #expect(throws: AlertsError.self) { try store.remove(cvID: "cv-1") }
    }

    @Test func noConsentNoSearch() throws {
        let store = StandingSearchStore(workspace: Workspace(TestPaths.tempFolder().path))
        #expect(throws: AlertsError(.invalidArgument, "a standing search needs the person's consent")) {
            try store.add(StandingSearch(cvID: "cv-1", minScore: 0.5, consent: false, consentedAt: "t"))
        }
        #expect(throws: AlertsError.self) { try store.add(StandingSearch(cvID: "cv-1", minScore: .nan, consent: true, consentedAt: "t")) }
        #expect(try store.list().isEmpty)
    }

    @Test func aDamagedFileIsAOneLineErrorNamingIt() throws {
        let ws = Workspace(TestPaths.tempFolder().path)
        try FileManager.default.createDirectory(at: ws.alerts, withIntermediateDirectories: true)
        try Data("{\"searches\": 3}".utf8).write(to: ws.standingSearches)
        #expect { try StandingSearchStore(workspace: ws).list() } throws: { error in
            "\(error)".hasPrefix(ws.standingSearches.path) && !"\(error)".contains("\n")
        }
    }
}
