import Enrichment
import EventLog
import Foundation
import JobMatchCore
import Matching
import Processing
import Transformers

/// `jobmatch watch`: new postings from the event log → the index segment → alerts for the
/// standing searches, with the log's offsets committed only after both are durable.
///
/// Each ``cycle()`` reads what the `jobs` topic holds past the group's committed offsets, joins it
/// into the postings it keeps (``StreamingJoin``), finishes and encodes each posting whose joined
/// content changed (with the serving model, the one the index's side file names), appends the
/// new versions to `index/segment.jsonl`, scores them against every standing search's CV and
/// appends the alerts at or above its minimum score to `alerts/alerts.jsonl` — then commits.
///
/// Guarantees, for a process killed at any moment: nothing is lost (offsets move only after the
/// segment and the alerts are synced, so the records after the last commit are read again) and
/// nothing is repeated (an alert's key — CV, job, job version — already in `alerts.jsonl` is not
/// written again; a torn last line is cut off on opening).
///
/// ```swift
/// let watcher = try AlertWatcher(workspace: ws, matcher: try Matcher(workspace: ws, useReranker: false),
///                                openLog: { try EmbeddedLog(readingWhileWrittenAt: ws.log.path) })
/// try watcher.restore()
/// while true { let r = try watcher.cycle(); if r.records == 0 { usleep(200_000) } }
/// ```
public final class AlertWatcher {
    /// The consumer group of `watch`.
    public static let group = "watch"

    public struct Options: Sendable {
        /// On a first run (the group never committed), start at the beginning of the log instead of its end.
        public var fromBeginning = false
        /// Records read per cycle at most (a bound on the work between two commits).
        public var maxRecordsPerCycle = 20_000
        /// A snapshot of the join's state is written after a commit once this many records were
        /// read since the last one (and after a restore that replayed as many), so a restart reads
        /// the log only from there.
        public var snapshotRecords = 100_000
        public init(fromBeginning: Bool = false, snapshotRecords: Int = 100_000) {
            self.fromBeginning = fromBeginning
            self.snapshotRecords = snapshotRecords
        }
    }

    /// How ``restore()`` rebuilt the join's state.
    public struct RestoreReport: Sendable {
        /// Job links the snapshot held, when one was used.
        public var snapshotLinks: Int?
        /// Why a snapshot on disk was not used (damaged, another format, ahead of the group's offsets).
        public var snapshotSkipped: String?
        /// Records of the log read into the join (after the snapshot's offsets when one was used).
        public var replayed = 0
        /// Whether a snapshot was written at the end of the restore.
        public var wroteSnapshot = false
        /// Why a due snapshot could not be written.
        public var snapshotError: String?
        public init() {}
    }

    /// What one cycle did.
    public struct CycleReport: Sendable {
        public var records = 0
        /// Posting versions appended to the segment (new or corrected postings).
        public var postings = 0
        /// Postings encoded now (the rest were versions already in the segment: a re-read).
        public var encoded = 0
        public var alerts = 0
        public var rejected = 0
        /// The first rejected records (partition as source, offset as line, reason), for the log.
        public var rejections: [Rejection] = []
        /// Seconds spent reading and joining, finishing (skills, texts), encoding, matching, and making it durable (segment, alerts, offsets).
        public var readSeconds = 0.0, finishSeconds = 0.0, encodeSeconds = 0.0, matchSeconds = 0.0, writeSeconds = 0.0
        /// Seconds spent writing a snapshot of the join after the commit; nil when none was due.
        public var snapshotSeconds: Double?
        /// Why a due snapshot could not be written (the watch goes on; a restart reads more of the log).
        public var snapshotError: String?
        public init() {}
    }

