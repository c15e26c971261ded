import ArgumentParser
import Foundation

/// Runs `body`, turning our errors into one clean line on stderr and exit status 1.
public func runReportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any CustomStringConvertible & Error {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// The async twin of ``runReportingErrors(_:)``.
public func runReportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any CustomStringConvertible & Error {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
