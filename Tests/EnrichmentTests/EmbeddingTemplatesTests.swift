import Testing
@testable import Enrichment

@Suite struct EmbeddingTemplatesTests {
    @Test func defaultsUseE5PromptsAndFieldOrder() throws {
        let t = try EmbeddingTemplates()
        let job = t.renderJob(["title": "Nurse", "level": "Associate", "company": "Acme & Co", "location": "Austin, TX",
                               "skills": "Patient Care, BLS", "summary": "Care for <patients>."])
        #expect(job == "passage: Nurse (Associate) at Acme & Co, Austin, TX. Skills: Patient Care, BLS. Care for <patients>.")
        let cv = t.renderCV(["headline": "RN", "skills": "", "text": "Ten years."])
        #expect(cv == "query: RN. Ten years.")
    }

    @Test func longFieldIsCutToTheWordBudget() throws {
        let t = try EmbeddingTemplates(maxWords: 20)
        let summary = (1...100).map { "w\($0)" }.joined(separator: " ")
        let text = t.renderJob(["title": "Data Engineer", "summary": summary])
        #expect(text.split(separator: " ").count == 20)
        #expect(text.hasPrefix("passage: Data Engineer. w1 w2"))
    }

    @Test func customTemplateAndBadTemplate() throws {
        let t = try EmbeddingTemplates(jobTemplate: "{{{title}}} | {{{skills}}}")
        #expect(t.renderJob(["title": "Cook", "skills": "Food Safety"]) == "Cook | Food Safety")
        #expect(throws: EnrichmentError.self) { try EmbeddingTemplates(jobTemplate: "{{#open}} never closed") }
    }
}
