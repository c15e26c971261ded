import Foundation
import JobMatchCore
import Testing
import TestSupport

/// `jobmatch serve` as a user meets it before the matcher exists.
@Suite struct ServeCommandTests {
    @Test func refusesToStartWithoutAnIndex() throws {
        let workspace = Workspace(TestPaths.tempFolder().path)
        let result = try TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(workspace.jobsIndex.path): no index; build the pipeline through `jobmatch index` first\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.feedbackDatabase.path), "a refused start must not create the database")

        try workspace.create(workspace.index)
        FileManager.default.createFile(atPath: workspace.jobsIndex.path, contents: Data())
        let noMatcher = try TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(noMatcher.status == 1)
        #expect(noMatcher.stderr == "error: \(workspace.jobsIndex.path): this build has no matcher to serve it yet (the Matching module is not merged)\n")
    }

    @Test(arguments: [["--port", "70000"], ["--token", ""], ["--token", "a b"], ["--max-body-bytes", "10"]])
    func badOptionsAreUsageErrors(_ options: [String]) throws {
        let result = try TestProcess.jobmatch(["serve", "--workspace", TestPaths.tempFolder().path] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error:") && !result.stderr.contains("Fatal error"))
    }

    @Test(arguments: [["serve"], ["feedback"], ["feedback", "stats"], ["feedback", "export"]])
    func helpIsThere(_ path: [String]) throws {
        let result = try TestProcess.jobmatch(path + ["--help"])
        #expect(result.status == 0 && result.stdout.contains("OVERVIEW:") && result.stdout.contains("USAGE:"))
    }
}
