import Foundation
import TestSupport
import Testing
@testable import Alerts

@Suite struct JSONLinesFileTests {
    @Test func aTornLastLineIsCutOffOnOpeningAndTheNextAppendStartsClean() throws {
        let url = TestPaths.tempFolder().appendingPathComponent("a.jsonl")
        do {
            let file = try JSONLinesFile(url: url)
            try file.append([Data("{\"a\":1}".utf8), Data("{\"a\":2}".utf8)])
        }
        // A kill inside the next append leaves half a line.
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data("{\"a\":3".utf8))
        try handle.close()
        #expect(try JSONLinesFile.lines(url).count == 2)
        let reopened = try JSONLinesFile(url: url)
        try reopened.append([Data("{\"a\":4}".utf8)])
        #expect(try JSONLinesFile.lines(url).map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"a\":2}", "{\"a\":4}"])
    }

    @Test func alertsAndSegmentEntriesReadBackAndABadLineIsNamed() throws {
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("alerts.jsonl")
        let alert = Alert(cvID: "cv-1", jobID: "j-1", jobVersion: "v1", title: "Nurse", company: nil, url: nil, score: 0.61,
                          matchedSkills: [], missingSkills: [], time: "2026-01-01T00:00:00Z")
        try JSONLinesFile(url: url).append([try JSONEncoder().encode(alert), try JSONEncoder().encode(alert)])
        #expect(try AlertLog.read(url) == [alert, alert])
        #expect(try AlertLog.read(url, cvID: "cv-2").isEmpty)
        try JSONLinesFile(url: url).append([Data("{}".utf8)])
        #expect(throws: AlertsError(.badFile, path: url.path, "line 3 is not an alert")) { try AlertLog.read(url) }
    }
}
