import Foundation

/// A one-line progress bar on stderr: done/total, rate and ETA, redrawn at most ten times a
/// second and only when stderr is a terminal; `finish()` prints a closing line either way.
/// With a total of 0 (unknown) it shows a count and a rate.
final class ProgressBar {
    let total: Int
    let unit: String
    let start = Date()
    private var last = Date.distantPast
    private var done = 0
    private let enabled = isatty(2) != 0

    init(total: Int, unit: String = "texts") {
        self.total = total
        self.unit = unit
    }

    func update(_ done: Int) {
        self.done = done
        let now = Date()
        guard enabled, now.timeIntervalSince(last) > 0.1 || done == total else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        guard total > 0 else {  // unknown total: a count and a rate
            FileHandle.standardError.write(Data(String(format: "\r%d %@ %.0f/s ", done, unit, rate).utf8))
            return
        }
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = min(width, width * done / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %d/%d %@  %.1f/s  ETA %@ ", bar, done, total, unit, rate, Self.clock(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the bar's line and, with `summary`, prints "N unit in S s".
    func finish(summary: Bool = true) {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
        guard summary else { return }
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "%d %@ in %.1f s\n", max(done, total), unit, elapsed).utf8))
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%d:%02d", t / 60, t % 60)
    }
}
