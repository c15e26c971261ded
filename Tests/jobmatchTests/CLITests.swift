import Foundation
import TestSupport
import Testing

/// Runs the built `jobmatch` binary as a user would.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func real(_ name: String) -> String {
        packageRoot.appendingPathComponent("data/real/\(name)").path
    }

    /// Runs `jobmatch ARGS`; returns exit status, stdout and stderr.
    static func run(_ args: [String]) async throws -> (status: Int32, out: String, err: String) {
        let r = try await TestProcess.jobmatch(args)
        return (r.status, r.stdout, r.stderr)
    }
}

@Suite struct CLITests {
    @Test(arguments: [[], ["generate"], ["inspect"], ["cat"], ["ingest"], ["kafka"], ["kafka", "mock"], ["embed"]])
    func everySubcommandHasHelp(_ path: [String]) async throws {
        let r = try await CLI.run(path + ["--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("USAGE:"))
        #expect(r.out.contains("OVERVIEW:"))
    }

    /// The README's command list (`## The command line`) names exactly the subcommands that
    /// `jobmatch --help` lists, and every command the overview names exists.
    @Test func theReadmeAndTheOverviewListTheCommandsThatExist() async throws {
        let help = try await CLI.run(["--help"])
        #expect(help.status == 0)
        let lines = help.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "SUBCOMMANDS:"), "\(help.out)")
        var binary = Set<String>()
        for line in lines[(start + 1)...] {
            // "  name   abstract": two spaces, then the name (wrapped abstracts are indented further).
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = line.dropFirst(2).split(separator: " ").first,
                  first.allSatisfy({ $0.isLowercase || $0 == "-" }) else { continue }
            binary.insert(String(first))
        }
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## The command line\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
        let listed = Set(block.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.first == "jobmatch" && words.count > 1 ? String(words[1]) : nil
        })
        #expect(binary.count > 10)
        #expect(listed == binary, "README only: \(listed.subtracting(binary).sorted()); binary only: \(binary.subtracting(listed).sorted())")
        let overview = try #require(lines.first { $0.hasPrefix("OVERVIEW: ") })
        let named = try #require(overview.split(separator: ":").last)  // "OVERVIEW: Match …: generate, ingest, …"
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters.subtracting(["-"]))) }
        #expect(!named.isEmpty)
        for command in named { #expect(binary.contains(command), "the overview names '\(command)', which is not a subcommand") }
    }

    @Test func inspectJSONOnTheRealPostingsSample() async throws {
        let r = try await CLI.run(["inspect", "--json", CLI.real("linkedin_job_postings.csv")])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 7_523)
        #expect(object["rejected"] as? Int == 1)
        #expect(object["kind"] as? String == "linkedin_postings")
        #expect((object["columns"] as? [String])?.count == 14)
    }

    @Test func inspectOnResumesAndGlassdoor() async throws {
        let cv = try await CLI.run(["inspect", CLI.real("UpdatedResumeDataSet.csv")])
        #expect(cv.status == 0 && cv.out.contains("resume_csv") && cv.out.contains("rows: 962"))
        let gd = try await CLI.run(["inspect", CLI.real("glassdoor_jobs.csv")])
        #expect(gd.status == 0 && gd.out.contains("glassdoor_jobs") && gd.out.contains("rows: 100"))
    }

    @Test func userMistakesGiveOneLineErrorsNotTraps() async throws {
        let missing = try await CLI.run(["inspect", "/nonexistent/file.csv"])
        #expect(missing.status == 1)
        #expect(missing.err == "error: /nonexistent/file.csv: cannot open: No such file or directory\n")
        let folder = try await CLI.run(["inspect", "/tmp"])
        #expect(folder.status == 1 && folder.err.contains("is a folder"))
        let badCount = try await CLI.run(["generate", "--jobs=-5"])
        #expect(badCount.status != 0 && badCount.err.contains("zero or more"))
        let unknown = try await CLI.run(["frobnicate"])
        #expect(unknown.status != 0 && !unknown.err.contains("Fatal error"))
    }

    @Test func generateThenInspectEveryFile() async throws {
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("jm-cli-\(UUID().uuidString)").path
        let g = try await CLI.run(["generate", "--workspace", ws, "--jobs", "200", "--cvs", "20", "--seed", "3"])
        #expect(g.status == 0, "\(g.err)")
        #expect(g.out.contains("linkedin_job_postings.csv"))
        for file in ["linkedin_job_postings.csv", "job_skills.csv", "job_summary.csv", "indeed_jobs.csv", "glassdoor_jobs.csv", "cvs.jsonl", "labels.jsonl"] {
            let r = try await CLI.run(["inspect", "--json", "\(ws)/raw/\(file)"])
            #expect(r.status == 0, "\(file): \(r.err)")
            let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            #expect(object?["rejected"] as? Int == 0, "\(file)")
            #expect((object?["rows"] as? Int ?? 0) > 0, "\(file)")
        }
    }

    /// Two processes (two hash seeds) given one seed write byte-identical files.
    @Test func generateIsDeterministicAcrossProcesses() async throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("jm-det-a-\(UUID().uuidString)").path
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("jm-det-b-\(UUID().uuidString)").path
        for ws in [a, b] {
            #expect(try await CLI.run(["generate", "--workspace", ws, "--jobs", "3000", "--cvs", "30", "--seed", "9"]).status == 0)
        }
        for file in ["linkedin_job_postings.csv", "job_skills.csv", "job_summary.csv", "indeed_jobs.csv", "glassdoor_jobs.csv", "cvs.jsonl", "labels.jsonl"] {
            let x = FileManager.default.contents(atPath: "\(a)/raw/\(file)")
            #expect(x != nil && x == FileManager.default.contents(atPath: "\(b)/raw/\(file)"), "\(file) differs between two runs")
        }
    }
}
