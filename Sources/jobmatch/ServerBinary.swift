import Foundation

/// `jobmatch serve` and `jobmatch feedback` live in the sibling executable `jobmatch-server`
/// (SwiftNIO, Hummingbird and GRDB are a minute and a half of release build that the pipeline
/// does not need). `jobmatch` replaces its own process with that binary, same arguments, same
/// process id, so signals, exit status and output are the server's own.
enum ServerBinary {
    /// The first arguments that belong to `jobmatch-server`.
    static let subcommands: Set<String> = ["serve", "feedback", "serve-torture"]

    static let name = "jobmatch-server"

    /// `audit groups …` reads the feedback database, so it runs there too; `audit --groups FILE`
    /// (the issue's spelling) is the same command. Nil for every other command line.
    static func auditArguments(_ arguments: [String]) -> [String]? {
        guard arguments.first == "audit", arguments.count > 1 else { return nil }
        if arguments[1] == "groups" { return arguments }
        if arguments[1] == "--groups" || arguments[1].hasPrefix("--groups=") { return ["audit", "groups"] + arguments.dropFirst() }
        return nil
    }

    /// `jobmatch-server` next to this executable (symbolic links resolved).
    static var path: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Runs `jobmatch-server arguments…` in place of this process; returns only if that fails,
    /// after printing why and how to build it.
    static func exec(_ arguments: [String]) -> Never {
        let path = Self.path
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, &argv)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("""
            error: \(path): \(reason); `jobmatch \(arguments.first ?? "")` runs the separate \(name) binary. \
            Build it with `swift build -c release --product \(name)` (or `make serve`).

            """.utf8))
        exit(1)
    }
}
