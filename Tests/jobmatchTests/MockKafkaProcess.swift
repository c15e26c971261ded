import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `jobmatch kafka mock` in a process of its own, as a user starts it (librdkafka's mock cluster
/// with the pipeline's topics); stopped with SIGTERM when released.
final class MockKafkaProcess {
    let child: TestProcess.Child
    /// The cluster's bootstrap address, `host:port,...`, as the command printed it.
    let bootstrap: String

    struct NotStarted: Error, CustomStringConvertible {
        let lines: [String]
        var description: String { "jobmatch kafka mock did not print its bootstrap address: \(lines)" }
    }

    init(brokers: Int = 3) throws {
        child = try TestProcess.Child(TestPaths.jobmatchBinary, ["kafka", "mock", "--brokers", "\(brokers)"])
        guard child.read(until: { !$0.isEmpty }), let first = child.lines.first,
              first.split(separator: ",").count == brokers else {
            child.signal(SIGKILL)
            throw NotStarted(lines: child.lines)
        }
        bootstrap = first.trimmingCharacters(in: .whitespaces)
    }

    /// The options that point a command at this cluster.
    var options: [String] { ["--log", "kafka", "--bootstrap", bootstrap] }

    deinit { child.signal(SIGTERM) }
}
