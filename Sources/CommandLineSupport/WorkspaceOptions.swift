import ArgumentParser

/// `--workspace DIR`, shared by every stage and by both executables.
public struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder that holds all state.", valueName: "dir"))
    public var workspace = "workspace"

    public init() {}
}
