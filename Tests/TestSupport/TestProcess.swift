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
    /// the inherited environment (a nil value removes the variable).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> Result {
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
    public static func jobmatch(_ arguments: [String], environment: [String: String?] = [:]) throws -> Result {
        try run(TestPaths.jobmatchBinary, arguments, environment: environment)
    }

    /// `jobmatch` waited for on a thread of its own, not on the cooperative pool: a long child (a
    /// Spark run) then does not hold one of the pool's few threads, which the in-process servers
    /// of other tests running in parallel need.
    public static func jobmatchOffThePool(_ arguments: [String], environment: [String: String?] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Result, any Error>) in
            Thread.detachNewThread { done.resume(with: Swift.Result { try jobmatch(arguments, environment: environment) }) }
        }
    }
}

/// Data written by one thread and read by another after a `DispatchGroup.wait()`.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