    let workspace: Workspace
    let matcher: Matcher
    let openLog: () throws -> any EventLog
    let options: Options
    let join: StreamingJoin
    private(set) var finisher: JobFinisher
    /// How `process` finished the base tables (`tables/processing.json`); the defaults for a
    /// workspace processed before they were recorded. Read again at a cycle when the file changed.
    public private(set) var settings: FinishingSettings
    private var settingsFile: FileIdentity?
    let searches: StandingSearchStore
    private var segmentFile: JSONLinesFile
    private var alertsFile: JSONLinesFile
    /// The latest segment entry of each job id (version and vector), so a re-read costs no encoding.
    var segment: [String: IndexSegment.Entry] = [:]
    private var alertKeys = Set<Alert.Key>()
    private var cvVectors: [String: (query: CVQuery, vector: [Float])] = [:]
    /// The CV table the cached vectors were made from: a `process` run that replaces it empties
    /// the cache at the next cycle.
    private var cvsTableFile: FileIdentity?
    private let lock: WatchLock
    /// Partition → the offset after the last record added to the join (what a snapshot covers).
    private var positions: [Int: Int64] = [:]
    private var recordsSinceSnapshot = 0
    /// Where the join's state is kept between runs (`StreamingJoin+Snapshot`).
    public var snapshotURL: URL { workspace.alerts.appendingPathComponent("join-state.bin") }

    /// - Parameter openLog: a fresh view of the log for each cycle (the embedded log:
    ///   `EmbeddedLog(readingWhileWrittenAt:)`, which sees what `ingest` appended since).
    /// - Throws: `AlertsError.io` when another `watch` runs on the workspace; file errors naming the file.
    public init(workspace: Workspace, matcher: Matcher, openLog: @escaping () throws -> any EventLog, options: Options = Options()) throws {
        self.workspace = workspace
        self.matcher = matcher
        self.openLog = openLog
        self.options = options
        lock = try WatchLock(url: workspace.alerts.appendingPathComponent(".watch.lock"))
        // New postings are finished as `process` finished the base tables: same filters, skill
        // matcher and templates.
        settingsFile = FileIdentity(workspace.processingSettings)
        cvsTableFile = FileIdentity(workspace.cvsTable)
        settings = try FinishingSettings.read(workspace.processingSettings) ?? FinishingSettings()
        join = StreamingJoin(options: settings.join)
        finisher = try settings.jobFinisher()
        searches = StandingSearchStore(workspace: workspace)
        // Opening cuts torn tails off before anything is read from them.
        segmentFile = try JSONLinesFile(url: workspace.indexSegment)
        alertsFile = try JSONLinesFile(url: workspace.alertsLog)
        for entry in try IndexSegment(url: workspace.indexSegment).entries { segment[entry.job.jobID] = entry }
        alertKeys = Set(try AlertLog.read(workspace.alertsLog).map(\.key))
    }

    /// Rebuilds the join's state up to the group's committed offsets (records past them are read
    /// again by the next cycle): from the snapshot in `alerts/join-state.bin` and the log after
    /// it, or from the whole log when there is no usable snapshot. On a first run the group's
    /// offsets are set to the end of the log (postings already there are the base index's),
    /// unless `fromBeginning`.
    @discardableResult
    public func restore() throws -> RestoreReport {
        var report = RestoreReport()
        // `alerts/watch.started` marks that a first run began: a watch killed before its first
        // commit must not, on restart, skip to the end past records it never handled.
        let marker = workspace.alerts.appendingPathComponent("watch.started")
        let started = FileManager.default.fileExists(atPath: marker.path)
        let log = try openLog()
        guard (try? log.partitionCount(of: PipelineTopic.jobs)) != nil else {
            try markStarted(marker)  // no postings yet: everything that comes is new
            return report
        }
        var snapshot: StreamingJoin.Snapshot?
        do { snapshot = try StreamingJoin.readSnapshot(snapshotURL, topic: PipelineTopic.jobs) } catch {
            report.snapshotSkipped = "\(error)"  // derived state: the log has it all
        }
        let topic = PipelineTopic.jobs
        var consumer = try log.makeConsumer(group: Self.group, topics: [topic],
                                            from: snapshot.map { .offsets([topic: $0.positions]) } ?? .beginning)
        let committed = consumer.committedAtStart[topic] ?? [:]
        let firstRun = committed.isEmpty && !started
        if firstRun && options.fromBeginning {
            try markStarted(marker)
            return report
        }
        if let s = snapshot {
            if !firstRun, s.positions.allSatisfy({ $0.value <= committed[$0.key] ?? 0 }) {
                join.restore(from: s)
                positions = s.positions
                report.snapshotLinks = s.count
            } else {
                report.snapshotSkipped = "\(snapshotURL.path): it covers records past the group's committed offsets"
                consumer = try log.makeConsumer(group: Self.group, topics: [topic], from: .beginning)
            }
        }
        while true {
            let batch = try consumer.poll(maxRecords: 10_000)
            for r in batch.records where firstRun || r.offset < committed[r.partition] ?? 0 {
                join.add(r) { _, _ in }
                positions[r.partition] = max(positions[r.partition] ?? 0, r.offset + 1)
                report.replayed += 1
            }
            if batch.atEnd || batch.records.isEmpty { break }
        }
        if firstRun { try consumer.commit() }
        try markStarted(marker)
        if report.replayed >= options.snapshotRecords {
            do {
                try join.writeSnapshot(to: snapshotURL, topic: topic, positions: positions)
                report.wroteSnapshot = true
            } catch {
                report.snapshotError = "\(error)"  // the watch goes on; the next restart reads the log again
            }
        }
        return report
    }

