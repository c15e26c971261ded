import Foundation
import Testing
import TestSupport
@testable import JobMatchCore

/// DurableFile and DurableFileSet under a simulated power loss (CrashSimulatingFileSystem keeps
/// only what was fsynced: file bytes as of their sync, folder entries as of the folder's sync).
@Suite struct DurableFileTests {
    @Test func commitSyncsTheFileThenRenamesThenSyncsTheFolder() throws {
        let folder = TestPaths.tempFolder()
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) {
            try DurableFile.write(Data("new".utf8), to: folder.appendingPathComponent("a.json"))
        }
        #expect(disk.operations == ["sync a.json.partial", "rename a.json.partial a.json", "sync ."])
    }

    @Test func aWrittenFileSurvivesPowerLoss() throws {
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("a.json")
        try Data("old".utf8).write(to: url)
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) { try DurableFile.write(Data("new".utf8), to: url) }
        try disk.powerLoss()
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self) == "new")
    }

    /// The simulator itself: a file written without fsync comes back empty or not at all.
    @Test func theSimulatorDropsWhatWasNotSynced() throws {
        let folder = TestPaths.tempFolder()
        let disk = CrashSimulatingFileSystem(root: folder)
        try Data("unsynced".utf8).write(to: folder.appendingPathComponent("b"))
        try disk.powerLoss()
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b").path))
    }

    @Test func newFoldersAreSyncedInTheirParents() throws {
        let folder = TestPaths.tempFolder()
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) {
            try DurableFile.createFolder(folder.appendingPathComponent("x/y"))
            try DurableFile.write(Data("1".utf8), to: folder.appendingPathComponent("x/y/f"))
        }
        try disk.powerLoss()
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("x/y/f").path) == Data("1".utf8))
    }

    /// A set switch interrupted after its journal (the switch point) is finished by `settle`:
    /// both files come from the new run, never one old and one new.
    @Test(arguments: [0, 1])
    func aSetIsReplacedTogetherWhateverRenameTheCrashHits(renamesBeforeCrash: Int) throws {
        let folder = TestPaths.tempFolder()
        let a = folder.appendingPathComponent("jobs.parquet"), b = folder.appendingPathComponent("cvs.parquet")
        try Data("old-a".utf8).write(to: a)
        try Data("old-b".utf8).write(to: b)
        let disk = CrashSimulatingFileSystem(root: folder)
        let crashing = CrashAfterRenames(disk, renames: renamesBeforeCrash)
        try DurableFile.$fileSystem.withValue(crashing) {
            try DurableFile.write(Data("new-a".utf8), to: DurableFileSet.staged(for: a))
            try DurableFile.write(Data("new-b".utf8), to: DurableFileSet.staged(for: b))
            #expect(throws: (any Error).self) {
                try DurableFileSet.replace([(DurableFileSet.staged(for: a), a), (DurableFileSet.staged(for: b), b)])
            }
        }
        try disk.powerLoss()
        try DurableFileSet.settle(folder: folder)
        #expect(String(decoding: try Data(contentsOf: a), as: UTF8.self) == "new-a")
        #expect(String(decoding: try Data(contentsOf: b), as: UTF8.self) == "new-b")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(DurableFileSet.journalName).path))
    }

    /// Before the journal is durable the old set stays, whole.
    @Test func aCrashBeforeTheJournalKeepsTheOldSet() throws {
        let folder = TestPaths.tempFolder()
        let a = folder.appendingPathComponent("jobs.parquet"), b = folder.appendingPathComponent("cvs.parquet")
        try Data("old-a".utf8).write(to: a)
        try Data("old-b".utf8).write(to: b)
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) {
            try DurableFile.write(Data("new-a".utf8), to: DurableFileSet.staged(for: a))
        }
        try disk.powerLoss()
        try DurableFileSet.settle(folder: folder)
        #expect(String(decoding: try Data(contentsOf: a), as: UTF8.self) == "old-a")
        #expect(String(decoding: try Data(contentsOf: b), as: UTF8.self) == "old-b")
    }

    @Test func aBrokenJournalIsAOneLineErrorNamingIt() throws {
        let folder = TestPaths.tempFolder()
        try Data("[{\"from\": \"../x\", \"to\": \"y\"}]".utf8).write(to: folder.appendingPathComponent(DurableFileSet.journalName))
        #expect { try DurableFileSet.settle(folder: folder) } throws: { error in
            "\(error)".contains(DurableFileSet.journalName) && !"\(error)".contains("\n")
        }
    }
}

/// Passes calls to `inner` and fails every rename after the first `renames` of a file-set
/// switch (the renames of staged `.partial` files still go through), as a crash would.
final class CrashAfterRenames: DurableFileSystem, @unchecked Sendable {
    let inner: CrashSimulatingFileSystem
    var left: Int
    init(_ inner: CrashSimulatingFileSystem, renames: Int) { self.inner = inner; left = renames }
    func sync(_ path: String) throws { try inner.sync(path) }
    func sync(descriptor: Int32, path: String, dataOnly: Bool) -> Int32 { inner.sync(descriptor: descriptor, path: path, dataOnly: dataOnly) }
    func rename(_ from: String, _ to: String) throws {
        if from.hasSuffix(".next") {
            guard left > 0 else { throw JobMatchError.io(path: to, reason: "simulated crash") }
            left -= 1
        }
        try inner.rename(from, to)
    }
}
