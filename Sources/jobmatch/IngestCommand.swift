import ArgumentParser
import CommandLineSupport
import EventLog
import Foundation
import Ingest
import JobMatchCore

/// `jobmatch ingest`: publishes every raw record of the workspace to the `jobs` and `cvs` topics.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Publish WORKSPACE/raw/ to the event log (topics jobs and cvs, 3 partitions).",
        discussion: """
            Every posting, skills row, summary row and CV becomes one record (JSON with a `kind` \
            field), keyed by job_link / posting id / CV id. --log embedded (default) writes to \
            WORKSPACE/log/; --log kafka --bootstrap HOST:PORT writes to a Kafka cluster. Each run \
            is numbered and recorded in topic ingest-runs (a start record, and a completion record \
            once every record is acknowledged); when the raw files (names, sizes, modification \
            times) are those of the latest completed run, nothing is published unless --force.
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var logOptions: LogOptions
    @Option(help: "Partitions of a topic that has to be created.") var partitions = PipelineTopic.defaultPartitions
    @Flag(help: "Publish even when the raw files are those of the latest completed run.") var force = false
    #if JOBMATCH_TEST_HOOKS
    /// Crash tests: after N records, flush, print "stalled" and wait to be killed (debug builds only).
    @Option(help: .hidden) var stallAfter: Int?
    #else
    let stallAfter: Int? = nil
    #endif

    func validate() throws {
        guard partitions > 0 else { throw ValidationError("--partitions must be positive") }
    }

    func run() throws {
        let workspace = Workspace(options.workspace)
        let start = Date()
        let (report, rejected) = try runReportingErrors { () throws -> (SourceProducer.Report, Int) in
            try workspace.create(workspace.rejects)
            let rejects = RejectLog(file: workspace.rejects.appendingPathComponent("ingest.jsonl"))
            let eventLog = try logOptions.makeLog(workspace)
            let producer = SourceProducer(log: eventLog, rejects: rejects, partitions: partitions)
            if let stallAfter {
                producer.afterRecords = (stallAfter, {
                    FileHandle.standardOutput.write(Data("stalled after \(stallAfter) records\n".utf8))
                    while true { sleep(3_600) }
                })
            }
            let report = try producer.publish(workspace: workspace, force: force)
            try rejects.close()
            return (report, rejects.count)
        }
        let seconds = Date().timeIntervalSince(start)
        if report.skipped {
            print("nothing published: the raw files are those of ingest run \(report.run), which completed (--force publishes again)")
            return
        }
        print("ingest run \(report.run) complete")
        print("published \(report.total) records in \(String(format: "%.1f", seconds)) s (\(rejected) rejected):")
        for kind in IngestRecord.Kind.allCases where report.counts[kind] != nil {
            print("  \(kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(report.counts[kind]!)")
        }
    }
}

/// `jobmatch kafka ...`: helpers around Kafka.
struct KafkaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka", abstract: "Kafka helpers.", subcommands: [KafkaMockCommand.self])
}

/// `jobmatch kafka mock`: librdkafka's in-process mock cluster, for trying the Kafka engine locally.
struct KafkaMockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Run librdkafka's mock Kafka cluster; print its bootstrap address; stop on Ctrl-C.",
        discussion: """
            Creates the pipeline topics (jobs, cvs) with --partitions partitions, and ingest-runs \
            with 1, first, since the \
            mock in librdkafka 2.0.2 does not complete admin CreateTopics requests. Each mock \
            partition keeps only about its newest 5 MiB / 100,000 messages: use small inputs.
            """)

    @Option(help: "Number of brokers.") var brokers = 3
    @Option(help: "Partitions of the jobs and cvs topics.") var partitions = PipelineTopic.defaultPartitions

    func validate() throws {
        guard (1...64).contains(brokers) else { throw ValidationError("--brokers must be 1...64") }
        guard partitions > 0 else { throw ValidationError("--partitions must be positive") }
    }

    func run() throws {
        let cluster = try runReportingErrors { () throws -> KafkaMockCluster in
            let cluster = try KafkaMockCluster(brokers: brokers)
            for topic in [PipelineTopic.jobs, PipelineTopic.cvs] {
                try cluster.createTopic(topic, partitions: partitions)
            }
            try cluster.createTopic(IngestRun.topic, partitions: 1)
            return cluster
        }
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        while true { sleep(3_600) }  // until SIGINT / SIGTERM ends the process
    }
}
