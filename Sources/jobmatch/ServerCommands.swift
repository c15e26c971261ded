import ArgumentParser

// `jobmatch serve` and `jobmatch feedback`, listed here so `jobmatch --help` shows them; the
// arguments are handed to `jobmatch-server` before parsing (`JobMatchCommand.main`), so these
// only run for `jobmatch help serve`-style paths, and forward too.

struct ServeForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTP API and the web page (runs jobmatch-server).")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { ServerBinary.exec(["serve"] + arguments) }
}

/// `jobmatch audit groups` (also spelled `jobmatch audit --groups FILE`): forwarded like `feedback`.
struct AuditGroupsForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "Bias audit in Local Law 144's form by self-reported sex and race/ethnicity (runs jobmatch-server).")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { ServerBinary.exec(["audit", "groups"] + arguments) }
}

struct FeedbackForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback", abstract: "Read the feedback database: stats, export (runs jobmatch-server).")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { ServerBinary.exec(["feedback"] + arguments) }
}
