#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JobMatchCore

/// A file read sequentially in chunks through `read(2)`, with `seek` for resynchronisation.
public final class FileInput {
    let path: String
    private let fd: Int32

    /// - Throws: `JobMatchError.io` naming the file and the system's reason.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw JobMatchError.io(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw JobMatchError.io(path: path, reason: "is a folder, not a file")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes into `buffer`; returns 0 at end of file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw JobMatchError.io(path: path, reason: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    func seek(to offset: Int) throws {
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            throw JobMatchError.io(path: path, reason: "seek failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The file's size in bytes.
    public var size: Int {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }
}
