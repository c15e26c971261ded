import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension TestProcess {
    /// A running child whose stdout is read line by line.
    public final class Child {
        public let process: Process
        private let reader: FileHandle
        private var buffer = Data()
        /// Every line read so far.
        public private(set) var lines: [String] = []

        /// Starts `executable ARGUMENTS` with stdout piped to the test and stderr to `stderr`.
        public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            process.standardInput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardOutput = pipe
            reader = pipe.fileHandleForReading
            try process.run()
        }

        /// Reads until `done(lines)` holds or stdout ends; returns whether it held.
        @discardableResult
        public func read(until done: ([String]) -> Bool) -> Bool {
            while !done(lines) {
                let chunk = reader.availableData
                if chunk.isEmpty { return done(lines) }
                buffer.append(chunk)
                drain()
            }
            return true
        }

        /// Sends `signal`, waits for the exit, and reads what was left in the pipe.
        /// - Returns: the exit status (the signal number when killed by it).
        @discardableResult
        public func signal(_ signal: Int32) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            buffer.append(reader.readDataToEndOfFile())
            drain()
            return process.terminationStatus
        }

        private func drain() {
            while let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        }
    }
}
