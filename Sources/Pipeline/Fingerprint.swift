import Foundation
import JobMatchCore

/// Content fingerprints of files and folders, cached by (size, modification time, inode).
///
/// A file's fingerprint is its size and a `ContentHash` of its bytes, so touching a file without
/// changing it does not rerun anything, and a change that keeps size and time still shows when
/// the cache key (inode, size, mtime) changes. A folder's fingerprint combines its files'
/// fingerprints and relative paths (hidden files, `*.partial` and `ignoredFolders` are ignored).
public struct Fingerprinter {
    /// Folders whose files are bookkeeping of a folder's readers, not its content: an event
    /// log's committed consumer offsets (`process` commits there after every run, which would
    /// otherwise make the log look changed and rerun `ingest`).
    public static let ignoredFolders: Set<String> = ["__consumer_offsets"]

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
        var h = ContentHash.seed
        let root = url.standardizedFileURL.resolvingSymlinksInPath().path
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let f = e?.nextObject() as? URL {
            if Self.ignoredFolders.contains(f.lastPathComponent) { e?.skipDescendants(); continue }
            if (try? f.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, !f.lastPathComponent.hasSuffix(".partial") {
                files.append(f)
            }
        }
        for f in files.sorted(by: { $0.path < $1.path }) {
            let rel = f.standardizedFileURL.resolvingSymlinksInPath().path.replacingOccurrences(of: root, with: "")
            h = ContentHash.update(h, Data(rel.utf8))
            h = ContentHash.update(h, Data((try file(f)).utf8))
        }
        return String(format: "dir:%016llx", h)
    }

    mutating func file(_ url: URL) throws -> String {
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        var st = stat()
        guard stat(path, &st) == 0 else { throw PipelineError("\(path): cannot stat") }
        let size = Int(st.st_size), modified = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9, inode = UInt64(st.st_ino)
        if let c = cache[path], c.size == size, c.modified == modified, c.inode == inode { return c.hash }
        let h = try ContentHash.update(ContentHash.seed, file: URL(fileURLWithPath: path)).hash
        let hash = String(format: "%d:%016llx", size, h)
        cache[path] = CacheEntry(size: size, modified: modified, inode: inode, hash: hash)
        return hash
    }
}
