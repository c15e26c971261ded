import Foundation

/// What tells one version of a file from the next: its inode (a durable replace renames a new file
/// into place), size and modification time; nil when there is no file. What a long-running process
/// compares to notice that another one replaced or appended to a file it read.
public struct FileIdentity: Equatable, Sendable {
    public let inode: UInt64, size: UInt64, modified: Date

    public init?(_ url: URL) {
        guard let a = try? FileManager.default.attributesOfItem(atPath: url.path),
              let inode = (a[.systemFileNumber] as? NSNumber)?.uint64Value, let size = (a[.size] as? NSNumber)?.uint64Value,
              let modified = a[.modificationDate] as? Date else { return nil }
        (self.inode, self.size, self.modified) = (inode, size, modified)
    }
}
