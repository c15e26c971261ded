import Foundation
import JobMatchCore

/// A ``DurableFileSystem`` for tests: it records every `fsync` and `rename` in order and can
/// simulate a power loss under one folder, keeping only what was made durable.
///
/// The model is the POSIX one: a file's bytes survive only as of its last `fsync` (a file never
/// synced comes back empty, as after a delayed-allocation crash), and a folder's entries
/// (created, renamed, removed names) survive only as of the folder's last `fsync`. Everything
/// under `root` when the simulator is made counts as durable. Writers may write bytes with any
/// API; only the sync and rename calls must go through `DurableFile.fileSystem`:
///
/// ```swift
/// let disk = CrashSimulatingFileSystem(root: folder)
/// try DurableFile.$fileSystem.withValue(disk) { try writeTables() }
/// try disk.powerLoss()   // `folder` now holds what a machine would find after a power cut
/// ```
public final class CrashSimulatingFileSystem: DurableFileSystem, @unchecked Sendable {
    public let root: String
    private let lock = NSLock()
    private var log: [String] = []
    private var nextID = 0
    /// The file object at each current path (renames move it).
    private var identity: [String: Int] = [:]
    /// Each file object's bytes as of its last sync.
    private var durableBytes: [Int: Data] = [:]
    /// Each folder's entries as of its last sync: name → file object, or nil for a subfolder.
    private var durableEntries: [String: [String: Int?]] = [:]

    public init(root: URL) {
        self.root = root.standardizedFileURL.path
        snapshot(self.root)
    }

    /// The calls so far, in order: `sync NAME` and `rename FROM TO`, paths relative to `root`.
    public var operations: [String] { lock.withLock { log } }

    public func sync(_ path: String) throws {
        try PosixFileSystem().sync(path)
        lock.withLock {
            let path = URL(fileURLWithPath: path).standardizedFileURL.path
            log.append("sync \(relative(path))")
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            if isFolder.boolValue {
                durableEntries[path] = entries(of: path)
            } else {
                durableBytes[id(path)] = FileManager.default.contents(atPath: path) ?? Data()
            }
        }
    }

    /// Set to make the next `count` syncs of open files fail with this `errno` (e.g. `EIO`).
    public func failNextDescriptorSyncs(_ count: Int, errno code: Int32) {
        lock.withLock { failures = (count, code) }
    }
    private var failures: (count: Int, code: Int32) = (0, 0)

    public func sync(descriptor: Int32, path: String, dataOnly: Bool) -> Int32 {
        let injected: Int32 = lock.withLock {
            guard failures.count > 0 else { return 0 }
            failures.count -= 1
            log.append("failed sync \(relative(path))")
            return failures.code
        }
        return injected != 0 ? injected : record(descriptor: descriptor, path: path, dataOnly: dataOnly)
    }

    private func record(descriptor: Int32, path: String, dataOnly: Bool) -> Int32 {
        let status = fsync(descriptor)
        guard status == 0 else { return errno }
        lock.withLock {
            let path = URL(fileURLWithPath: path).standardizedFileURL.path
            log.append("sync \(relative(path))")
            durableBytes[id(path)] = FileManager.default.contents(atPath: path) ?? Data()
        }
        return 0
    }

    public func rename(_ from: String, _ to: String) throws {
        try PosixFileSystem().rename(from, to)
        lock.withLock {
            let from = URL(fileURLWithPath: from).standardizedFileURL.path, to = URL(fileURLWithPath: to).standardizedFileURL.path
            log.append("rename \(relative(from)) \(relative(to))")
            identity[to] = id(from)
            identity[from] = nil
        }
    }

    /// Replaces everything under `root` by what survives a power cut now.
    public func powerLoss() throws {
        try lock.withLock {
            for name in try FileManager.default.contentsOfDirectory(atPath: root) {
                try FileManager.default.removeItem(atPath: root + "/" + name)
            }
            try restore(root)
            identity = [:]
            durableEntries = [:]
            durableBytes = [:]
            snapshot(root)
        }
    }

    private func restore(_ folder: String) throws {
        for (name, object) in durableEntries[folder] ?? [:] {
            let path = folder + "/" + name
            if let object {
                FileManager.default.createFile(atPath: path, contents: durableBytes[object] ?? Data())
            } else {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                try restore(path)
            }
        }
    }

    private func snapshot(_ folder: String) {
        durableEntries[folder] = entries(of: folder)
        for case let (name, object?) in durableEntries[folder]! {
            durableBytes[object] = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
        }
        for case let (name, nil) in durableEntries[folder]! { snapshot(folder + "/" + name) }
    }

    private func entries(of folder: String) -> [String: Int?] {
        var result: [String: Int?] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
            result[name] = isFolder.boolValue ? .some(nil) : .some(id(folder + "/" + name))
        }
        return result
    }

    private func id(_ path: String) -> Int {
        if let known = identity[path] { return known }
        nextID += 1
        identity[path] = nextID
        return nextID
    }

    private func relative(_ path: String) -> String {
        path == root ? "." : path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
