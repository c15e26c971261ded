import Foundation

/// The report as one self-contained HTML page: inline CSS, no script, no external file; every
/// text from data (categories, versions, file names) escaped.
extension BiasAuditReport {
    public func html() -> String {
        var body = "<h1>Bias audit: scoring and selection rates by sex and race/ethnicity</h1>\n"
        body += "<p class=\"sub\">In the form of \(e(rules)). Made by <code>\(e(tool))</code> at \(e(generatedAt)).</p>\n"
        body += "<h2>What this report cannot know</h2>\n<ul class=\"limits\">" + limits.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        body += sources()
        for d in directions { body += direction(d) }
        body += definitions()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Bias audit</title>
            <style>\(Self.style)</style></head>
            <body>
            \(body)
            </body></html>

            """
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.4}\
        h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}h3{margin-bottom:.3em}.sub{color:#555}\
        table{border-collapse:collapse;margin:.5em 0 1.2em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:middle}\
        th{background:#f4f4f4}td{white-space:nowrap}td:first-child,th:first-child{text-align:left;white-space:normal}tr.unknown td{color:#666;font-style:italic}\
        tr.excluded td{background:#fff6dc}tr.low td.ir{color:#a40000;font-weight:600}.ref{font-size:.8em;color:#555}\
        .limits li{margin:.3em 0}.bar{position:relative;width:90px;height:12px;background:#f2f2f2}\
        .bar .v{position:absolute;left:0;top:2px;height:8px;background:#4e79a7}\
        .bar .ci{position:absolute;top:5px;height:2px;background:#222}.bar .f{position:absolute;top:0;height:12px;width:1px;background:#c00}\
        code{background:#f4f4f4;padding:0 3px}.note{color:#555;font-size:.9em}
        """

    private func sources() -> String {
        var s = "<h2>Data</h2>\n"
        let asked = "\(period.since ?? "the first request") to \(period.until ?? "the last request")"
        let covered = period.firstRequest.map { "\($0) to \(period.lastRequest ?? $0)" } ?? "no request"
        s += "<p>Period asked for: \(e(asked)). Requests found: \(e(covered)).</p>\n"
        s += "<p>Groups file: \(e(groups.file ?? "none supplied")), \(groups.cvs) CVs (sex unknown \(groups.sexUnknown), "
            + "race/ethnicity unknown \(groups.raceEthnicityUnknown)). Requests made with a pasted CV, not attributable: "
            + "\(unattributable.pastedCVRequests) (\(unattributable.pastedCVs) distinct CVs).</p>\n"
        s += "<p>Settings: shown in the top \(settings.top); categories under \(e(BiasAudit.percent(settings.minShare))) flagged and "
            + "left out of impact ratios; \(settings.replicates) bootstrap replicates (seed \(settings.seed)), "
            + "\(e(BiasAudit.percent(settings.confidence))) percentile intervals.</p>\n"
        s += "<table><tr><th>direction</th><th>model version</th><th>index version</th><th>ranking version</th><th>requests</th></tr>\n"
        for v in versions {
            s += "<tr><td>\(e(v.direction))</td><td>\(e(v.modelVersion))</td><td>\(e(v.indexVersion))</td><td>\(e(v.rankingVersion ?? "not recorded"))</td><td>\(v.requests)</td></tr>\n"
        }
        return s + "</table>\n"
    }

    private func direction(_ d: Direction) -> String {
        var s = "<h2>\(e(d.name))</h2>\n<p>\(e(d.description))</p>\n"
        s += "<p>\(d.requests) requests; \(d.cvs) CVs audited, \(d.cvsScored) with a score; \(d.listedNotSeen) CVs of the groups file "
            + "never appear in these requests, \(d.seenNotListed) CVs in them are not in the groups file.</p>\n"
        s += metric(d.scoring)
        for m in d.selection { s += metric(m) }
        return s
    }

    private func metric(_ m: Metric) -> String {
        let scoring = m.kind == "scoring"
        var s = "<h3>\(scoring ? "Scoring" : "Selection: " + e(m.name))</h3>\n<p class=\"note\">\(e(m.description))"
        if scoring { s += " Median score of the \(m.count) CVs scored: <b>\(m.medianScore.map { f($0, 4) } ?? "none")</b>." }
        s += " \(m.selected) of \(m.count) CVs \(scoring ? "above the median" : "selected").</p>\n"
        for t in m.tables { s += table(t, scoring: scoring) }
        return s
    }

    private func table(_ t: Table, scoring: Bool) -> String {
        let title = ["sex": "Sex", "race_ethnicity": "Race/ethnicity", "intersection": "Sex × race/ethnicity"][t.dimension] ?? t.dimension
        var s = "<table><tr><th>\(e(title))</th><th>CVs</th><th>share</th><th>\(scoring ? "above median" : "selected")</th>"
            + "<th>\(scoring ? "scoring rate" : "selection rate")</th><th>interval</th><th>impact ratio</th><th>interval</th><th></th></tr>\n"
        for r in t.rows {
            let low = (r.impactRatio ?? 1) < 0.8 - 1e-9  // 0.6 / 0.75 is 0.7999…: not under four fifths
            let cls = r.excluded ? " class=\"excluded\"" : low ? " class=\"low\"" : ""
            var ratio = r.impactRatio.map { f($0, 3) } ?? "—"
            if r.reference { ratio += " <span class=\"ref\">(highest)</span>" }
            if r.excluded { ratio = "<span class=\"ref\">under \(e(BiasAudit.percent(settings.minShare))): excluded</span>" }
            s += "<tr\(cls)><td>\(e(r.category))</td><td>\(r.count)</td><td>\(f(r.share * 100, 1))%</td><td>\(r.selected)</td>"
                + "<td>\(f(r.rate, 3))</td><td>\(interval(r.rateInterval))</td><td class=\"ir\">\(ratio)</td>"
                + "<td>\(interval(r.impactRatioInterval))</td><td>\(bar(r))</td></tr>\n"
        }
        s += "<tr class=\"unknown\"><td>unknown</td><td>\(t.unknown)</td><td colspan=\"7\">counted, not in the rates</td></tr>\n"
        return s + "</table>\n"
    }

    /// The impact ratio as a bar with its interval as a whisker, and a mark at four fifths.
    private func bar(_ r: Row) -> String {
        guard let ratio = r.impactRatio else { return "" }
        let width = { (x: Double) in f(max(0, min(1, x)) * 100, 1) }
        var s = "<div class=\"bar\"><div class=\"v\" style=\"width:\(width(ratio))%\"></div>"
        if let ci = r.impactRatioInterval, ci.count == 2 {
            s += "<div class=\"ci\" style=\"left:\(width(ci[0]))%;width:\(f(max(0, min(1, ci[1]) - max(0, min(1, ci[0]))) * 100, 1))%\"></div>"
        }
        return s + "<div class=\"f\" style=\"left:80%\"></div></div>"
    }

    private func definitions() -> String {
        """
        <h2>Definitions</h2>
        <ul class="note">
        <li>The unit is the candidate: one CV. A CV's score is the mean of the scores it got in the period; an outcome counts once per CV.</li>
        <li>Scoring rate: the share of a category's CVs scored above the median score of every CV scored (6 RCNY §5-300).</li>
        <li>Selection rate: the share of a category's CVs that had the outcome.</li>
        <li>Impact ratio: a category's rate divided by the highest rate among the categories of that table (the one marked highest).</li>
        <li>Intervals: CVs resampled with replacement; the percentile interval of each rate and ratio over the replicates.</li>
        <li>Ratios under 0.8 are shown in red: the four-fifths rule of the EEOC's Uniform Guidelines (29 CFR 1607.4(D)), a rule of thumb; Local Law 144 sets no threshold.</li>
        </ul>
        """
    }

    private func interval(_ i: [Double]?) -> String {
        guard let i, i.count == 2 else { return "—" }
        return "[\(f(i[0], 3)), \(f(i[1], 3))]"
    }

    private func e(_ s: String) -> String { Self.escape(s) }

    private func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Text for HTML: `& < > " '` escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
