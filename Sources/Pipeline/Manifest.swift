import Foundation
import JobMatchCore

/// `WORKSPACE/manifest.json`: for each finished stage, the fingerprints of its inputs and outputs
/// and its settings. A stage's entry is removed before it runs and written (durably) only after
/// its outputs are complete, so a stage killed halfway is never taken as done.
public struct Manifest: Codable, Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var inputs: [String: String]
        public var outputs: [String: String]
        public var settings: RecordedSettings
        public var finished: String
        public var seconds: Double
        public var result: StageResult

        public init(inputs: [String: String], outputs: [String: String], settings: RecordedSettings, finished: String,
                    seconds: Double, result: StageResult) {
            self.inputs = inputs
            self.outputs = outputs
            self.settings = settings
            self.finished = finished
            self.seconds = seconds
            self.result = result
        }
    }

    public var stages: [String: Entry] = [:]
    public var fingerprintCache: [String: Fingerprinter.CacheEntry] = [:]

    public init() {}

    public static func url(_ ws: Workspace) -> URL { ws.root.appendingPathComponent("manifest.json") }

    /// The workspace's manifest, or an empty one (a corrupt manifest is ignored: everything reruns).
    public static func load(_ ws: Workspace) -> Manifest {
        guard let data = FileManager.default.contents(atPath: url(ws).path),
              let m = try? JSONDecoder().decode(Manifest.self, from: data) else { return Manifest() }
        return m
    }

    public func save(_ ws: Workspace) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try ws.create(ws.root)
        try DurableFile.write(try enc.encode(self), to: Self.url(ws))
    }
}
