import Foundation

/// A consumer group's committed offsets in the embedded log: `__consumer_offsets/<group>.json`.
///
/// The file maps topic → partition → the offset of the next record to read:
/// `{"jobs": {"0": 1200, "1": 1187, "2": 1213}}`. A commit writes a temporary file, syncs it,
/// renames it over the old one and syncs the folder, so a crash leaves the old or the new
/// offsets, never a mix.
struct OffsetStore {
    let path: String
    let folder: String

    init(folder: String, group: String) throws {
        guard group.isValidLogName else {
            throw EventLogError.invalidArgument("invalid consumer group '\(group)': use 1-200 of A-Z a-z 0-9 . _ -")
        }
        self.folder = folder
        self.path = "\(folder)/\(group).json"
    }

    /// The committed offsets; empty if the group never committed.
    func load() throws -> [String: [Int: Int64]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Int64]] else {
            throw EventLogError.badFile(file: path, reason: "expected {topic: {partition: offset}}")
        }
        var offsets: [String: [Int: Int64]] = [:]
        for (topic, partitions) in object {
            for (partition, offset) in partitions {
                guard let p = Int(partition), p >= 0, offset >= 0 else {
                    throw EventLogError.badFile(file: path, reason: "bad partition '\(partition)' or offset \(offset) for topic \(topic)")
                }
                offsets[topic, default: [:]][p] = offset
            }
        }
        return offsets
    }

    /// Replaces the committed offsets durably.
    func save(_ offsets: [String: [Int: Int64]]) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw EventLogError.io(file: folder, operation: "create folder", reason: "\(error)")
        }
        var object: [String: [String: Int64]] = [:]
        for (topic, partitions) in offsets {
            object[topic] = Dictionary(uniqueKeysWithValues: partitions.map { (String($0.key), $0.value) })
        }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            throw EventLogError.badFile(file: path, reason: "cannot encode offsets: \(error)")
        }
        try LogFile.replaceAtomically(path: path, with: Array(data))
    }
}
