import Foundation

/// Small HTML pieces for the run reports: escaped text, tables, and inline SVG charts (no
/// scripts, no external files).
public enum HTMLReport {
    public static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}\
        td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}\
        svg{margin:1em 0}</style></head>
        <body><h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    public static func table(header: [String], rows: [[String]]) -> String {
        var s = "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for r in rows { s += "<tr>" + r.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return s + "</table>"
    }

    /// Grouped bars: one group per metric, one bar per series (model), values in [0, 1].
    public static func barChart(series: [(name: String, values: [String: Double])], metrics: [String]) -> String {
        let groupWidth = max(60, 22 * series.count + 20), left = 40, top = 20, height = 240
        let width = left + groupWidth * metrics.count + 20
        let legendHeight = 18 * series.count + 10
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(top + height + 40 + legendHeight)\" font-size=\"11\">\n"
        for t in stride(from: 0.0, through: 1.0001, by: 0.25) {
            let y = Double(top) + Double(height) * (1 - t)
            s += "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(left - 4)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(f(t, 2))</text>\n"
        }
        let bar = 18
        for (g, m) in metrics.enumerated() {
            let x0 = left + g * groupWidth + 10
            for (i, se) in series.enumerated() {
                let v = max(0, min(1, se.values[m] ?? 0))
                let h = Double(height) * v
                s += "<rect x=\"\(x0 + i * (bar + 4))\" y=\"\(f(Double(top) + Double(height) - h))\" width=\"\(bar)\" height=\"\(f(h))\" fill=\"\(palette[i % palette.count])\"><title>\(escape(se.name)) \(escape(m)) \(f(se.values[m] ?? 0, 4))</title></rect>"
            }
            s += "<text x=\"\(x0 + (series.count * (bar + 4)) / 2)\" y=\"\(top + height + 15)\" text-anchor=\"middle\">\(escape(m))</text>\n"
        }
        for (i, se) in series.enumerated() {
            let y = top + height + 35 + 18 * i
            s += "<rect x=\"\(left)\" y=\"\(y - 10)\" width=\"12\" height=\"12\" fill=\"\(palette[i % palette.count])\"/><text x=\"\(left + 18)\" y=\"\(y)\">\(escape(se.name))</text>\n"
        }
        return s + "</svg>"
    }

    /// A line chart of y against x (e.g. loss per step).
    public static func lineChart(_ points: [(x: Double, y: Double)], title: String, color: String = "#4e79a7") -> String {
        let width = 720, height = 260, left = 70, top = 24, bottom = 30
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY0 = points.map(\.y).min(), let maxY0 = points.map(\.y).max() else {
            return "<p>\(escape(title)): no points</p>"
        }
        let minY = minY0 == maxY0 ? minY0 - 1 : minY0, maxY = minY0 == maxY0 ? maxY0 + 1 : maxY0
        let pw = Double(width - left - 10), ph = Double(height - top - bottom)
        func px(_ x: Double) -> Double { Double(left) + (maxX == minX ? 0.5 : (x - minX) / (maxX - minX)) * pw }
        func py(_ y: Double) -> Double { Double(top) + (1 - (y - minY) / (maxY - minY)) * ph }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-size=\"11\">\n"
        s += "<text x=\"\(left)\" y=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
        for i in 0...4 {
            let v = minY + (maxY - minY) * Double(i) / 4
            s += "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(f(py(v)))\" y2=\"\(f(py(v)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(left - 4)\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(String(format: "%.3g", v))</text>\n"
        }
        s += "<text x=\"\(left)\" y=\"\(height - 8)\">\(String(format: "%.0f", minX))</text>"
        s += "<text x=\"\(width - 10)\" y=\"\(height - 8)\" text-anchor=\"end\">\(String(format: "%.0f", maxX)) (step)</text>\n"
        let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
        s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
        return s + "</svg>"
    }

    static func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

    /// Writes `html` to `url` (creating its folder), atomically.
    public static func write(_ html: String, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try html.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "cannot write the report: \(error.localizedDescription)")
        }
    }
}

/// The `jobmatch eval` report: the set, a grouped bar chart and a table of every metric.
public enum EvalReport {
    public static func html(set: EvaluationSet, results: [RetrievalEvaluator.Result], settings: [(String, String)]) -> String {
        var body = "<p>\(HTMLReport.escape(set.name)): \(set.queries.count) queries"
            + (set.droppedQueries > 0 ? " (\(set.droppedQueries) without a relevant document left out)" : "")
            + ", \(set.corpus.count) documents.</p>\n"
        body += HTMLReport.barChart(series: results.map { ($0.name, $0.metrics.values) }, metrics: RetrievalMetrics.names)
        body += section(results)
        body += "<h2>Settings</h2>" + HTMLReport.table(header: ["setting", "value"], rows: settings.map { [$0.0, $0.1] })
        return HTMLReport.page(title: "jobmatch eval", body: body)
    }

    public static func section(_ results: [RetrievalEvaluator.Result]) -> String {
        HTMLReport.table(header: ["model"] + RetrievalMetrics.names + ["seconds"], rows: results.map { r in
            [r.name] + RetrievalMetrics.names.map { String(format: "%.4f", r.metrics[$0]) } + [String(format: "%.1f", r.seconds)]
        })
    }
}
