import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Read-only bytes that stay put: a file mapped with `mmap`, or memory this process owns.
///
/// The index keeps its codes in one of these, so a 2 GB index opens in microseconds and pages in
/// as searches touch it (the page cache is shared between processes serving the same file).
public final class ByteRegion: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int
    private let release: () -> Void

    private init(base: UnsafeRawPointer, count: Int, release: @escaping () -> Void) {
        self.base = base
        self.count = count
        self.release = release
    }

    deinit { release() }

    /// Copies `bytes` into memory owned by the region.
    public static func copying(_ bytes: UnsafeRawBufferPointer) -> ByteRegion {
        let n = max(1, bytes.count)
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 64)
        if let src = bytes.baseAddress, bytes.count > 0 { p.copyMemory(from: src, byteCount: bytes.count) }
        return ByteRegion(base: UnsafeRawPointer(p), count: bytes.count, release: { p.deallocate() })
    }

    /// Maps the whole file read-only.
    ///
    /// - Throws: `VectorIndexError.io` naming the file when it cannot be opened or mapped.
    public static func mapping(_ url: URL) throws -> ByteRegion {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VectorIndexError(.io, path: url.path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw VectorIndexError(.io, path: url.path, "cannot stat: \(String(cString: strerror(errno)))") }
        let size = Int(st.st_size)
        if size == 0 { return copying(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw VectorIndexError(.io, path: url.path, "cannot map: \(String(cString: strerror(errno)))")
        }
        return ByteRegion(base: UnsafeRawPointer(p), count: size, release: { munmap(p, size) })
    }

    /// Asks the kernel to read the region ahead (a sequential scan follows).
    public func adviseSequential() {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_SEQUENTIAL)
    }
}
