import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Matching

/// `jobmatch gaps`: which missing skills would open the most good jobs for a CV.
struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Skill-gap advice: the one or two skills that would most raise the number of good jobs for a CV.",
        discussion: """
            Good jobs are those scoring at least the CV's current top-N threshold. Each candidate \
            skill (missing from the CV, asked for by its best jobs, weighted by IDF) is added to the \
            CV, the CV is re-encoded and the whole index searched again; the advice counts the jobs \
            that now pass the threshold and, of those, the ones that ask for the skill ("opened"), \
            with examples. --json prints {cv_id, threshold, top_n, passing_now, advice: [{skills, \
            newly_passing, opened, examples}]}.
            Example: jobmatch gaps --workspace ws --cv-id cv-000001
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var input: CVInputOptions
    @Option(help: "N of the top-N threshold.") var topN = 20
    @Option(help: "Candidate skills tried.") var candidates = 12
    @Option(help: ArgumentHelp("Model folder (default: the one the index was built with).", valueName: "dir")) var model: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        try input.requireOne()
        guard topN >= 1, candidates >= 1 else { throw ValidationError("--top-n and --candidates must be at least 1") }
    }

    func run() throws { try runReportingErrors { try gaps() } }

    func gaps() throws {
        let ws = Workspace(options.workspace)
        let file = try input.readFile()
        let matcher = try Matcher(workspace: ws, model: model.map { URL(fileURLWithPath: $0) })
        let query = try input.query(matcher, workspace: ws, file: file)
        var o = SkillGapAdvisor.Options()
        o.topN = topN
        o.candidates = candidates
        let report = try SkillGapAdvisor(matcher: matcher, options: o).advise(query)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
            return
        }
        print(String(format: "%@: %d jobs score at least %.3f today (the top-%d threshold)", report.cvID ?? "the CV", report.passingNow, report.threshold, report.topN))
        if report.advice.isEmpty { print("no advice: the index holds fewer than \(report.topN) jobs, or none asks for a skill the CV lacks") }
        for a in report.advice {
            print("\n+ \(a.skills.map(\.name).joined(separator: " + ")): \(a.newlyPassing) more jobs pass, \(a.opened) of them ask for it")
            for e in a.examples { print("    \(e.title)\(e.company.map { " · \($0)" } ?? "")\(e.location.map { " · \($0)" } ?? "")  [\(String(format: "%.3f", e.score))]") }
        }
    }
}
