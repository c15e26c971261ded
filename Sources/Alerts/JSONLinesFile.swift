import Foundation
import JobMatchCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only file of JSON lines whose appends are durable when `append` returns: one
/// `write` of whole lines, then `fsync`.
///
/// A process killed inside an append leaves a last line without its newline; opening the file
/// cuts that torn tail off (it was never acknowledged: whoever appended it had not returned), so
/// the next append starts on a line of its own. Every complete line is handed to `read` as it was.
final class JSONLinesFile {
    let url: URL
    private let descriptor: Int32
    private var size: Int64

    /// Opens (creating) `url` for appending, after cutting off a torn last line.
    /// - Throws: `AlertsError.io` naming the file.
    init(url: URL) throws {
        self.url = url
        try DurableFile.createFolder(url.deletingLastPathComponent())
        let existed = FileManager.default.fileExists(atPath: url.path)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error(url, "open") }
        descriptor = fd
        let bytes = (try? Data(contentsOf: url)) ?? Data()
        var keep = bytes.count
        while keep > 0, bytes[bytes.startIndex + keep - 1] != 0x0A { keep -= 1 }
        size = Int64(keep)
        if keep != bytes.count {
            guard ftruncate(fd, off_t(keep)) == 0, fsync(fd) == 0 else { throw Self.error(url, "truncate a torn tail") }
        }
        if !existed { try DurableFile.sync(url.deletingLastPathComponent()) }
    }

    deinit { close(descriptor) }

    /// The complete lines now in the file, in order.
    static func lines(_ url: URL) throws -> [Data] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw AlertsError(.io, path: url.path, "cannot read: \(error.localizedDescription)") }
        var out: [Data] = []
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            if newline > start { out.append(data[start..<newline]) }
            start = newline + 1
        }
        return out  // a torn last line (no newline) is not a line
    }

    /// Appends `lines` (each without a newline) and makes them durable.
    func append(_ lines: [Data]) throws {
        guard !lines.isEmpty else { return }
        var bytes = Data()
        for line in lines {
            bytes.append(line)
            bytes.append(0x0A)
        }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(size)) }
        guard written == bytes.count else { throw Self.error(url, "write") }
        guard fsync(descriptor) == 0 else { throw Self.error(url, "fsync") }
        size += Int64(bytes.count)
    }

    static func error(_ url: URL, _ operation: String) -> AlertsError {
        AlertsError(.io, path: url.path, "\(operation) failed: \(String(cString: strerror(errno)))")
    }
}
