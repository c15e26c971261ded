import ArgumentParser

@main
struct JobMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "Match CVs to job postings: ingest, process, encode, train, index, match, serve.",
        subcommands: [EmbedCommand.self])
}
