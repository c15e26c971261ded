import Foundation

/// Paths the test targets share: the package root, the real samples beside the clone (as in CI),
/// temp folders, and the venv's Python for interop checks.
public enum TestPaths {
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `data/real/NAME` inside the clone (copies of the shared real samples, with their source notes).
    public static func real(_ name: String) -> String {
        packageRoot.appendingPathComponent("data/real/\(name)").path
    }

    /// A fresh temporary folder.
    public static func tempFolder(_ tag: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobmatch-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    public static func file(_ bytes: [UInt8], name: String = "input.csv") -> String {
        let url = tempFolder().appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }

    public static func file(_ text: String, name: String = "input.csv") -> String { file(Array(text.utf8), name: name) }

    /// The Python with the interop tools: `JOBMATCH_PYTHON` (exported by `make test`), else the
    /// venv that scripts/setup.sh makes.
    public static var python: String {
        ProcessInfo.processInfo.environment["JOBMATCH_PYTHON"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/venv/bin/python").path
    }

    /// The `jobmatch` built with the tests: next to the test bundle, else in `.build/debug`.
    public static var jobmatchBinary: String {
        var folders: [URL] = []
        if let executable = Bundle.main.executablePath {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        folders += [here, here.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")]
        let candidates = folders.map { $0.appendingPathComponent("jobmatch").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }
}
