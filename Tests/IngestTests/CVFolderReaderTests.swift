import EventLog
import Foundation
import Ingest
import JobMatchCore
import TestSupport
import Testing

/// A folder of CVs as sent (raw/cv_files/): one CV per good file, id = file name stem; a scan or a
/// damaged file is a reject naming the file, and the others still go through.
@Suite struct CVFolderReaderTests {
    /// The CV files Documents' tests made (Tests/DocumentsTests/Fixtures).
    static let documents = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DocumentsTests/Fixtures")

    static func workspace() throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        try ws.create(ws.cvFiles)
        for name in ["cv_two_column.pdf", "cv_table.docx", "scan.pdf", "bad_crc.docx"] {
            try FileManager.default.copyItem(at: documents.appendingPathComponent(name), to: ws.cvFiles.appendingPathComponent(name))
        }
        try Data("Nurse with ICU experience and Python scripting.\n".utf8).write(to: ws.cvFiles.appendingPathComponent("notes.txt"))
        try Data().write(to: ws.cvFiles.appendingPathComponent(".DS_Store"))
        return ws
    }

    @Test func goodFilesAreCVsBadOnesRejectsWithFileAndReason() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: ws.root) }
        let rejects = RejectLog(file: nil)
        let reader = CVFolderReader(folder: ws.cvFiles, rejects: rejects)
        var cvs: [Resume] = []
        while let cv = reader.next() { cvs.append(cv) }
        #expect(cvs.map(\.id) == ["cv_table", "cv_two_column", "notes"])
        #expect(cvs[1].text.hasPrefix("SKILLS\nPython\nSQL"))
        #expect(cvs[0].text.contains("Docker | 5"))
        #expect(rejects.count == 2)
        #expect(rejects.first.map { URL(fileURLWithPath: $0.source).lastPathComponent } == ["bad_crc.docx", "scan.pdf"])
        #expect(rejects.first.last?.reason == "no text in this PDF — is it a scan?")
        #expect(rejects.first.first?.reason.contains("CRC-32") == true)
    }

    /// Ingest publishes the folder's CVs to the cvs topic beside the other sources.
    @Test func ingestPublishesTheFolder() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: ws.root) }
        let rejects = RejectLog(file: nil)
        let log = try EmbeddedLog(directory: ws.log.path)
        let report = try SourceProducer(log: log, rejects: rejects).publish(workspace: ws)
        #expect(report.counts[.cv] == 3)
        #expect(rejects.count == 2)
        #expect(IngestRun.fingerprint(of: ws, partitions: 3).contains("cv_files/cv_two_column.pdf:"))
    }
}
