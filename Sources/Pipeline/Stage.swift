import Foundation
import JobMatchCore

/// One step of the pipeline as a value: what it reads, what it writes, the settings its output
/// depends on, and how to run it.
///
/// Inputs and outputs are workspace artifacts (named in `Workspace`). The runner skips a stage
/// exactly when the fingerprints of its inputs and its settings equal those recorded in the
/// manifest when it last finished, and its outputs are still the ones it wrote.
public protocol Stage: Sendable {
    /// What the outputs depend on besides the inputs (options, model names, seeds), recorded whole
    /// in the manifest (`RecordedSettings`).
    associatedtype Settings: Codable, Equatable, Sendable
    /// Short name, unique in a pipeline (`process`, `index` …).
    var name: String { get }
    /// Files or folders read; each must exist when the stage starts.
    func inputs(_ ws: Workspace) -> [URL]
    /// Files or folders written; each must exist when the stage ends.
    func outputs(_ ws: Workspace) -> [URL]
    /// Everything else the outputs depend on.
    var settings: Settings { get }
    /// Runs the stage; `progress` takes (done, total, unit), total 0 when unknown.
    func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult
}

extension Stage {
    /// The settings as the manifest records them.
    /// - Throws: `EncodingError` (a settings value JSON cannot hold, e.g. a NaN).
    public func recordedSettings() throws -> RecordedSettings { try RecordedSettings(settings) }
}

/// What a finished stage reports: lines for the closing summary and named figures.
public struct StageResult: Sendable, Codable, Equatable {
    public var lines: [String]
    public var figures: [String: Double]

    public init(lines: [String] = [], figures: [String: Double] = [:]) {
        self.lines = lines
        self.figures = figures
    }
}

/// Errors of the pipeline layer.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
