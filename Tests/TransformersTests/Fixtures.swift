import Foundation

/// Paths of the committed fixtures and of the real model the set-up unpacks.
enum Fixtures {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
    static var tinyBert: URL { directory.appendingPathComponent("tiny-bert") }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// `<package root>`, found from this source file.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// all-MiniLM-L6-v2: `$JOBMATCH_MODEL_DIR`, else `<package root>/workspace/models/all-MiniLM-L6-v2`.
    static var miniLM: URL {
        if let env = ProcessInfo.processInfo.environment["JOBMATCH_MODEL_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/jobmatch/models/all-MiniLM-L6-v2")
    }

    static var hasMiniLM: Bool {
        FileManager.default.fileExists(atPath: miniLM.appendingPathComponent("model.safetensors").path)
    }

    /// `make test` (and so CI) sets `JOBMATCH_REQUIRE_MODEL=1`: there the set-up must have provided
    /// the model, so the tests that need it run and fail when it is missing instead of skipping.
    static var miniLMRequired: Bool { ProcessInfo.processInfo.environment["JOBMATCH_REQUIRE_MODEL"] == "1" }

    /// Whether the all-MiniLM-L6-v2 tests run: the model is there, or it has to be.
    static var runMiniLMTests: Bool { hasMiniLM || miniLMRequired }

    /// Why a MiniLM test fails when the model is required but missing.
    static var missingMiniLM: String {
        "JOBMATCH_REQUIRE_MODEL=1 but \(miniLM.path)/model.safetensors is missing: run scripts/setup.sh (or set JOBMATCH_MODEL_DIR)"
    }

    static func ints(_ v: Any) -> [Int32] { (v as! [NSNumber]).map { $0.int32Value } }
    static func floats(_ v: Any) -> [[Float]] { (v as! [[NSNumber]]).map { $0.map { $0.floatValue } } }
}
