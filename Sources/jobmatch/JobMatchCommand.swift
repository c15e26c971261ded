import ArgumentParser

@main
struct JobMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "Match CVs to job postings: generate, ingest, process, mine-pairs, train, index, match, serve.",
        discussion: """
            All state lives in one workspace folder (--workspace, default ./workspace). `jobmatch \
            pipeline` runs the stages in order; every subcommand is listed below.
            """,
        subcommands: [Generate.self, Inspect.self, Cat.self, IngestCommand.self, KafkaCommand.self, LogTortureCommand.self, EmbedCommand.self, ProcessCommand.self, SkillsCommand.self, MinePairsCommand.self, TrainCommand.self, EvalCommand.self, TrainRerankerCommand.self, EvaluateRerankCommand.self, IndexCommand.self, PipelineCommand.self, GapsCommand.self, SearchCommand.self, MatchCommand.self, FeedbackCommand.self, RetrainCommand.self, ServeCommand.self, ServeTortureCommand.self])
}

/// `--workspace DIR`, shared by every stage.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder that holds all state.", valueName: "dir"))
    var workspace = "workspace"
}
