import Foundation

/// Paths the tests share: the package root and the fixtures.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/EnrichmentTests/Fixtures/\(name)")
    }

    /// Reads a JSON Lines fixture into dictionaries.
    static func jsonLines(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: fixture(name))
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any]
        }
    }
}
