import Testing
@testable import Enrichment

@Suite struct EmbeddingTemplatesTests {
    /// The defaults measured on real text (docs/text-templates.md): no prompt (the model adds its
    /// own), a job is its title and summary (company, location and level are filters), a CV its
    /// headline, skills and text.
    @Test func defaultsHoldNoPromptAndNoFilterFields() throws {
        let t = try EmbeddingTemplates()
        let job = t.renderJob(["title": "Nurse", "level": "Associate", "company": "Acme & Co", "location": "Austin, TX",
                               "skills": "Patient Care, BLS", "summary": "Care for <patients>."])
        #expect(job == "Nurse. Care for <patients>.")
        #expect(t.renderJob(["title": "Nurse", "company": "Acme"]) == "Nurse.")
        let cv = t.renderCV(["headline": "RN", "skills": "", "text": "Ten years."])
        #expect(cv == "RN. Ten years.")
        #expect(t.renderCV(["skills": "Patient Care, BLS", "text": "Ten years."]) == "Patient Care, BLS. Ten years.")
    }

    @Test func longFieldIsCutToTheWordBudget() throws {
        let t = try EmbeddingTemplates(jobMaxWords: 20, cvMaxWords: 5)
        let summary = (1...100).map { "w\($0)" }.joined(separator: " ")
        let text = t.renderJob(["title": "Data Engineer", "summary": summary])
        #expect(text.split(separator: " ").count == 20)
        #expect(text.hasPrefix("Data Engineer. w1 w2"))
        #expect(t.renderCV(["text": summary]) == "w1 w2 w3 w4 w5")
        #expect(try EmbeddingTemplates().renderJob(["title": "Cook", "summary": summary]).split(separator: " ").count == 72)
    }

    @Test func customTemplateAndBadTemplate() throws {
        let t = try EmbeddingTemplates(jobTemplate: "{{{title}}} | {{{skills}}}")
        #expect(t.renderJob(["title": "Cook", "skills": "Food Safety"]) == "Cook | Food Safety")
        #expect(throws: EnrichmentError.self) { try EmbeddingTemplates(jobTemplate: "{{#open}} never closed") }
    }
}
