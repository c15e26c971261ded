import Foundation

/// Runs programs from tests: the built `jobmatch`, the venv's Python, kcat.
public enum TestProcess {
    /// What a finished program left.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// stdout then stderr, for tests that look at everything a user would see.
        public var output: String { stdout + stderr }
    }

    /// Runs `executable ARGUMENTS` to completion with no standard input; `environment` changes
    /// the inherited environment (a nil value removes the variable). The child is waited for on a
    /// thread of its own, never on the cooperative pool: the pool has one thread per core (two on
    /// CI), and a test blocked there on a long child starves the in-process servers of the tests
    /// running beside it (a CI run failed so: two CLI tests held both threads for minutes and a
    /// route test's live client timed out).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String?] = [:]) async throws -> Result {
        try await offThePool { try runBlocking(executable, arguments, environment: environment) }
    }

    /// `body` on a new thread; the caller's task waits without holding a pool thread.
    public static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            Thread.detachNewThread { done.resume(with: Swift.Result { try body() }) }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String?]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
        }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let errors = DataBox(), group = DispatchGroup(), errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errors.data = errHandle.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// Runs the built `jobmatch` with `arguments`.
    public static func jobmatch(_ arguments: [String], environment: [String: String?] = [:]) async throws -> Result {
        try await run(TestPaths.jobmatchBinary, arguments, environment: environment)
    }
}

/// Data written by one thread and read by another after a `DispatchGroup.wait()`.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