    private func markStarted(_ marker: URL) throws {
        guard !FileManager.default.fileExists(atPath: marker.path) else { return }
        try DurableFile.write(Data(StandingSearchStore.timestamp().utf8), to: marker)
    }

    /// Opens the segment file again (after a merge renamed a rewritten one into place).
    func reopenSegment() throws { segmentFile = try JSONLinesFile(url: workspace.indexSegment) }

    /// Reads, joins, encodes, appends and alerts what arrived since the last commit, then commits.
    public func cycle() throws -> CycleReport {
        try followTables()
        var report = CycleReport()
        var clock = Date()
        func lap() -> Double {
            let now = Date()
            defer { clock = now }
            return now.timeIntervalSince(clock)
        }
        let log = try openLog()
        guard (try? log.partitionCount(of: PipelineTopic.jobs)) != nil else { return report }
        let consumer = try log.makeConsumer(group: Self.group, topics: [PipelineTopic.jobs])
        var changed: [String] = []
        var seen = Set<String>()
        while report.records < options.maxRecordsPerCycle {
            let batch = try consumer.poll(maxRecords: min(5_000, options.maxRecordsPerCycle - report.records))
            report.records += batch.records.count
            for r in batch.records {
                positions[r.partition] = max(positions[r.partition] ?? 0, r.offset + 1)
                let id = join.add(r) { rejection, _ in
                    report.rejected += 1
                    if report.rejections.count < 20 { report.rejections.append(rejection) }
                }
                if let id, seen.insert(id).inserted { changed.append(id) }
            }
            if batch.atEnd || batch.records.isEmpty { break }
        }
        guard report.records > 0 else { return report }
        report.readSeconds = lap()
        let entries = try encode(changed, report: &report)
        _ = lap()
        let alerts = try match(entries)
        report.matchSeconds = lap()
        // Durable first: the alerts, then the segment; only then the offsets. Alerts before the
        // segment, so that no version is ever served without its alerts: a kill between the two
        // leaves alerts whose version the restarted watch may compute again (their keys are not
        // written twice) or supersede, when more of a batch had arrived by then.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try alertsFile.append(try alerts.map { try encoder.encode($0) })
        for a in alerts { alertKeys.insert(a.key) }
        try segmentFile.append(try entries.filter(\.isNew).map { try encoder.encode($0.entry) })
        for e in entries where e.isNew { segment[e.entry.job.jobID] = e.entry }
        report.postings = entries.filter(\.isNew).count
        report.alerts = alerts.count
        try consumer.commit()
        report.writeSeconds = lap()
        // The join's state as of the commit, now and then, so a restart reads the log from here.
        recordsSinceSnapshot += report.records
        if recordsSinceSnapshot >= options.snapshotRecords {
            do {
                try join.writeSnapshot(to: snapshotURL, topic: PipelineTopic.jobs, positions: positions)
                recordsSinceSnapshot = 0
            } catch {
                report.snapshotError = "\(error)"
            }
            report.snapshotSeconds = lap()
        }
        return report
    }

