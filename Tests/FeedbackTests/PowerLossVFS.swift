import Foundation
import GRDBSQLite

/// A simulated power cut for SQLite: a VFS that wraps the default one (`unix`), forwards every
/// call, and remembers each file's bytes as of its last successful `xSync` — the only call after
/// which SQLite may count on its writes being on the disk.
///
/// The model is the one ``CrashSimulatingFileSystem`` (TestSupport) applies to our own writers,
/// taken at its harshest: after a power cut a file holds exactly what it held at its last sync
/// (nothing written since survives; torn or partial writes are not modelled), and the folder
/// holds the names it held at its last sync — a file created since is gone, a file deleted since
/// is back. The folder syncs are SQLite's own: the `unix` VFS syncs the folder with the first
/// sync of a journal or WAL it created, and after a delete it asks to sync (`xDelete`'s
/// `syncDir`); this VFS replays those rules, since they happen inside the calls it forwards.
/// (That is how a stale rollback journal can come back: SQLite deletes the journal of the
/// switch to WAL without syncing the folder, and the folder is next synced by the WAL's first
/// sync — so a WAL that is never synced brings the journal back, and SQLite rolls the switch back.)
///
/// SQLite has no hook between its writes and its syncs but the VFS, so this is where the
/// simulator sits. It is installed once as the process's default VFS (every connection in the
/// test process goes through it; outside a watched folder it only forwards) and records files
/// under the folders passed to ``watch(_:)``.
///
/// ```swift
/// let disk = PowerLossVFS.watch(folder)
/// let store = try FeedbackStore(path: folder.appendingPathComponent("feedback.sqlite").path)
/// try await store.recordRequest(...)                   // answered
/// try disk.powerLoss(into: after)                      // `after` holds what a restarted machine finds
/// ```
enum PowerLossVFS {
    /// One watched folder's durable images.
    final class Disk: @unchecked Sendable {
        let root: String
        fileprivate var durable: [String: Data] = [:]  // path → bytes as of its last sync
        fileprivate var names: Set<String> = []  // the folder's files as of its last sync
        fileprivate var cut = false
        /// Syncs recorded so far (a test checks that the store synced at all).
        fileprivate(set) var syncs = 0
        private let lock = NSLock()

        init(root: String) {
            self.root = root
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
                durable[root + "/" + name] = FileManager.default.contents(atPath: root + "/" + name)
                names.insert(root + "/" + name)
            }
        }

        var syncCount: Int { lock.withLock { syncs } }

