import Foundation
import JobMatchCore
import Testing
import TestSupport

/// `jobmatch serve` refusing to start on a workspace it cannot serve.
@Suite struct ServeCommandTests {
    @Test func refusesToStartWithoutAnIndex() async throws {
        let workspace = Workspace(TestPaths.tempFolder().path)
        let result = try await TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(workspace.jobsIndex.path): no index; build it with `jobmatch pipeline` or `jobmatch index` first\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.feedbackDatabase.path), "a refused start must not create the database")

        try workspace.create(workspace.index)
        FileManager.default.createFile(atPath: workspace.jobsIndex.path, contents: Data())
        // An index without its side file (not built by `jobmatch index`): one line naming the file.
        let noInfo = try await TestProcess.jobmatch(["serve", "--workspace", workspace.root.path, "--port", "0"])
        #expect(noInfo.status == 1)
        #expect(noInfo.stderr.hasPrefix("error: \(workspace.jobsIndex.path).json: index side file not found"), "\(noInfo.stderr)")
        #expect(noInfo.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["--port", "70000"], ["--token", ""], ["--token", "a b"], ["--max-body-bytes", "10"],
                      ["--rate-limit=-1"], ["--rate-limit", "nan"], ["--rate-burst", "0"]])
    func badOptionsAreUsageErrors(_ options: [String]) async throws {
        let result = try await TestProcess.jobmatch(["serve", "--workspace", TestPaths.tempFolder().path] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error:") && !result.stderr.contains("Fatal error"))
    }

    /// Off loopback a token is required: anyone who can reach the port could otherwise post and read.
    @Test func aPublicAddressNeedsAToken() async throws {
        let ws = TestPaths.tempFolder().path
        for host in ["0.0.0.0", "::", "192.168.1.4"] {
            let r = try await TestProcess.jobmatch(["serve", "--workspace", ws, "--host", host, "--port", "0"])
            #expect(r.status == 64 && r.stderr.contains("--host \(host) is reachable from other machines") && r.stderr.contains("--token"), "\(r.stderr)")
        }
        // With a token (option or JOBMATCH_TOKEN) it gets past the check to the workspace's index.
        let withToken = try await TestProcess.jobmatch(["serve", "--workspace", ws, "--host", "0.0.0.0", "--port", "0", "--token", "s3cret"])
        #expect(withToken.status == 1 && withToken.stderr.contains("no index"), "\(withToken.stderr)")
        let fromEnvironment = try await TestProcess.run(TestPaths.jobmatchBinary, ["serve", "--workspace", ws, "--host", "0.0.0.0", "--port", "0"],
                                                  environment: ["JOBMATCH_TOKEN": "s3cret"])
        #expect(fromEnvironment.status == 1 && fromEnvironment.stderr.contains("no index"), "\(fromEnvironment.stderr)")
    }

    /// `serve` and `feedback` are the sibling `jobmatch-server` binary's; without it, one line says
    /// how to build it (a copy of `jobmatch` alone in a folder has no sibling).
    @Test(arguments: ["serve", "feedback"])
    func missingServerBinaryIsExplained(_ command: String) async throws {
        let folder = TestPaths.tempFolder()
        let lonely = folder.appendingPathComponent("jobmatch").path
        try FileManager.default.copyItem(atPath: TestPaths.jobmatchBinary, toPath: lonely)
        let result = try await TestProcess.run(lonely, [command, "--help"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            error: \(folder.appendingPathComponent("jobmatch-server").path): No such file or directory; `jobmatch \(command)` \
            runs the separate jobmatch-server binary. Build it with `swift build -c release --product jobmatch-server` (or `make serve`).

            """)
    }

    @Test(arguments: [["serve"], ["feedback"], ["feedback", "stats"], ["feedback", "export"]])
    func helpIsThere(_ path: [String]) async throws {
        let result = try await TestProcess.jobmatch(path + ["--help"])
        #expect(result.status == 0 && result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("USAGE: jobmatch \(path.joined(separator: " ")) "), "the server binary speaks as jobmatch: \(result.stdout)")
    }
}
