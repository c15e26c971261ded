import Foundation

/// A one-line progress bar on stderr: done/total, texts/s and ETA, redrawn at most 10 times a second.
struct ProgressBar {
    let total: Int
    let start = Date()
    private var last = Date.distantPast

    init(total: Int) { self.total = total }

    mutating func update(_ done: Int) {
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 || done == total else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %d/%d  %.1f texts/s  ETA %@", bar, done, total, rate, Self.clock(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "\n%d texts in %.1f s\n", total, elapsed).utf8))
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%d:%02d", t / 60, t % 60)
    }
}
