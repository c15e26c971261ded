import Foundation
import Testing
@testable import Enrichment

/// Precision and recall of both modes on skill words that are also plain words
/// (Fixtures/ambiguous_skills.jsonl: one labelled use per sentence, technical or not).
@Suite struct AmbiguousSkillsTests {
    struct Score { var tp = 0, fp = 0, fn = 0, tn = 0
        var precision: Double { Double(tp) / Double(max(1, tp + fp)) }
        var recall: Double { Double(tp) / Double(max(1, tp + fn)) }
    }

    static func score(_ mode: SkillMatchMode) throws -> Score {
        let matcher = try SkillMatcher(mode: mode)
        var s = Score()
        for c in try TestPaths.jsonLines("ambiguous_skills.jsonl") {
            let id = c["skill"] as! String, technical = c["technical"] as! Bool
            let found = matcher.skillIDs(matcher.match(c["text"] as! String)).contains(id)
            switch (found, technical) {
            case (true, true): s.tp += 1
            case (true, false): s.fp += 1
            case (false, true): s.fn += 1
            case (false, false): s.tn += 1
            }
        }
        return s
    }

    @Test func preciseModeKeepsTechnicalUsesOnly() throws {
        let spacy = try Self.score(.spacy), precise = try Self.score(.precise)
        print(String(format: "ambiguous skill words: spacy precision %.3f recall %.3f; precise precision %.3f recall %.3f",
                     spacy.precision, spacy.recall, precise.precision, precise.recall))
        #expect(spacy.recall == 1.0)
        #expect(precise.precision >= 0.95 && precise.recall >= 0.9)
        #expect(precise.precision > spacy.precision)
    }

    @Test func generatorPlainUsesAreDropped() throws {
        let matcher = try SkillMatcher(mode: .precise)
        for (name, sentences) in DataGeneratorPlainUses.all {
            for s in sentences {
                let ids = matcher.skillIDs(matcher.match(s))
                let id = matcher.vocabulary.skills[matcher.vocabulary.lookup(name)!].id
                #expect(!ids.contains(id), "\(id) kept in: \(s)")
            }
        }
    }

    /// Technical context in the next sentence does not make a plain use technical.
    @Test func contextStopsAtTheSentenceEnd() throws {
        let matcher = try SkillMatcher(mode: .precise)
        let text = "Nurses who react quickly and go the extra mile. Backend in Go and React with PostgreSQL."
        let kept = matcher.match(text).filter { ["go", "react"].contains(matcher.vocabulary.skills[$0.skill].id) }
        #expect(kept.count == 2, "\(kept)")
        #expect(kept.allSatisfy { $0.startChar > 48 }, "plain uses kept at \(kept.map(\.startChar))")
    }
}
