import Alerts
import ArgumentParser
import CommandLineSupport
import EventLog
import Foundation
import Indexing
import JobMatchCore
import Matching

/// `jobmatch watch`: standing alerts, as postings arrive in the event log.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Match new postings from the event log against the standing searches, as ingest publishes them.",
        discussion: """
            A long-running consumer (group `watch`) of topic jobs. Each cycle joins what arrived since \
            its last commit (a LinkedIn posting with its skills and summary, which may come later: a \
            corrected posting), finishes and encodes each new or changed posting with the index's model, \
            appends it to WORKSPACE/index/segment.jsonl (the index's appendable segment), scores it against \
            every standing search (jobmatch alerts add) and appends each alert at or above the search's \
            min score to WORKSPACE/alerts/alerts.jsonl. Both files are synced before the offsets are \
            committed, and an alert already written is never written again, so a kill at any moment \
            neither loses nor repeats one. The embedded log is read beside a running ingest, without its \
            lock. A first run starts at the end of the log (what is there is in the base index) unless \
            --from-beginning. --once processes what is there and exits. The join's state is kept in \
            WORKSPACE/alerts/join-state.bin after a commit once --snapshot-records records were read since \
            the last snapshot; a restart reads it and the log after it instead of the whole log. Once the \
            segment holds --merge-at postings, a background thread folds them into the base (tables/jobs.parquet, \
            tables/jobs_encoded.parquet, index/jobs.faiss: a corrected posting replaces its row, new ones are \
            appended) while the cycles go on; serve switches to the merged index at its next reload and \
            skips the segment lines already in it.
            Example: jobmatch watch --workspace ws
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var logOptions: LogOptions
    @Flag(help: "Process what the log holds, then exit.") var once = false
    @Option(help: "Milliseconds between polls when nothing new arrived.") var pollMs = 200
    @Flag(help: "On a first run, start at the beginning of the log instead of its end.") var fromBeginning = false
    @Option(help: ArgumentHelp("Model folder (default: the one the index was built with).", valueName: "dir")) var model: String?
    @Option(help: "Records read between two snapshots of the join's state.") var snapshotRecords = 100_000
    @Option(help: "Fold the segment into the base index (tables and jobs.faiss, rebuilt in the background) once it holds this many postings; 0: never.")
    var mergeAt = 50_000

    func validate() throws {
        guard (1...60_000).contains(pollMs) else { throw ValidationError("--poll-ms must be 1...60000") }
        guard snapshotRecords >= 1 else { throw ValidationError("--snapshot-records must be at least 1") }
        guard mergeAt >= 0 else { throw ValidationError("--merge-at must be 0 (never) or positive") }
    }

    func run() throws {
        try runReportingErrors {
            let ws = Workspace(options.workspace)
            let matcher = try Matcher(workspace: ws, model: model.map { URL(fileURLWithPath: $0) }, useReranker: false)
            let logOptions = self.logOptions
            let kafka: (any EventLog)? = logOptions.engine == .kafka ? try logOptions.makeLog(ws) : nil
            let openLog: () throws -> any EventLog = {
                if let kafka { return kafka }
                return try EmbeddedLog(readingWhileWrittenAt: ws.log.path)
            }
            let watcher = try AlertWatcher(workspace: ws, matcher: matcher, openLog: openLog,
                                           options: AlertWatcher.Options(fromBeginning: fromBeginning, snapshotRecords: snapshotRecords))
            let restored = try watcher.restore()
            if let skipped = restored.snapshotSkipped {
                FileHandle.standardError.write(Data("watch: join snapshot not used (\(skipped)); reading the log from its beginning\n".utf8))
            }
            if let error = restored.snapshotError {
                FileHandle.standardError.write(Data("watch: join snapshot not written: \(error)\n".utf8))
            }
            let from = restored.snapshotLinks.map { "\($0) job links from \(watcher.snapshotURL.path), then " } ?? ""
            let restoredLine = "restored the join: \(from)\(restored.replayed) records of the log" + (restored.wroteSnapshot ? " (snapshot written)" : "")
            FileHandle.standardOutput.write(Data((restoredLine + "\n").utf8))
            FileHandle.standardOutput.write(Data("watching \(ws.log.path) (group \(AlertWatcher.group))\n".utf8))
            var total = AlertWatcher.CycleReport()
            try IndexMerge.removeLeftovers(workspace: ws)  // a merge a kill interrupted (this process holds the watch lock)
            let merger = BackgroundMerge(workspace: ws, normalize: matcher.encoder.directory.normalize || matcher.info.dimension < matcher.info.modelDimension)
            while true {
                try merger.finish(watcher, wait: false)
                if mergeAt > 0, !merger.running, watcher.unmergedCount >= mergeAt { try merger.start(watcher) }
                let r = try watcher.cycle()
                if r.records > 0 {
                    let line = "read \(r.records) records: \(r.postings) postings to the segment (\(r.encoded) encoded), \(r.alerts) alerts ("
                        + String(format: "read %.3f s, finish %.3f s, encode %.3f s, match %.3f s, durable %.3f s)\n", r.readSeconds, r.finishSeconds, r.encodeSeconds, r.matchSeconds, r.writeSeconds)
                    FileHandle.standardOutput.write(Data(line.utf8))
                    if let error = r.snapshotError { FileHandle.standardError.write(Data("watch: join snapshot not written: \(error)\n".utf8)) }
                    for rejection in r.rejections {  // bad records are skipped, never a stop: said on stderr
                        FileHandle.standardError.write(Data("watch: rejected \(rejection)\n".utf8))
                    }
                }
                total.records += r.records
                total.postings += r.postings
                total.alerts += r.alerts
                if once && r.records == 0 {
                    try merger.finish(watcher, wait: true)
                    break
                }
                if r.records == 0 { usleep(UInt32(pollMs) * 1_000) }
            }
            print("done: \(total.records) records, \(total.postings) postings to the segment, \(total.alerts) alerts")
        }
    }
}

/// The merge of the segment into the base index, staged on a thread of its own while the watch's
/// cycles go on (`IndexMerge.stage`), then switched in and the segment rewritten on the cycles'
/// thread (`IndexMerge.commit`, `AlertWatcher.markMerged`). A merge that fails is said on stderr
/// and the segment keeps its postings: serving never depends on it.
final class BackgroundMerge: @unchecked Sendable {
    let workspace: Workspace
    let normalize: Bool
    private let lock = NSLock()
    private var inFlight: (postings: [AlertWatcher.MergePosting], started: Date)?
    private var outcome: Result<IndexMerge.Staged, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(workspace: Workspace, normalize: Bool) {
        self.workspace = workspace
        self.normalize = normalize
    }

    var running: Bool { lock.withLock { inFlight != nil } }

    func start(_ watcher: AlertWatcher) throws {
        let postings = try watcher.mergePostings()
        guard !postings.isEmpty else { return }
        lock.withLock { inFlight = (postings, Date()) }
        let (ws, normalize) = (workspace, normalize)
        let merge = postings.map { IndexMerge.Posting(row: $0.row, vector: $0.vector) }
        Thread.detachNewThread { [self] in
            let r = Result { try IndexMerge.stage(workspace: ws, postings: merge, normalize: normalize) }
            lock.withLock { outcome = r }
            done.signal()
        }
    }

    /// Switches a staged merge in when it is ready (waiting for it with `wait`).
    func finish(_ watcher: AlertWatcher, wait: Bool) throws {
        guard let (postings, started) = lock.withLock({ inFlight }) else { return }
        if wait { done.wait() } else if done.wait(timeout: .now()) == .timedOut { return }
        let result = lock.withLock { () -> Result<IndexMerge.Staged, any Error>? in
            defer { inFlight = nil; outcome = nil }
            return outcome
        }
        do {
            guard let staged = try result?.get() else { return }
            try IndexMerge.commit(staged, workspace: workspace)
            try watcher.markMerged(postings, base: staged.info.created)
            let line = String(format: "merged %d postings into the base index (%d replaced, %d added; %d vectors; %.1f s)\n",
                              postings.count, staged.replaced, staged.appended, staged.info.count, Date().timeIntervalSince(started))
            FileHandle.standardOutput.write(Data(line.utf8))
        } catch {
            FileHandle.standardError.write(Data("watch: merge not done, the segment keeps its postings: \(error)\n".utf8))
        }
    }
}
