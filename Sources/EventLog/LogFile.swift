import Foundation
import JobMatchCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file of the embedded log, opened with POSIX calls; every failure throws `EventLogError.io`.
///
/// Owns its descriptor and closes it in `deinit`. Reads and writes are positional
/// (`pread` / `pwrite`), so readers never move a shared file offset.
final class LogFile: @unchecked Sendable {  // an immutable descriptor; pread/pwrite/fdatasync are thread-safe
    let path: String
    let descriptor: Int32
    /// Where syncs go (captured at open, so the background sync thread uses the same layer).
    let fileSystem: any DurableFileSystem = DurableFile.fileSystem

    /// Opens `path`; with `create`, creates it (mode 0644) if missing.
    init(path: String, create: Bool) throws {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw LogFile.error(path, "open") }
        self.path = path
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    static func error(_ path: String, _ operation: String) -> EventLogError {
        .io(file: path, operation: operation, reason: String(cString: strerror(errno)))
    }

    /// The file's size in bytes.
    func size() throws -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw LogFile.error(path, "fstat") }
        return Int64(info.st_size)
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogFile.error(path, "pwrite")
            }
            done += n
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (fewer only at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogFile.error(path, "pread")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The whole file.
    func readAll() throws -> [UInt8] {
        let count = Int(try size())
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withUnsafeMutableBytes { try read(into: $0, at: 0) }
        if n < count { bytes.removeLast(count - n) }
        return bytes
    }

    /// Flushes the file's data to stable storage (`fdatasync`).
    func sync() throws {
        let code = fileSystem.sync(descriptor: descriptor, path: path, dataOnly: true)
        guard code == 0 else {
            throw EventLogError.io(file: path, operation: "fdatasync", reason: String(cString: strerror(code)))
        }
    }

    /// Cuts the file to `length` bytes.
    func truncate(to length: Int64) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw LogFile.error(path, "ftruncate") }
    }

    /// Flushes a folder's entries (new, renamed or removed files) to stable storage.
    static func syncDirectory(_ path: String) throws {
        do {
            try DurableFile.fileSystem.sync(path)
        } catch {
            throw EventLogError.io(file: path, operation: "fsync folder", reason: "\(error)")
        }
    }

    /// Creates the folder `path` if missing and fsyncs its parent, so the new entry survives a
    /// power loss (a topic or partition folder that vanishes takes its acknowledged records along).
    static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        let parent = parentFolder(of: path)
        if !FileManager.default.fileExists(atPath: parent) { try createFolder(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw LogFile.error(path, "mkdir") }
        try syncDirectory(parent)
    }

    /// Writes `bytes` to `path` durably and atomically: a temporary file, fsync, rename, fsync of the folder.
    static func replaceAtomically(path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".tmp"
        do {
            let file = try LogFile(path: temporary, create: true)
            try file.truncate(to: 0)
            try bytes.withUnsafeBytes { try file.write($0, at: 0) }
            try file.sync()
        }
        do {
            try DurableFile.fileSystem.rename(temporary, path)
        } catch {
            throw EventLogError.io(file: path, operation: "rename", reason: "\(error)")
        }
        try syncDirectory(parentFolder(of: path))
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
