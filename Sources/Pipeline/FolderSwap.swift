import Foundation
import JobMatchCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exchanges two folders in one `rename` (Linux `renameat2(RENAME_EXCHANGE)`, macOS
/// `renamex_np(RENAME_SWAP)`), so a reader of either path sees one complete folder or the
/// other, never a missing or half-moved one; then syncs the parent folder.
public enum FolderSwap {
    /// - Throws: `JobMatchError.io` naming both paths and the system's reason.
    public static func exchange(_ a: URL, _ b: URL) throws {
        let result: Int32
        #if canImport(Glibc)
        // glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module does not set.
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
            throw JobMatchError.io(path: a.path, reason: "cannot exchange with \(b.path): this C library has no renameat2")
        }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2  // RENAME_EXCHANGE, linux/fs.h
        result = renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, renameExchange)
        #else
        result = renamex_np(a.path, b.path, UInt32(RENAME_SWAP))
        #endif
        guard result == 0 else {
            throw JobMatchError.io(path: a.path, reason: "cannot exchange with \(b.path): \(String(cString: strerror(errno)))")
        }
        try DurableFile.sync(a.deletingLastPathComponent())
    }
}
