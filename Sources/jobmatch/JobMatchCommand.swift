import ArgumentParser
import Tensor

@main
struct JobMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "Match CVs to job postings: generate, ingest, process, mine-pairs, train, index, match, serve.",
        discussion: """
            All state lives in one workspace folder (--workspace, default ./workspace). `jobmatch \
            pipeline` runs the stages in order; every subcommand is listed below.
            """,
        subcommands: [Generate.self, Inspect.self, DoctorCommand.self, Cat.self, IngestCommand.self, KafkaCommand.self, EmbedCommand.self, ProcessCommand.self, SkillsCommand.self, MinePairsCommand.self, OccupationPairsCommand.self, TrainCommand.self, EvalCommand.self, TrainRerankerCommand.self, EvaluateRerankCommand.self, IndexCommand.self, IndexPartCommand.self, PipelineCommand.self, GapsCommand.self, SearchCommand.self, MatchCommand.self, FeedbackForward.self, RetrainCommand.self, WatchCommand.self, AlertsCommand.self, AuditCommand.self, ServeForward.self] + testCommands)

    /// The crash tests' hidden children (`log-torture`): in debug builds only (`JOBMATCH_TEST_HOOKS`,
    /// Package.swift), never in the release binary users run.
    static var testCommands: [any ParsableCommand.Type] {
        #if JOBMATCH_TEST_HOOKS
        [LogTortureCommand.self]
        #else
        []
        #endif
    }

    /// `serve` and `feedback` go to `jobmatch-server` (``ServerBinary``) before any parsing, so
    /// their help, errors and exit codes are that binary's own.
    static func main() async {
        ISACap.apply()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, ServerBinary.subcommands.contains(first) {
            ServerBinary.exec(arguments)
        }
        if let forwarded = ServerBinary.auditArguments(arguments) { ServerBinary.exec(forwarded) }
        await Self.main(nil)
    }
}
