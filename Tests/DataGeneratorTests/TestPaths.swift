import Foundation

/// Paths the tests share: the package root, the real samples beside the clone, temp folders.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/real/NAME` next to the clone (as in CI).
    static func real(_ name: String) -> String {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/real/\(name)").path
    }

    /// A fresh temporary folder.
    static func tempFolder(_ tag: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobmatch-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func file(_ bytes: [UInt8], name: String = "input.csv") -> String {
        let url = tempFolder().appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }

    static func file(_ text: String, name: String = "input.csv") -> String { file(Array(text.utf8), name: name) }
}
