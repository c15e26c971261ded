import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// "Write to a temporary file, fsync it, rename it into place, fsync the folder": the one way
/// outputs replace files, so a crash or a power loss leaves either the old file or the complete
/// new one.
///
/// The `fsync` and `rename` calls go through ``fileSystem`` (a task-local), so a test can record
/// their order and simulate a power loss (see `CrashSimulatingFileSystem` in TestSupport).
///
/// ```swift
/// let tmp = DurableFile.temporary(for: url)       // url + ".partial"
/// try write(tmp)                                   // any writer
/// try DurableFile.commit(tmp, to: url)             // durable and atomic
/// ```
public enum DurableFile {
    /// Where `sync` and `rename` go: the real POSIX calls unless a test binds another layer.
    @TaskLocal public static var fileSystem: any DurableFileSystem = PosixFileSystem()

    /// The temporary name used while `url` is being written (`NAME.partial`, same folder).
    public static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".partial")
    }

    /// Flushes a file's or a folder's data and metadata to disk.
    /// - Throws: `JobMatchError.io` naming the path when it cannot be opened or `fsync` fails.
    public static func sync(_ url: URL) throws {
        try fileSystem.sync(url.path)
    }

    /// fsyncs `tmp`, renames it to `url` (replacing it), then fsyncs the folder.
    public static func commit(_ tmp: URL, to url: URL) throws {
        try sync(tmp)
        try fileSystem.rename(tmp.path, url.path)
        try sync(url.deletingLastPathComponent())
    }

    /// Writes `data` to `url` durably and atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let tmp = temporary(for: url)
        do {
            try data.write(to: tmp)
        } catch {
            throw JobMatchError.io(path: tmp.path, reason: "cannot write: \(error.localizedDescription)")
        }
        try commit(tmp, to: url)
    }

    /// Creates `folder` (and missing parents) and fsyncs each new folder's parent, so the new
    /// entries survive a power loss. A folder that exists is left alone.
    public static func createFolder(_ folder: URL) throws {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for url in missing.reversed() {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            } catch CocoaError.fileWriteFileExists {
                continue
            } catch {
                if FileManager.default.fileExists(atPath: url.path) { continue }
                throw JobMatchError.io(path: url.path, reason: "cannot create folder: \(error.localizedDescription)")
            }
            try sync(url.deletingLastPathComponent())
        }
    }
}

/// The two calls that make a replacement durable: `fsync` of a file or folder, and `rename`.
public protocol DurableFileSystem: Sendable {
    /// fsyncs the file or folder at `path`.
    func sync(_ path: String) throws
    /// Renames `from` to `to`, replacing `to`.
    func rename(_ from: String, _ to: String) throws
    /// Flushes an open file's data (`fdatasync`) or data and metadata (`fsync`); returns `errno`
    /// on failure, 0 on success (callers turn it into their own error type).
    func sync(descriptor: Int32, path: String, dataOnly: Bool) -> Int32
}

extension DurableFileSystem {
    public func sync(descriptor: Int32, path: String, dataOnly: Bool) -> Int32 {
        PosixFileSystem.syncDescriptor(descriptor, dataOnly: dataOnly)
    }
}

/// The real calls (`open` + `fsync`, `rename`); errors are `JobMatchError.io` naming the path.
public struct PosixFileSystem: DurableFileSystem {
    public init() {}

    public func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JobMatchError.io(path: path, reason: "cannot open to fsync: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw JobMatchError.io(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))") }
    }

    static func syncDescriptor(_ descriptor: Int32, dataOnly: Bool) -> Int32 {
        #if canImport(Glibc)
        let status = dataOnly ? fdatasync(descriptor) : fsync(descriptor)
        #else
        let status = fsync(descriptor)
        #endif
        return status == 0 ? 0 : errno
    }

    public func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            let name = (from as NSString).lastPathComponent
            throw JobMatchError.io(path: to, reason: "cannot rename \(name) into place: \(String(cString: strerror(errno)))")
        }
    }
}
