import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// "Write to a temporary file, fsync it, rename it into place, fsync the folder": the one way
/// outputs replace files, so a crash leaves either the old file or the complete new one.
///
/// ```swift
/// let tmp = DurableFile.temporary(for: url)       // url + ".partial"
/// try write(tmp)                                   // any writer
/// try DurableFile.commit(tmp, to: url)             // durable and atomic
/// ```
public enum DurableFile {
    /// The temporary name used while `url` is being written (`NAME.partial`, same folder).
    public static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".partial")
    }

    /// Flushes a file's or a folder's data and metadata to disk.
    /// - Throws: `JobMatchError.io` naming the path when it cannot be opened or `fsync` fails.
    public static func sync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JobMatchError.io(path: url.path, reason: "cannot open to fsync: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw JobMatchError.io(path: url.path, reason: "fsync failed: \(String(cString: strerror(errno)))") }
    }

    /// fsyncs `tmp`, renames it to `url` (replacing it), then fsyncs the folder.
    public static func commit(_ tmp: URL, to url: URL) throws {
        try sync(tmp)
        guard rename(tmp.path, url.path) == 0 else {
            throw JobMatchError.io(path: url.path, reason: "cannot rename \(tmp.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
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
}