    struct Version {
        var entry: IndexSegment.Entry
        /// Not yet in the segment.
        var isNew: Bool
    }

    /// The current version of each changed posting, encoded unless the segment has it already.
    private func encode(_ ids: [String], report: inout CycleReport) throws -> [Version] {
        let started = Date()
        var out: [Version] = []
        var texts: [String] = [], waiting: [Int] = []
        for id in ids {
            guard case .success(let posting)? = join.joined(id), case .success(let finished) = finisher.finish(posting) else { continue }
            let version = IndexSegment.version(of: finished.row)
            if let held = segment[id], held.version == version {
                out.append(Version(entry: held, isNew: false))
                continue
            }
            waiting.append(out.count)
            texts.append(finished.row.embeddingText)
            out.append(Version(entry: IndexSegment.Entry(job: IndexSegment.job(of: finished.row), version: version, vector: [],
                                                       text: finished.row.embeddingText), isNew: true))
        }
        guard !texts.isEmpty else { return out }
        let encodeStart = Date()
        report.finishSeconds = encodeStart.timeIntervalSince(started)
        defer { report.encodeSeconds = Date().timeIntervalSince(encodeStart) }
        let info = matcher.info
        let d = info.dimension < matcher.encoder.dimension ? info.dimension : nil
        let vectors = try matcher.encoder.encode(texts, role: .passage, dimension: d, maxSeqLength: info.maxSeqLength)
        for (k, i) in waiting.enumerated() { out[i].entry.vector = vectors[k] }
        report.encoded = texts.count
        return out
    }

    /// The alerts the postings raise for the standing searches, without those already written.
    private func match(_ versions: [Version]) throws -> [Alert] {
        guard !versions.isEmpty else { return [] }
        let time = StandingSearchStore.timestamp()
        var alerts: [Alert] = []
        for search in try searches.list() where search.consent {
            guard let cv = try cvVector(search.cvID) else { continue }
            for v in versions {
                let key = Alert.Key(cvID: search.cvID, jobID: v.entry.job.jobID, jobVersion: v.entry.version)
                guard !alertKeys.contains(key) else { continue }
                let score = zip(cv.vector, v.entry.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                guard score >= search.minScore else { continue }
                let r = matcher.explain(cv.query, job: v.entry.job, score: score)
                alerts.append(Alert(cvID: search.cvID, jobID: key.jobID, jobVersion: key.jobVersion, title: r.title, company: r.company,
                                    url: r.url, score: score, matchedSkills: r.matchedSkills, missingSkills: r.missingSkills, time: time))
            }
        }
        return alerts
    }

    /// A search's CV and its vector, encoded once; nil (with a line on stderr) when the CVs table no longer has it.
    private func cvVector(_ id: String) throws -> (query: CVQuery, vector: [Float])? {
        if let held = cvVectors[id] { return held }
        let query: CVQuery
        do { query = try CVQueryBuilder.query(cvID: id, table: workspace.cvsTable) } catch let e as MatchingError where e.kind == .unknownID {
            FileHandle.standardError.write(Data("watch: standing search \(id): \(e)\n".utf8))
            return nil
        }
        let held = (query, try matcher.embed(query))
        cvVectors[id] = held
        return held
    }

    /// Follows a `process` run since the last cycle: reads `tables/processing.json` again (postings
    /// from this cycle on are filtered and finished as the new tables were) and forgets the CV
    /// vectors when `tables/cvs.parquet` was replaced (every CV may have changed). Two `stat`s a cycle.
    private func followTables() throws {
        let cvs = FileIdentity(workspace.cvsTable)
        if cvs != cvsTableFile {
            cvVectors.removeAll()
            cvsTableFile = cvs
        }
        let file = FileIdentity(workspace.processingSettings)
        guard file != settingsFile else { return }
        let fresh = try FinishingSettings.read(workspace.processingSettings) ?? FinishingSettings()
        if fresh != settings {
            finisher = try fresh.jobFinisher()
            join.options = fresh.join
            settings = fresh
        }
        settingsFile = file
    }
}