        /// Writes into `folder` what survives a power cut now: each file as of its last sync
        /// (same names), and stops recording. The folder watched is left as it is (its store may
        /// still be open and writing).
        func powerLoss(into folder: URL) throws {
            let images = lock.withLock { () -> [String: Data] in
                cut = true
                return Dictionary(uniqueKeysWithValues: names.map { ($0, durable[$0] ?? Data()) })
            }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (path, bytes) in images {
                try bytes.write(to: folder.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent))
            }
        }

        fileprivate func synced(_ path: String) {
            lock.withLock {
                guard !cut else { return }
                durable[path] = FileManager.default.contents(atPath: path) ?? Data()
                syncs += 1
            }
        }

        /// The folder was synced: its files now are the ones a power cut leaves.
        fileprivate func folderSynced() {
            lock.withLock {
                guard !cut else { return }
                names = Set(((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).map { root + "/" + $0 })
            }
        }
    }

    /// Starts recording the SQLite files directly under `folder` (installing the VFS if needed).
    static func watch(_ folder: URL) -> Disk {
        installed  // runs the installation once
        let disk = Disk(root: folder.standardizedFileURL.path)
        lock.withLock { disks.append(disk) }
        return disk
    }

    fileprivate static func disk(for path: String) -> Disk? {
        lock.withLock { disks.last { path.hasPrefix($0.root + "/") } }
    }

    private nonisolated(unsafe) static var disks: [Disk] = []
    fileprivate static let lock = NSLock()

    /// Our header in front of the real file object: our `sqlite3_file` (its methods), then an
    /// unmanaged ``OpenFile`` (or nil for a file without a name), then the `unix` VFS's own file object.
    static let header = 16

    /// What the VFS knows of an open file.
    final class OpenFile {
        let path: String
        /// The `unix` VFS syncs the folder with this file's first sync (a journal or WAL it created).
        var syncsFolder: Bool
        init(path: String, syncsFolder: Bool) { self.path = path; self.syncsFolder = syncsFolder }
    }

    nonisolated(unsafe) static var real: UnsafeMutablePointer<sqlite3_vfs>!
    nonisolated(unsafe) static var methods: UnsafeMutablePointer<sqlite3_io_methods>!

    private static let installed: Void = {
        real = sqlite3_vfs_find(nil)
        methods = .allocate(capacity: 1)  // never freed, like the VFS
        methods.initialize(to: makeMethods())
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)  // never freed: connections keep it
        vfs.initialize(to: real.pointee)
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup("powerloss"))
        vfs.pointee.szOsFile = real.pointee.szOsFile + Int32(header)
        vfs.pointee.xOpen = { _, name, file, flags, outFlags in
            let inner = PowerLossVFS.inner(file!)
            let rc = PowerLossVFS.real.pointee.xOpen!(PowerLossVFS.real, name, inner, flags, outFlags)
            guard inner.pointee.pMethods != nil else {
                file!.pointee.pMethods = nil
                return rc
            }
            // unixOpen's rule: a journal or WAL opened with SQLITE_OPEN_CREATE gets UNIXFILE_DIRSYNC.
            let kind = flags & 0x000F_FF00
            let syncsFolder = flags & SQLITE_OPEN_CREATE != 0
                && [SQLITE_OPEN_MAIN_JOURNAL, SQLITE_OPEN_SUPER_JOURNAL, SQLITE_OPEN_WAL].contains(kind)
            let box: UnsafeMutableRawPointer? = name.map {
                Unmanaged.passRetained(PowerLossVFS.OpenFile(path: String(cString: $0), syncsFolder: syncsFolder)).toOpaque()
            }
            UnsafeMutableRawPointer(file!).storeBytes(of: box, toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
            file!.pointee.pMethods = UnsafePointer(PowerLossVFS.methods)
            return rc
        }
        vfs.pointee.xDelete = { _, name, syncDir in
            let rc = PowerLossVFS.real.pointee.xDelete!(PowerLossVFS.real, name, syncDir)
            if rc == SQLITE_OK, syncDir != 0, let name, let disk = PowerLossVFS.disk(for: String(cString: name)) { disk.folderSynced() }
            return rc
        }
        precondition(sqlite3_vfs_register(vfs, 1) == SQLITE_OK, "registering the power-loss VFS")
    }()

    static func inner(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + header).assumingMemoryBound(to: sqlite3_file.self)
    }

    static func openFile(_ file: UnsafeMutablePointer<sqlite3_file>) -> OpenFile? {
        UnsafeMutableRawPointer(file).load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self)
            .map { Unmanaged<OpenFile>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The real file's methods.
    static func m(_ file: UnsafeMutablePointer<sqlite3_file>?) -> sqlite3_io_methods { inner(file!).pointee.pMethods.pointee }

    /// Every method forwards to the `unix` file; `xSync` also records the file's bytes.
    static func makeMethods() -> sqlite3_io_methods {
        var io = sqlite3_io_methods()
        io.iVersion = 3
        io.xClose = { file in
            let rc = PowerLossVFS.m(file).xClose!(PowerLossVFS.inner(file!))
            if let box = UnsafeMutableRawPointer(file!).load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self) {
                Unmanaged<OpenFile>.fromOpaque(box).release()
            }
            return rc
        }
        io.xRead = { file, buffer, amount, offset in PowerLossVFS.m(file).xRead!(PowerLossVFS.inner(file!), buffer, amount, offset) }
        io.xWrite = { file, buffer, amount, offset in PowerLossVFS.m(file).xWrite!(PowerLossVFS.inner(file!), buffer, amount, offset) }
        io.xTruncate = { file, size in PowerLossVFS.m(file).xTruncate!(PowerLossVFS.inner(file!), size) }
        io.xSync = { file, flags in
            let rc = PowerLossVFS.m(file).xSync!(PowerLossVFS.inner(file!), flags)
            if rc == SQLITE_OK, let open = PowerLossVFS.openFile(file!), let disk = PowerLossVFS.disk(for: open.path) {
                disk.synced(open.path)
                if open.syncsFolder {
                    disk.folderSynced()
                    open.syncsFolder = false
                }
            }
            return rc
        }
        io.xFileSize = { file, size in PowerLossVFS.m(file).xFileSize!(PowerLossVFS.inner(file!), size) }
        io.xLock = { file, level in PowerLossVFS.m(file).xLock!(PowerLossVFS.inner(file!), level) }
        io.xUnlock = { file, level in PowerLossVFS.m(file).xUnlock!(PowerLossVFS.inner(file!), level) }
        io.xCheckReservedLock = { file, out in PowerLossVFS.m(file).xCheckReservedLock!(PowerLossVFS.inner(file!), out) }
        io.xFileControl = { file, op, argument in PowerLossVFS.m(file).xFileControl!(PowerLossVFS.inner(file!), op, argument) }
        io.xSectorSize = { file in PowerLossVFS.m(file).xSectorSize!(PowerLossVFS.inner(file!)) }
        io.xDeviceCharacteristics = { file in PowerLossVFS.m(file).xDeviceCharacteristics!(PowerLossVFS.inner(file!)) }
        io.xShmMap = { file, page, size, extend, out in PowerLossVFS.m(file).xShmMap!(PowerLossVFS.inner(file!), page, size, extend, out) }
        io.xShmLock = { file, offset, n, flags in PowerLossVFS.m(file).xShmLock!(PowerLossVFS.inner(file!), offset, n, flags) }
        io.xShmBarrier = { file in PowerLossVFS.m(file).xShmBarrier!(PowerLossVFS.inner(file!)) }
        io.xShmUnmap = { file, delete in PowerLossVFS.m(file).xShmUnmap!(PowerLossVFS.inner(file!), delete) }
        io.xFetch = { file, offset, amount, out in PowerLossVFS.m(file).xFetch!(PowerLossVFS.inner(file!), offset, amount, out) }
        io.xUnfetch = { file, offset, pointer in PowerLossVFS.m(file).xUnfetch!(PowerLossVFS.inner(file!), offset, pointer) }
        return io
    }
}
