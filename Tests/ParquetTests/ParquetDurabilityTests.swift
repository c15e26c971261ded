import Foundation
import JobMatchCore
import Testing
import TestSupport
@testable import Parquet

/// The writer goes through DurableFile: the finished file survives a simulated power loss, and
/// a reader finishes an interrupted table-set switch before it opens a file.
@Suite struct ParquetDurabilityTests {
    static let schema = ParquetSchema([.column("id", .string, nullable: false)])

    static func write(_ ids: [String], to url: URL) throws {
        let writer = try ParquetWriter(url: url, schema: schema)
        try writer.write([.strings(ids)])
        try writer.close()
    }

    static func ids(_ url: URL) throws -> [String?] {
        try ParquetReader(url: url).readRowGroup(0, columns: ["id"])["id"]!.strings()
    }

    @Test func aClosedFileSurvivesPowerLoss() throws {
        let folder = TestPaths.tempFolder()
        let url = folder.appendingPathComponent("t.parquet")
        let disk = CrashSimulatingFileSystem(root: folder)
        try DurableFile.$fileSystem.withValue(disk) { try Self.write(["a", "b"], to: url) }
        #expect(disk.operations == ["sync t.parquet.partial", "rename t.parquet.partial t.parquet", "sync ."])
        try disk.powerLoss()
        #expect(try Self.ids(url) == ["a", "b"])
    }

    @Test func aReaderFinishesAnInterruptedSwitchSoBothTablesAreNew() throws {
        let folder = TestPaths.tempFolder()
        let jobs = folder.appendingPathComponent("jobs.parquet"), cvs = folder.appendingPathComponent("cvs.parquet")
        try Self.write(["old"], to: jobs)
        try Self.write(["old"], to: cvs)
        try Self.write(["new"], to: DurableFileSet.staged(for: jobs))
        try Self.write(["new"], to: DurableFileSet.staged(for: cvs))
        // The journal is durable (the switch point), no rename has happened: a crash here.
        try DurableFile.write(try JSONSerialization.data(withJSONObject: [
            ["from": "jobs.parquet.next", "to": "jobs.parquet"], ["from": "cvs.parquet.next", "to": "cvs.parquet"],
        ]), to: folder.appendingPathComponent(DurableFileSet.journalName))
        #expect(try Self.ids(cvs) == ["new"])
        #expect(try Self.ids(jobs) == ["new"])
    }
}
