import ArgumentParser
import Tensor

/// The commands of `jobmatch` that need the HTTP stack (SwiftNIO, Hummingbird) or the feedback
/// database (GRDB: `feedback`, `audit groups`): a separate executable, so the pipeline's release build does not compile them.
///
/// Users do not call it by name: `jobmatch serve …` and `jobmatch feedback …` replace their own
/// process with this binary (`ServerBinary` in the `jobmatch` target), so help and usage say `jobmatch`.
@main
struct JobMatchServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "The HTTP server and the feedback database of jobmatch.",
        subcommands: [ServeCommand.self, FeedbackCommand.self, AuditServerCommand.self] + testCommands)

    /// `JOBMATCH_MAX_ISA` applied first (`ISACap`), as in `jobmatch`.
    static func main() async {
        ISACap.apply()
        await Self.main(nil)
    }

    /// The fault tests' hidden child (`serve-torture`): in debug builds only (`JOBMATCH_TEST_HOOKS`).
    static var testCommands: [any ParsableCommand.Type] {
        #if JOBMATCH_TEST_HOOKS
        [ServeTortureCommand.self]
        #else
        []
        #endif
    }
}
