import Foundation

/// A one-line progress bar on stderr (rate and ETA), redrawn at most ten times a second, and only
/// when stderr is a terminal. With a total of 0 (unknown) it shows a count and a rate.
final class ProgressBar {
    private let total: Int
    private let unit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let enabled = isatty(2) != 0

    init(total: Int, unit: String) {
        self.total = total
        self.unit = unit
    }

    func update(_ done: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        guard total > 0 else {  // unknown total: a count and a rate
            FileHandle.standardError.write(Data(String(format: "\r%d %@ %.0f/s ", done, unit, rate).utf8))
            return
        }
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int(fraction * 30)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r[%@%@] %3.0f%% %d/%d %@ %.0f/s ETA %.0fs ",
                          String(repeating: "#", count: filled), String(repeating: " ", count: 30 - filled),
                          fraction * 100, done, total, unit, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
