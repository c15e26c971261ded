import Foundation

/// Content fingerprints of files and folders, cached by (size, modification time, inode).
///
/// A file's fingerprint is its size and an FNV-1a hash of its bytes, so touching a file without
/// changing it does not rerun anything, and a change that keeps size and time still shows when
/// the cache key (inode, size, mtime) changes. A folder's fingerprint combines its files'
/// fingerprints and relative paths (hidden files and `*.partial` are ignored).
public struct Fingerprinter {
    public struct CacheEntry: Codable, Equatable, Sendable {
        var size: Int, modified: Double, inode: UInt64, hash: String
    }

    /// path → last computed entry; stored in the manifest.
    public var cache: [String: CacheEntry]

    public init(cache: [String: CacheEntry] = [:]) { self.cache = cache }

    /// nil when the path does not exist.
    public mutating func fingerprint(_ url: URL) throws -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return nil }
        if !isDir.boolValue { return try file(url) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let root = url.standardizedFileURL.resolvingSymlinksInPath().path
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let f = e?.nextObject() as? URL {
            if (try? f.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, !f.lastPathComponent.hasSuffix(".partial") {
                files.append(f)
            }
        }
        for f in files.sorted(by: { $0.path < $1.path }) {
            let rel = f.standardizedFileURL.resolvingSymlinksInPath().path.replacingOccurrences(of: root, with: "")
            h = Self.fnv(Data(rel.utf8), h)
            h = Self.fnv(Data((try file(f)).utf8), h)
        }
        return String(format: "dir:%016llx", h)
    }

    mutating func file(_ url: URL) throws -> String {
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        var st = stat()
        guard stat(path, &st) == 0 else { throw PipelineError("\(path): cannot stat") }
        let size = Int(st.st_size), modified = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9, inode = UInt64(st.st_ino)
        if let c = cache[path], c.size == size, c.modified == modified, c.inode == inode { return c.hash }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw PipelineError("\(path): cannot read") }
        defer { try? handle.close() }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        while let chunk = try? handle.read(upToCount: 8 << 20), !chunk.isEmpty { h = Self.fnv(chunk, h) }
        let hash = String(format: "%d:%016llx", size, h)
        cache[path] = CacheEntry(size: size, modified: modified, inode: inode, hash: hash)
        return hash
    }

    /// FNV-1a over 8-byte words, then the tail bytes.
    static func fnv(_ data: Data, _ seed: UInt64) -> UInt64 {
        var h = seed
        data.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words { h = (h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01b3 }
            for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x100_0000_01b3 }
        }
        return h
    }
}
