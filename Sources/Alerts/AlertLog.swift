import Foundation

/// `alerts/alerts.jsonl`: every alert written, one fsync'd line each.
public enum AlertLog {
    /// Every alert in the file, in the order written (`cvID` given: that CV's only).
    /// - Throws: `AlertsError.badFile` naming the file and line of a line that is not an alert.
    public static func read(_ url: URL, cvID: String? = nil) throws -> [Alert] {
        let decoder = JSONDecoder()
        var out: [Alert] = []
        for (i, line) in try JSONLinesFile.lines(url).enumerated() {
            guard let alert = try? decoder.decode(Alert.self, from: line) else {
                throw AlertsError(.badFile, path: url.path, "line \(i + 1) is not an alert")
            }
            if cvID == nil || alert.cvID == cvID { out.append(alert) }
        }
        return out
    }
}
