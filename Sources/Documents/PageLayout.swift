/// A run of text on one line of a page with nothing wide between its glyphs: a word group of one
/// column. Boxes in points, origin at the page's top left.
struct TextFragment: Sendable, Equatable {
    var text: String
    var minX, minY, maxX, maxY: Double
    var midY: Double { (minY + maxY) / 2 }
    var midX: Double { (minX + maxX) / 2 }
    var height: Double { maxY - minY }
}

/// One PDF page's text in reading order: poppler's own order reads a two-column page across the
/// columns ("SKILLSJane Doe" on one line), so the page is rebuilt from its glyph boxes.
///
/// Glyphs are cut into fragments at poppler's line ends and at horizontal gaps wider than 1.5
/// glyph heights. Columns are found as a gap in the x-coverage of the fragments (a run of at least
/// 10 pt that at most a tenth of them cross, with at least 15% of the characters on each side);
/// fragments that cross the gap (a full-width title) split the page into bands, and each band is
/// read left column first, top to bottom, then the right column, recursively (three levels: up to
/// eight columns). Inside a column, fragments on one baseline form a line, left to right.
struct PageLayout: Sendable {
    var width, height: Double
    var fragments: [TextFragment]

    init(width: Double, height: Double, fragments: [TextFragment]) {
        self.width = width
        self.height = height
        self.fragments = fragments
    }

    init(width: Double, height: Double, glyphs: [Glyph]) {
        self.init(width: width, height: height, fragments: Self.fragments(glyphs))
    }

    /// Cuts poppler's glyph stream into fragments (whitespace-only ones dropped).
    static func fragments(_ glyphs: [Glyph]) -> [TextFragment] {
        var out: [TextFragment] = []
        var text = "", box: (minX: Double, minY: Double, maxX: Double, maxY: Double)? = nil
        func close() {
            let trimmed = text.trimmingWhitespace
            if let b = box, !trimmed.isEmpty { out.append(TextFragment(text: trimmed, minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)) }
            text = ""
            box = nil
        }
        for g in glyphs {
            if g.character == "\n" { close(); continue }
            // A hostile PDF can place glyphs at NaN or 1e300: such a glyph has no place on the page.
            guard [g.minX, g.minY, g.maxX, g.maxY].allSatisfy({ $0.isFinite && abs($0) < 1e7 }) else { continue }
            if let b = box {
                let gap = g.minX - b.maxX, em = max(g.maxY - g.minY, 1)
                if gap > 1.5 * em || g.maxX < b.minX { close() }  // a wide gap, or back to the left: another column
            }
            if g.character.properties.isWhitespace && box == nil { continue }
            text.unicodeScalars.append(g.character)
            if let b = box {
                box = (min(b.minX, g.minX), min(b.minY, g.minY), max(b.maxX, g.maxX), max(b.maxY, g.maxY))
            } else {
                box = (g.minX, g.minY, g.maxX, g.maxY)
            }
        }
        close()
        return out
    }

    /// The page's lines in reading order, leaving out fragments for which `drop` is true.
    func lines(dropping drop: (TextFragment) -> Bool = { _ in false }) -> [String] {
        Self.readingOrder(fragments.filter { !drop($0) }, depth: 0)
    }

    static func readingOrder(_ fragments: [TextFragment], depth: Int) -> [String] {
        guard depth < 3, let gap = columnGap(fragments) else { return rows(fragments) }
        var left: [TextFragment] = [], right: [TextFragment] = [], spanning: [TextFragment] = []
        for f in fragments {
            if f.maxX <= gap.upperBound && f.midX < (gap.lowerBound + gap.upperBound) / 2 {
                left.append(f)
            } else if f.minX >= gap.lowerBound && f.midX >= (gap.lowerBound + gap.upperBound) / 2 {
                right.append(f)
            } else {
                spanning.append(f)
            }
        }
        // Bands between the fragments that cross the gap; each band column by column.
        var out: [String] = [], top = -Double.infinity
        for s in spanning.sorted(by: { $0.midY < $1.midY }) + [TextFragment(text: "", minX: 0, minY: .infinity, maxX: 0, maxY: .infinity)] {
            let inBand = { (f: TextFragment) in f.midY >= top && f.midY < s.minY }
            out += readingOrder(left.filter(inBand), depth: depth + 1)
            out += readingOrder(right.filter(inBand), depth: depth + 1)
            if !s.text.isEmpty {
                // Fragments beside the spanning one on its baseline belong to its line.
                let beside = (left + right).filter { $0.midY >= s.minY && $0.midY <= s.maxY }
                out += rows([s] + beside)
            }
            top = s.maxY
        }
        return out
    }

    /// The x-range between two columns, or nil for a page of one column.
    static func columnGap(_ fragments: [TextFragment]) -> ClosedRange<Double>? {
        guard fragments.count >= 4, let lo = fragments.map(\.minX).min(), let hi = fragments.map(\.maxX).max(), hi - lo > 20 else { return nil }
        let bins = min(2_000, Int(hi - lo) + 1), step = (hi - lo) / Double(bins)
        var delta = [Int](repeating: 0, count: bins + 1)
        for f in fragments {
            let a = min(bins - 1, max(0, Int((f.minX - lo) / step))), b = min(bins - 1, max(0, Int((f.maxX - lo) / step)))
            delta[a] += 1
            delta[b + 1] -= 1
        }
        let allowed = fragments.count / 10
        let totalChars = fragments.reduce(0) { $0 + $1.text.count }
        var best: ClosedRange<Double>?, covered = 0, runStart: Int? = nil
        for i in 0..<bins {
            covered += delta[i]
            if covered <= allowed {
                if runStart == nil { runStart = i }
                continue
            }
            guard let start = runStart else { continue }
            runStart = nil
            let gap = (lo + Double(start) * step)...(lo + Double(i) * step)
            guard start > 0, gap.upperBound - gap.lowerBound >= 10 else { continue }
            let leftChars = fragments.filter { $0.maxX <= gap.upperBound && $0.midX < gap.lowerBound }.reduce(0) { $0 + $1.text.count }
            let rightChars = fragments.filter { $0.minX >= gap.lowerBound && $0.midX > gap.upperBound }.reduce(0) { $0 + $1.text.count }
            guard leftChars * 100 >= totalChars * 15, rightChars * 100 >= totalChars * 15 else { continue }
            if best == nil || gap.upperBound - gap.lowerBound > best!.upperBound - best!.lowerBound { best = gap }
        }
        return best
    }

    /// Fragments of one column as lines: grouped by baseline, top to bottom, left to right.
    static func rows(_ fragments: [TextFragment]) -> [String] {
        var lines: [[TextFragment]] = []
        for f in fragments.sorted(by: { ($0.midY, $0.minX) < ($1.midY, $1.minX) }) {
            if let last = lines.last?.last, abs(f.midY - last.midY) < 0.5 * min(max(f.height, 1), max(last.height, 1)) {
                lines[lines.count - 1].append(f)
            } else {
                lines.append([f])
            }
        }
        return lines.map { $0.sorted { $0.minX < $1.minX }.map(\.text).joined(separator: " ") }
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
