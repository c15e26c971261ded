import Foundation
import Ingest
import JobMatchCore

/// The embedded join: postings ⋈ skills ⋈ summaries on job_link in bounded memory.
///
/// Pass 1 hash-partitions the three inputs by job_link into spill files (`SpillWriter`, one per
/// partition, ~64 MiB of input each); pass 2 loads one partition at a time, keeps the latest
/// row per job_link (`DedupeOrder`), left-joins the skills and summary (the greatest value when a
/// part appears twice, as Spark's `max`), applies the filters and hands each row on sorted by
/// job_id. Peak memory is one partition, not the input.
public struct EmbeddedJoin {
    public let options: JoinOptions
    /// Folder for spill files (removed afterwards).
    public let tempFolder: URL
    /// Partition count; nil picks one from the input size.
    public var partitions: Int?

    public init(options: JoinOptions, tempFolder: URL, partitions: Int? = nil) {
        self.options = options
        self.tempFolder = tempFolder
        self.partitions = partitions
    }

    static let postingTag: UInt8 = 1, skillsTag: UInt8 = 2, summaryTag: UInt8 = 3

    /// Runs the join; `body` gets every surviving row. `progress` gets `(done, total)`: input
    /// records read with total 0 (unknown) in pass 1, then partitions joined of all partitions.
    public func run(source: any JobRecordSource, progress: (Int, Int) -> Void = { _, _ in },
                    body: (JobPosting) throws -> Void) throws -> JoinCounts {
        let count = partitions ?? max(4, min(256, source.estimatedBytes / (64 << 20) + 1))
        try? FileManager.default.removeItem(at: tempFolder)
        do { try FileManager.default.createDirectory(at: tempFolder, withIntermediateDirectories: true) } catch {
            throw ProcessingError(.io, "cannot create temp folder", file: tempFolder.path)
        }
        defer { try? FileManager.default.removeItem(at: tempFolder) }
        var counts = JoinCounts()
        let writers = try (0..<count).map { try SpillWriter(path: tempFolder.appendingPathComponent("part-\($0).spill").path) }
        var read = 0
        func partition(_ key: String) -> Int { Int(Self.hash(key) % UInt64(count)) }
        try source.forEachPosting { p in
            counts.postingRows += 1
            try writers[partition(p.jobID)].write(tag: Self.postingTag, Self.fields(of: p))
            read += 1
            if read % 10_000 == 0 { progress(read, 0) }
        }
        try source.forEachSkillsRow { link, skills in
            counts.skillsRows += 1
            try writers[partition(link)].write(tag: Self.skillsTag, [link, skills])
            read += 1
            if read % 10_000 == 0 { progress(read, 0) }
        }
        try source.forEachSummaryRow { link, summary in
            counts.summaryRows += 1
            try writers[partition(link)].write(tag: Self.summaryTag, [link, summary])
            read += 1
            if read % 10_000 == 0 { progress(read, 0) }
        }
        progress(read, 0)
        for w in writers { try w.close() }
        for (i, w) in writers.enumerated() {
            progress(i, count)
            try joinPartition(path: w.path, counts: &counts, body: body)
            try? FileManager.default.removeItem(atPath: w.path)
        }
        progress(count, count)
        return counts
    }

    private func joinPartition(path: String, counts: inout JoinCounts, body: (JobPosting) throws -> Void) throws {
        var reader = try SpillReader(path: path)
        var postings: [String: JobPosting] = [:]
        var skills: [String: String] = [:]
        var summaries: [String: String] = [:]
        while let (tag, f) = try reader.next() {
            switch tag {
            case Self.postingTag:
                let p = try Self.posting(from: f, file: path)
                if let old = postings[p.jobID] {
                    counts.dropped["duplicate job_link", default: 0] += 1
                    if DedupeOrder.prefers(p, over: old) { postings[p.jobID] = p }
                } else {
                    postings[p.jobID] = p
                }
            case Self.skillsTag:
                let (link, value) = (f[0] ?? "", f[1] ?? "")
                if let old = skills[link], !old.utf8.lexicographicallyPrecedes(value.utf8) { continue }
                skills[link] = value
            default:
                let (link, value) = (f[0] ?? "", f[1] ?? "")
                if let old = summaries[link], !old.utf8.lexicographicallyPrecedes(value.utf8) { continue }
                summaries[link] = value
            }
        }
        for id in postings.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            var p = postings[id]!
            if p.source == .linkedin {
                if let s = skills[id] { p.skillsListed = splitSkillList(s) } else { counts.withoutSkillsRow += 1 }
                if let s = summaries[id] { p.summary = s } else { counts.withoutSummaryRow += 1 }
            }
            guard let reason = Self.dropReason(p, options) else {
                counts.rowsOut += 1
                try body(p)
                continue
            }
            counts.dropped[reason, default: 0] += 1
        }
    }

    /// Why a joined row is filtered out, or nil to keep it.
    static func dropReason(_ p: JobPosting, _ options: JoinOptions) -> String? {
        if p.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "missing title" }
        if let c = options.country, p.country?.lowercased() != c.lowercased() { return "other country" }
        if options.requireSummary, (p.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "missing summary"
        }
        return nil
    }

    static func fields(of p: JobPosting) -> [String?] {
        [p.jobID, p.source.rawValue, p.url, p.title, p.company, p.location, p.country, p.level, p.type,
         p.firstSeen, p.lastProcessedTime, p.skillsListed.isEmpty ? nil : p.skillsListed.joined(separator: "\u{1F}"), p.summary]
    }

    static func posting(from f: [String?], file: String) throws -> JobPosting {
        guard f.count == 13, let id = f[0], let source = f[1].flatMap(JobSource.init(rawValue:)) else {
            throw ProcessingError(.io, "spill record has the wrong shape", file: file)
        }
        return JobPosting(
            jobID: id, source: source, url: f[2], title: f[3] ?? "", company: f[4], location: f[5], country: f[6],
            level: f[7], type: f[8], firstSeen: f[9], lastProcessedTime: f[10],
            skillsListed: f[11].map { $0.split(separator: "\u{1F}").map(String.init) } ?? [], summary: f[12])
    }

    /// FNV-1a over the key's UTF-8 bytes.
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
