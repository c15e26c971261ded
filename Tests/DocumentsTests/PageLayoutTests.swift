import Testing
@testable import Documents

@Suite struct PageLayoutTests {
    func fragment(_ text: String, x: Double, y: Double, width: Double? = nil) -> TextFragment {
        TextFragment(text: text, minX: x, minY: y, maxX: x + (width ?? Double(text.count) * 6), maxY: y + 10)
    }

    /// A title across both columns, then two columns on shared baselines: the title first, then
    /// the left column top to bottom, then the right one.
    @Test func columnsAreReadOneAfterTheOther() {
        var fragments = [fragment("Jane Doe, Senior Data Engineer", x: 40, y: 60, width: 400)]
        for i in 0..<5 {
            fragments.append(fragment("left \(i)", x: 40, y: 100 + Double(i) * 14))
            fragments.append(fragment("right column line \(i)", x: 250, y: 100 + Double(i) * 14))
        }
        let lines = PageLayout(width: 595, height: 842, fragments: fragments).lines()
        #expect(lines == ["Jane Doe, Senior Data Engineer"] + (0..<5).map { "left \($0)" } + (0..<5).map { "right column line \($0)" })
    }

    /// One column with dates set to the right: no column gap (the body lines cross it), so each
    /// date stays on its line.
    @Test func oneColumnKeepsItsLines() {
        var fragments: [TextFragment] = []
        for i in 0..<4 {
            fragments.append(fragment("Company \(i)", x: 40, y: 100 + Double(i) * 40))
            fragments.append(fragment("2019-2024", x: 480, y: 100 + Double(i) * 40))
            fragments.append(fragment("Built pipelines in Python and SQL for the data team here", x: 40, y: 114 + Double(i) * 40, width: 500))
        }
        let lines = PageLayout(width: 595, height: 842, fragments: fragments).lines()
        #expect(lines.first == "Company 0 2019-2024")
        #expect(lines.count == 8)
    }

    /// Glyphs at NaN or absurd coordinates (a hostile PDF) are left out, never a trap.
    @Test func glyphsWithoutAPlaceAreLeftOut() {
        let glyphs = [Glyph(character: "A", minX: .nan, minY: 0, maxX: 1, maxY: 1), Glyph(character: "B", minX: 0, minY: 0, maxX: 1e300, maxY: 1),
                      Glyph(character: "C", minX: 10, minY: 10, maxX: 16, maxY: 20)]
        let page = PageLayout(width: .infinity, height: .nan, glyphs: glyphs + glyphs + glyphs + glyphs)
        #expect(page.lines() == ["CCCC"])
    }

    /// Glyphs far apart on one of poppler's lines are two fragments.
    @Test func wideGapsCutFragments() {
        func glyphs(_ s: String, x: Double) -> [Glyph] {
            s.unicodeScalars.enumerated().map { Glyph(character: $0.element, minX: x + Double($0.offset) * 6, minY: 100, maxX: x + Double($0.offset + 1) * 6, maxY: 110) }
        }
        let fragments = PageLayout.fragments(glyphs("SKILLS", x: 40) + glyphs("Jane Doe", x: 226) + [Glyph(character: "\n", minX: 0, minY: 0, maxX: 0, maxY: 0)])
        #expect(fragments.map(\.text) == ["SKILLS", "Jane Doe"])
    }
}
