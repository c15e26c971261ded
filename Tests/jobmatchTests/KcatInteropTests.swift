import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// kcat (Debian's) reads what `jobmatch ingest --log kafka` wrote to `jobmatch kafka mock`.
@Suite struct KcatInteropTests {
    @Test func kcatReadsWhatIngestWroteToTheMockCluster() async throws {
        let kcat = "/usr/bin/kcat"
        try #require(FileManager.default.isExecutableFile(atPath: kcat), "kcat is not installed (scripts/apt-packages.txt)")
        let binary = jobmatchBinary()
        let folder = TemporaryFolder()
        defer { folder.remove() }

        // The mock cluster runs in its own process, as a user would start it.
        let mock = try MockKafkaProcess(brokers: 3)
        let bootstrap = mock.bootstrap

        let generated = try await run(binary, ["generate", "--workspace", folder.path, "--jobs", "150", "--cvs", "30", "--board-jobs", "20"])
        #expect(generated.status == 0)
        let ingest = try await run(binary, ["ingest", "--workspace", folder.path, "--log", "kafka", "--bootstrap", bootstrap])
        #expect(ingest.status == 0, "\(ingest.output)")
        let published = Dictionary(uniqueKeysWithValues: ingest.output.split(separator: "\n").compactMap { line -> (String, Int)? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let n = Int(parts[1]) else { return nil }
            return (String(parts[0]), n)
        })
        let jobs = published.filter { $0.key != "cv" }.values.reduce(0, +)
        #expect(jobs > 150)

        let read = try await run(kcat, ["-b", bootstrap, "-t", "jobs", "-C", "-e", "-q", "-f", "%p\t%k\t%s\n"])
        #expect(read.status == 0)
        let lines = read.output.split(separator: "\n")
        #expect(lines.count == jobs)
        var kinds: [String: Int] = [:]
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 2)
            guard fields.count == 3, let value = try? JSONSerialization.jsonObject(with: Data(fields[2].utf8)) as? [String: Any],
                  let kind = value["kind"] as? String else {
                Issue.record("kcat printed a record that is not our JSON payload")
                continue
            }
            kinds[kind, default: 0] += 1
        }
        #expect(kinds == published.filter { $0.key != "cv" })
        let cvs = try await run(kcat, ["-b", bootstrap, "-t", "cvs", "-C", "-e", "-q", "-f", "%k\n"])
        #expect(cvs.output.split(separator: "\n").count == published["cv"])
    }

    /// Runs a program to completion; returns its status and standard output.
    private func run(_ path: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let r = try await TestProcess.run(path, arguments)
        return (r.status, r.stdout)
    }
}
