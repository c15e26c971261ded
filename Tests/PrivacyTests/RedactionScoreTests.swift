import Privacy
import Testing

/// Precision and recall of the redactor, counted by hand on a constructed text.
@Suite struct RedactionScoreTests {
    @Test func countsByHand() {
        // Labelled: the name twice (header and signature), the e-mail, a hobby the redactor cannot
        // know is personal. Found: the name line, the signature's name, the e-mail, and "he" in a
        // project description (not labelled: wrong).
        let text = "Dana Okafor\ndana@example.org\nLikes: Cycling\nBuilt a tool he used daily.\n(Dana Okafor)"
        var score = RedactionScore()
        score.add(text: text, labels: [.init(kind: .name, value: "Dana Okafor"), .init(kind: .email, value: "dana@example.org"),
                                       .init(kind: .nationality, value: "Cycling"), .init(kind: .phone, value: "555-0000")], id: "t")
        let name = score.byKind[.name]!, email = score.byKind[.email]!, other = score.byKind[.nationality]!, pronoun = score.byKind[.pronoun]!
        #expect(name.labelled == 2 && name.redacted == 2 && name.findings == 4 && name.right == 4, "\(name)")  // "Dana", "Okafor" twice each
        #expect(email.labelled == 1 && email.redacted == 1 && email.findings == 1 && email.right == 1)
        #expect(other.labelled == 1 && other.missed == 1 && other.recall == 0)
        #expect(pronoun.findings == 1 && pronoun.wrong == 1 && pronoun.precision == 0)
        #expect(score.absentLabels == ["t: phone '555-0000'"])
        let t = score.total
        #expect(t.labelled == 4 && t.redacted == 3 && t.findings == 6 && t.right == 5)
        #expect(score.wrongFindings.map(\.text) == ["he"])
        #expect(score.misses.map(\.value) == ["Cycling"])
    }

    @Test func aLabelHoldsOnlyInItsRegion() {
        // "Single" labelled in the header only: the body's "Single Sign-On" is neither a miss nor
        // a labelled occurrence.
        let text = "Marital Status: Single\nBuilt Single Sign-On"
        var score = RedactionScore()
        score.add(text: text, labels: [.init(kind: .maritalStatus, value: "Single", regions: [0..<22])], id: "t")
        #expect(score.byKind[.maritalStatus]?.labelled == 1 && score.byKind[.maritalStatus]?.redacted == 1)
        var anywhere = RedactionScore()
        anywhere.add(text: text, labels: [.init(kind: .maritalStatus, value: "Single")], id: "t")
        #expect(anywhere.byKind[.maritalStatus]?.labelled == 2 && anywhere.byKind[.maritalStatus]?.missed == 1)
    }
}
