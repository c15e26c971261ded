import Foundation
import Testing
@testable import Enrichment
import Skills

/// A skill match as (start_char, end_char, skill id), the unit spaCy parity is judged on.
struct MatchTriple: Hashable, CustomStringConvertible {
    let start: Int, end: Int, id: String
    var description: String { "\(start)-\(end):\(id)" }
}

@Suite struct SkillMatcherTests {
    /// spaCy parity on ≥ 1,000 real and generated texts (Fixtures/spacy_skills.jsonl, made by
    /// scripts/fixtures/spacy_skill_parity.py, every vocabulary entry including non-skills):
    /// identical match sets on ≥ 99.5% of texts.
    @Test func spacyParity() throws {
        let matcher = try SkillMatcher(mode: .spacy, includeNonSkills: true)
        let cases = try TestPaths.jsonLines("spacy_skills.jsonl")
        #expect(cases.count >= 1000)
        var differing: [String] = []
        for c in cases {
            let text = c["text"] as! String
            let expected = Set((c["matches"] as! [[Any]]).map {
                MatchTriple(start: $0[0] as! Int, end: $0[1] as! Int, id: $0[2] as! String)
            })
            let got = Set(matcher.match(text).map {
                MatchTriple(start: $0.startChar, end: $0.endChar, id: matcher.vocabulary.skills[$0.skill].id)
            })
            if got != expected {
                differing.append("\(c["id"]!): spaCy only \(expected.subtracting(got).sorted { $0.start < $1.start }), ours only \(got.subtracting(expected).sorted { $0.start < $1.start })")
            }
        }
        let agreement = Double(cases.count - differing.count) / Double(cases.count)
        print("spaCy parity: \(cases.count - differing.count)/\(cases.count) texts identical (\(String(format: "%.2f", agreement * 100))%)")
        for d in differing { print("  differs: \(d)") }
        #expect(agreement >= 0.995, "differing texts: \(differing.prefix(10))")
    }

    @Test func filterSpansPrefersLongestThenEarliest() {
        func m(_ s: Int, _ e: Int, _ k: Int) -> SkillMatch { SkillMatch(startToken: s, endToken: e, startChar: s, endChar: e, skill: k) }
        let kept = PhraseMatcher.filterSpans([m(0, 1, 0), m(0, 2, 1), m(1, 3, 2), m(3, 4, 3)])
        #expect(kept.map(\.skill) == [1, 3])
    }

    /// spaCy splits on Python's `str.isspace()`, which includes U+001C–U+001F.
    @Test func whitespaceIsPythons() throws {
        let tokens = try SpacyTokenizer().tokenize("a\u{1C}b c\u{1F}d")
        #expect(tokens.map(\.text) == ["a", "\u{1C}", "b", "c", "\u{1F}", "d"])
    }

    /// Non-skills take part in the longest match and are then dropped; `includeNonSkills` keeps them.
    @Test func nonSkillsAreMatchedThenDropped() throws {
        let text = "Nurses get paid time off and dental insurance; Python and SQL required. Equal Opportunity Employer."
        let all = try SkillMatcher(mode: .precise, includeNonSkills: true)
        let skills = try SkillMatcher(mode: .precise)
        let allIDs = all.skillIDs(all.match(text))
        #expect(allIDs == ["nurses", "paid_time_off", "dental_insurance", "python", "sql", "equal_opportunity_employer"])
        #expect(skills.skillIDs(skills.match(text)) == ["python", "sql"])
        #expect(skills.listedSkill("Paid Time Off") == nil && skills.listedSkill("Python") != nil)
        #expect(all.listedSkill("Paid Time Off") != nil)
    }

    @Test func offsetsCountUnicodeScalars() throws {
        let matcher = try SkillMatcher(mode: .spacy)
        let text = "Café — Python and SQL"
        let found = matcher.match(text).map { MatchTriple(start: $0.startChar, end: $0.endChar, id: matcher.vocabulary.skills[$0.skill].id) }
        #expect(found.contains(MatchTriple(start: 7, end: 13, id: "python")))
        #expect(found.contains(MatchTriple(start: 18, end: 21, id: "sql")))
    }
}

@Suite struct TokenIDStreamTests {
    /// The matcher's byte-level fast path gives the tokenizer's tokens (offsets) on every fixture text.
    @Test func fastPathTokensEqualTokenizerTokens() throws {
        let tokenizer = try SpacyTokenizer()
        let stream = TokenIDStream(tokenizer: tokenizer, ids: [:])
        for c in try TestPaths.jsonLines("spacy_skills.jsonl").prefix(400) + [["text": " a  b\u{00A0}c\n\nd é \u{1C}x\u{3000}y\u{200B}z "]] {
            let text = c["text"] as! String
            let tokens = tokenizer.tokenize(text)
            stream.scan(text)
            #expect(tokens.map { Int32($0.start) } == stream.starts && tokens.map { Int32($0.end) } == stream.ends)
        }
    }
}
