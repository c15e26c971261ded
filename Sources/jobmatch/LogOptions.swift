import ArgumentParser
import EventLog
import Foundation
import JobMatchCore

/// `--log embedded|kafka`, `--bootstrap`, `--kafka-property`: which event log a stage uses.
struct LogOptions: ParsableArguments {
    @Option(help: "The event log engine: embedded (WORKSPACE/log; the default) or kafka.") var log: String?
    @Option(help: ArgumentHelp("Kafka bootstrap servers (with --log kafka).", valueName: "host:port,...")) var bootstrap: String?
    @Option(name: .customLong("kafka-property"), help: ArgumentHelp("A librdkafka setting, e.g. security.protocol=SSL (repeatable).", valueName: "name=value"))
    var kafkaProperties: [String] = []

    /// The engine chosen, embedded when `--log` is not given.
    var engine: LogEngine { log.flatMap(LogEngine.init(rawValue:)) ?? .embedded }

    /// Whether any of these options was given (a command that reads no log refuses them).
    var given: Bool { log != nil || bootstrap != nil || !kafkaProperties.isEmpty }

    func validate() throws {
        if let log, LogEngine(rawValue: log) == nil { throw ValidationError("--log must be embedded or kafka") }
        if engine == .kafka, (bootstrap ?? "").isEmpty { throw ValidationError("--log kafka needs --bootstrap host:port") }
        if engine == .embedded, bootstrap != nil || !kafkaProperties.isEmpty {
            throw ValidationError("--bootstrap and --kafka-property need --log kafka")
        }
        for property in kafkaProperties where !property.contains("=") {
            throw ValidationError("--kafka-property must be name=value, got '\(property)'")
        }
    }

    /// Opens the chosen log; the embedded one reports what crash recovery did on stderr.
    func makeLog(_ workspace: Workspace) throws -> any EventLog {
        switch engine {
        case .embedded:
            let eventLog = try EmbeddedLog(directory: workspace.log.path)
            for event in eventLog.recoveryEvents {
                FileHandle.standardError.write(Data("log recovery: \(event)\n".utf8))
            }
            return eventLog
        case .kafka:
            var properties: [String: String] = [:]
            for property in kafkaProperties {
                let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
                properties[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return KafkaLog(bootstrapServers: bootstrap!, properties: properties)
        }
    }
}
