import Foundation

/// Replaces a set of files that belong together (e.g. `tables/jobs.parquet` and
/// `tables/cvs.parquet`) so that a reader sees either the whole old set or the whole new set.
///
/// The mechanism is a roll-forward journal in the set's folder:
/// 1. each new file is written in full under a staged name (`jobs.parquet.next`) and made
///    durable (``DurableFile/commit(_:to:)``);
/// 2. the journal `.switch.json` — the list of staged → final names — is written durably and
///    atomically. **This is the switch point**: before it the old set is in place and the staged
///    files are ignored; after it the new set is, even if no rename has happened yet;
/// 3. each staged file is renamed to its final name, the folder is fsynced, the journal removed.
///
/// A crash between 2 and 3 leaves the journal; ``settle(folder:)`` finishes the renames (it is
/// idempotent) and every reader calls it before opening a file of the folder — `ParquetReader`
/// does so for every Parquet file it opens, so the stages and the CLI never see two runs mixed.
///
/// ```swift
/// try DurableFileSet.replace([(staged: jobsNext, final: jobs), (staged: cvsNext, final: cvs)])
/// ```
public enum DurableFileSet {
    /// The journal's name in the set's folder.
    public static let journalName = ".switch.json"

    /// The staged name of `url` while its set is being written (`NAME.next`, same folder).
    public static func staged(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".next")
    }

    /// Switches every `final` to its `staged` file at once (see the type's discussion).
    /// - Throws: `JobMatchError.invalidArgument` when the files are not all in one folder or a
    ///   staged file is missing; `JobMatchError.io` from the file system.
    public static func replace(_ files: [(staged: URL, final: URL)]) throws {
        guard let folder = files.first?.final.deletingLastPathComponent() else { return }
        for f in files {
            guard f.staged.deletingLastPathComponent().path == folder.path, f.final.deletingLastPathComponent().path == folder.path else {
                throw JobMatchError.invalidArgument("\(f.final.path): a file set must live in one folder (\(folder.path))")
            }
            guard FileManager.default.fileExists(atPath: f.staged.path) else {
                throw JobMatchError.io(path: f.staged.path, reason: "staged file of the set is missing")
            }
            try DurableFile.sync(f.staged)
        }
        try settle(folder: folder)  // an older unfinished switch first
        let entries = files.map { ["from": $0.staged.lastPathComponent, "to": $0.final.lastPathComponent] }
        let journal = folder.appendingPathComponent(journalName)
        try DurableFile.write(try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys]), to: journal)
        try rollForward(folder: folder, entries: entries)
    }

    /// Finishes a switch that a crash interrupted; does nothing when `folder` has no journal.
    /// - Throws: `JobMatchError.format` for an unreadable journal, `io` from the file system.
    public static func settle(folder: URL) throws {
        let journal = folder.appendingPathComponent(journalName)
        guard let data = FileManager.default.contents(atPath: journal.path) else { return }
        guard let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: String]],
              entries.allSatisfy({ isPlainName($0["from"]) && isPlainName($0["to"]) })
        else { throw JobMatchError.format(path: journal.path, reason: "not a file-set journal: expected [{\"from\": NAME, \"to\": NAME}]") }
        try rollForward(folder: folder, entries: entries)
    }

    /// Settles the folder holding `file` (what a reader calls before opening `file`).
    public static func settle(containing file: URL) throws {
        try settle(folder: file.deletingLastPathComponent())
    }

    private static func rollForward(folder: URL, entries: [[String: String]]) throws {
        for entry in entries {
            let from = folder.appendingPathComponent(entry["from"]!), to = folder.appendingPathComponent(entry["to"]!)
            // Already renamed by an earlier (interrupted) roll-forward when the staged file is gone.
            guard FileManager.default.fileExists(atPath: from.path) else { continue }
            do {
                try DurableFile.fileSystem.rename(from.path, to.path)
            } catch where !FileManager.default.fileExists(atPath: from.path) {
                continue  // another process settling the same folder renamed it first
            }
        }
        try DurableFile.sync(folder)
        let journal = folder.appendingPathComponent(journalName)
        do {
            try FileManager.default.removeItem(at: journal)
        } catch {
            if FileManager.default.fileExists(atPath: journal.path) {
                throw JobMatchError.io(path: journal.path, reason: "cannot remove the file-set journal: \(error.localizedDescription)")
            }
        }
        try DurableFile.sync(folder)
    }

    private static func isPlainName(_ name: String?) -> Bool {
        guard let name, !name.isEmpty, name != ".", name != ".." else { return false }
        return !name.contains("/")
    }
}
