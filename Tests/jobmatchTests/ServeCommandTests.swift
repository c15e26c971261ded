import Foundation
import JobMatchCore
import Testing
import TestSupport

/// `jobmatch serve` refusing to start on a workspace it cannot serve.
@Suite struct ServeCommandTests {
    @Test func refusesToStartWithoutAnIndex() throws {
        let workspace = Workspace(TestPaths.tempFolder().path)
        let result = try TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(workspace.jobsIndex.path): no index; build it with `jobmatch pipeline` or `jobmatch index` first\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.feedbackDatabase.path), "a refused start must not create the database")

        try workspace.create(workspace.index)
        FileManager.default.createFile(atPath: workspace.jobsIndex.path, contents: Data())
        // An index without its side file (not built by `jobmatch index`): one line naming the file.
        let noInfo = try TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(noInfo.status == 1)
        #expect(noInfo.stderr.hasPrefix("error: \(workspace.jobsIndex.path).json: index side file not found"), "\(noInfo.stderr)")
        #expect(noInfo.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["--port", "70000"], ["--token", ""], ["--token", "a b"], ["--max-body-bytes", "10"]])
    func badOptionsAreUsageErrors(_ options: [String]) throws {
        let result = try TestProcess.jobmatch(["serve", "--workspace", TestPaths.tempFolder().path] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error:") && !result.stderr.contains("Fatal error"))
    }

    /// `serve` and `feedback` are the sibling `jobmatch-server` binary's; without it, one line says
    /// how to build it (a copy of `jobmatch` alone in a folder has no sibling).
    @Test(arguments: ["serve", "feedback"])
    func missingServerBinaryIsExplained(_ command: String) throws {
        let folder = TestPaths.tempFolder()
        let lonely = folder.appendingPathComponent("jobmatch").path
        try FileManager.default.copyItem(atPath: TestPaths.jobmatchBinary, toPath: lonely)
        let result = try TestProcess.run(lonely, [command, "--help"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            error: \(folder.appendingPathComponent("jobmatch-server").path): No such file or directory; `jobmatch \(command)` \
            runs the separate jobmatch-server binary. Build it with `swift build -c release --product jobmatch-server` (or `make serve`).

            """)
    }

    @Test(arguments: [["serve"], ["feedback"], ["feedback", "stats"], ["feedback", "export"]])
    func helpIsThere(_ path: [String]) throws {
        let result = try TestProcess.jobmatch(path + ["--help"])
        #expect(result.status == 0 && result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("USAGE: jobmatch \(path.joined(separator: " ")) "), "the server binary speaks as jobmatch: \(result.stdout)")
    }
}
