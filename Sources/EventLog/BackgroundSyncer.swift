import Foundation

/// Runs `fdatasync` for the embedded log on its own thread, so that writing the next batch
/// overlaps with the disk flushing the last one.
///
/// ``request(_:)`` marks a segment file as needing a sync; ``waitUntilSynced()`` blocks until
/// every file marked before the call is synced and throws the first failure — then and at every
/// later call: a failed sync is sticky until the log is reopened. Several batches
/// written to one file before its sync starts share one `fdatasync`. A producer's `flush()`
/// waits here before it returns, so nothing is acknowledged before it is on stable storage.
final class BackgroundSyncer: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [ObjectIdentifier: LogFile] = [:]
    private var inFlight = 0
    private var failure: EventLogError?
    private var stopping = false

    init() {
        let thread = Thread { self.run() }  // the thread keeps the syncer alive until stop()
        thread.name = "eventlog-fsync"
        thread.start()
    }

    /// Asks the thread to stop once idle; the log calls this when it closes.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    func request(_ file: LogFile) {
        condition.lock()
        pending[ObjectIdentifier(file)] = file
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilSynced() throws {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty || inFlight > 0 { condition.wait() }
        if let failure { throw failure }  // sticky: every later wait fails until the log is reopened
    }

    private func run() {
        condition.lock()
        while true {
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty && stopping { break }
            let files = Array(pending.values)
            pending.removeAll()
            inFlight = files.count
            condition.unlock()
            var error: EventLogError?
            for file in files {
                do { try file.sync() } catch let e as EventLogError { error = error ?? e } catch {}
            }
            condition.lock()
            inFlight = 0
            if let error, failure == nil { failure = EventLogError.sticky(error) }
            condition.broadcast()
        }
        condition.unlock()
    }
}
