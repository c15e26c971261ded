import Foundation
import Ingest
import JobMatchCore

/// Writes a realistic synthetic dataset into a workspace's `raw/` folder, streaming, in bounded
/// memory, deterministically for a seed (each record draws from its own random stream).
///
/// Files: the three LinkedIn CSVs in the public dataset's schema and quoting, `indeed_jobs.csv`,
/// `glassdoor_jobs.csv`, `cvs.jsonl`, and `labels.jsonl` (the latent occupation of every job and
/// CV, kept out of the texts, for measuring match quality).
///
/// ```swift
/// let report = try DatasetGenerator(config: .init(jobs: 10_000, cvs: 500, seed: 42)).write(to: Workspace("ws"))
/// ```
public struct DatasetGenerator: Sendable {
    public struct Config: Sendable, Codable, Equatable {
        public var jobs: Int
        public var cvs: Int
        public var seed: UInt64
        /// Indeed + Glassdoor postings together (about 250, as in the seed).
        public var boardJobs: Int
        /// Quirk rates.
        public var duplicateRate = 0.01, missingSkillsRate = 0.03, missingSummaryRate = 0.03
        public var foreignRate = 0.01, htmlRate = 0.03, plainUseRate = 0.15
        /// What keeps the evaluation from being easy (docs/processing.md, "What keeps the generated
        /// evaluation from being easy"): postings that also
        /// ask for a neighbouring occupation's duties and skills (same industry); per skill, the
        /// chance it comes from a neighbour; postings with a vague title ("Healthcare
        /// Specialist"); CV duties told with another verb than the postings'; CVs with a "Skills"
        /// list (the others name skills only in their experience); CV headlines that name the
        /// title (the others say "experienced healthcare professional"); the share of a CV's
        /// filler bullets that any CV could hold.
        public var neighbourRate = 0.5, borrowRate = 0.2, genericTitleRate = 0.15, paraphraseRate = 0.7
        public var cvSkillsListRate = 0.5, cvTitleRate = 0.5, genericBulletRate = 0.9
        /// CVs whose owners let recruiters find them (`open_to_recruiters`: the CV index).
        public var openToRecruitersRate = 0.7

        public init(jobs: Int, cvs: Int, seed: UInt64, boardJobs: Int = 250) {
            self.jobs = jobs
            self.cvs = cvs
            self.seed = seed
            self.boardJobs = boardJobs
        }
    }

    /// What was written.
    public struct Report: Sendable {
        public var postingRows = 0, uniquePostings = 0, skillRows = 0, summaryRows = 0
        public var indeed = 0, glassdoor = 0, cvs = 0, labels = 0
        public var bytes: [String: Int] = [:]
    }

    public let config: Config
    let world: World
    let composer: Composer

    public init(config: Config, taxonomy: Taxonomy = .builtIn) {
        self.config = config
        self.world = World(taxonomy)
        self.composer = Composer(world: world)
    }

    /// Writes every file; `progress` is called with the number of postings written so far.
    /// - Throws: `JobMatchError.io` if a file cannot be written.
    public func write(to workspace: Workspace, progress: (Int) -> Void = { _ in }) throws -> Report {
        try workspace.create(workspace.raw)
        var report = Report()
        let labels = try LabelWriter(path: workspace.rawFile(.labels).path)
        try writeLinkedIn(workspace, labels, &report, progress)
        try writeBoards(workspace, labels, &report)
        try writeCVs(workspace, labels, &report)
        try labels.close()
        report.labels = labels.count
        for f in Self.files {
            report.bytes[f.rawValue] = (try? FileManager.default.attributesOfItem(atPath: workspace.rawFile(f).path)[.size] as? Int) ?? 0
        }
        return report
    }

    /// The raw files the generator writes: all but `resumes.csv` (its CVs are JSON Lines).
    public static let files: [RawFile] = RawFile.allCases.filter { $0 != .resumesCSV && $0 != .qrels }

    /// The random stream of record `index` of kind `kind`.
    func rng(_ kind: UInt64, _ index: Int) -> SeededGenerator {
        SeededGenerator(seed: config.seed &+ kind &* 0x1000_0000_0000, stream: UInt64(index))
    }
}

/// labels.jsonl: `{"kind":"job"|"cv","id":…,"occupation":…,"industry":…}` per line.
final class LabelWriter {
    private let writer: CSVWriter
    private(set) var count = 0

    init(path: String) throws {
        writer = try CSVWriter(path: path, header: [])
    }

    func write(kind: String, id: String, occupation: Taxonomy.Occupation) throws {
        let line = "{\"kind\":\"\(kind)\",\"id\":\(JSONText.quoted(id)),\"occupation\":\"\(occupation.id)\",\"industry\":\(JSONText.quoted(occupation.industry))}\n"
        try writer.writeRaw(Array(line.utf8))
        count += 1
    }

    func close() throws { try writer.close() }
}
