import Foundation
import TestSupport

/// A fresh temporary folder, removed by `remove()` (the event-log process tests').
struct TemporaryFolder {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory.path + "/eventlog-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The built `jobmatch` binary (TestSupport finds it).
func jobmatchBinary() -> String { TestPaths.jobmatchBinary }
