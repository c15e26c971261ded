import Foundation
import JobMatchCore
import TestSupport
import Testing
@testable import jobmatch

/// `jobmatch embed --output x.jsonl` replaces the old file through DurableFile: after `finish`
/// a power loss leaves the whole new file (before, the old file was deleted first and nothing
/// was fsynced, so a power cut could leave the old one, none, or an empty one).
@Suite struct EmbeddingWriterDurabilityTests {
    @Test func aFinishedJSONLFileSurvivesPowerLoss() throws {
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("e.jsonl")
        try Data("{\"id\":\"old\",\"embedding\":[0]}\n".utf8).write(to: url)
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) {
            var writer = try JSONLEmbeddingWriter(url: url)
            try writer.write(id: "new", embedding: [1, 2])
            try writer.finish()
        }
        try disk.powerLoss()
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self) == "{\"id\":\"new\",\"embedding\":[1.0,2.0]}\n")
        #expect(disk.operations == ["sync e.jsonl.partial", "rename e.jsonl.partial e.jsonl", "sync ."])
    }
}
