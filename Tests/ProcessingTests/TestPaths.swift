import Foundation

/// Paths the tests share: the package root, fixtures, the real samples, temp folders, Python.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/ProcessingTests/Fixtures/\(name)")
    }

    /// A fresh temporary folder.
    static func tempFolder() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobmatch-processing-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The venv's Python: `JOBMATCH_PYTHON`, else ~/.cache/jobmatch/venv/bin/python.
    static var python: String {
        if let p = ProcessInfo.processInfo.environment["JOBMATCH_PYTHON"], !p.isEmpty { return p }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/venv/bin/python").path
    }

    /// Reads a JSON Lines fixture into dictionaries.
    static func jsonLines(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: fixture(name))
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any]
        }
    }
}
