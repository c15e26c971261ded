import Foundation
import JobMatchCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `alerts/.watch.lock`: one `watch` per workspace (two would each write the other's alerts).
/// An `flock` the kernel drops when the process dies, however it dies.
final class WatchLock {
    private let descriptor: Int32

    init(url: URL) throws {
        try DurableFile.createFolder(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JSONLinesFile.error(url, "open") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw AlertsError(.io, path: url.path, "another `jobmatch watch` runs on this workspace")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
