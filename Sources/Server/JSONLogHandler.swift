import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line (structured logs):
/// `{"time":"2026-01-01T00:00:00.000Z","level":"info","label":"jobmatch.server","message":"…", …metadata}`.
///
/// Metadata keys become fields (nested metadata is flattened to its description). Lines are
/// written with one `write` each, so lines from concurrent requests never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: @Sendable (Data) -> Void

    /// A handler writing to standard error.
    public init(label: String) {
        self.init(label: label) { data in FileHandle.standardError.write(data) }
    }

    /// A handler handing each line (with its newline) to `sink`.
    public init(label: String, sink: @escaping @Sendable (Data) -> Void) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        fields["time"] = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(fields) else { return }
        data.append(0x0A)
        sink(data)
    }
}
