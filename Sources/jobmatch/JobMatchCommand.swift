import ArgumentParser

@main
struct JobMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "Match CVs to job postings: generate, ingest, process, encode, train, index, match, serve.",
        discussion: "All state lives in one workspace folder (--workspace, default ./workspace).",
        subcommands: [Generate.self, Inspect.self, Cat.self, IngestCommand.self, KafkaCommand.self, LogTortureCommand.self, EmbedCommand.self, ProcessCommand.self, SkillsCommand.self, TrainCommand.self, TrainRerankerCommand.self, IndexCommand.self, PipelineCommand.self, SearchCommand.self, MatchCommand.self, EvaluateRerankCommand.self])
}

/// `--workspace DIR`, shared by every stage.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder that holds all state.", valueName: "dir"))
    var workspace = "workspace"
}
