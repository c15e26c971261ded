import Foundation
import Mustache

/// Renders the text the encoder sees for a job or a CV, through Mustache templates.
///
/// The texts carry no prompt: a model's `query: ` / `passage: ` prompts are added when encoding,
/// from the model's own files (`TextRole` in Transformers), so one table serves every model.
///
/// The defaults were chosen on real text (`docs/text-templates.md`: real resumes against the real
/// LinkedIn and Glassdoor postings, all-MiniLM-L6-v2): a job is its title and the start of its
/// summary — company, location and level are filters, and in the text they cost a quarter of
/// precision@10; a list of extracted skill names cost more than it gave. A CV is its skills, named
/// canonically, then its text. Each text is cut to a number of words (the long field — summary
/// or CV text — gives way): 72 for jobs, 350 for CVs (~1.4 word pieces per word: 350 words ≈ 512
/// tokens). Triple braces keep text unescaped (these are not HTML).
///
/// Variables: jobs — `title`, `level`, `type`, `company`, `location`, `country`, `skills`
/// (comma-joined), `summary`; CVs — `headline`, `name`, `location`, `education`, `skills`, `text`.
public struct EmbeddingTemplates {
    public static let defaultJob = "{{{title}}}.{{#summary}} {{{summary}}}{{/summary}}"
    public static let defaultCV = "{{#headline}}{{{headline}}}. {{/headline}}{{#skills}}{{{skills}}}. {{/skills}}{{{text}}}"
    public static let defaultJobMaxWords = 72
    public static let defaultCVMaxWords = 350

    let job: MustacheTemplate
    let cv: MustacheTemplate
    /// Words in all per job text and per CV text.
    public let jobMaxWords: Int
    public let cvMaxWords: Int

    /// - Parameters:
    ///   - jobTemplate / cvTemplate: Mustache source; nil uses the default.
    /// - Throws: `EnrichmentError.template` when a template does not parse.
    public init(jobTemplate: String? = nil, cvTemplate: String? = nil, jobMaxWords: Int = EmbeddingTemplates.defaultJobMaxWords,
                cvMaxWords: Int = EmbeddingTemplates.defaultCVMaxWords) throws {
        do {
            job = try MustacheTemplate(string: jobTemplate ?? Self.defaultJob)
        } catch { throw EnrichmentError(.template, "job template does not parse: \(error)") }
        do {
            cv = try MustacheTemplate(string: cvTemplate ?? Self.defaultCV)
        } catch { throw EnrichmentError(.template, "CV template does not parse: \(error)") }
        self.jobMaxWords = jobMaxWords
        self.cvMaxWords = cvMaxWords
    }

    /// Reads templates from files (nil keeps the default).
    /// - Throws: `EnrichmentError.io` naming an unreadable file, `.template` for a bad template.
    public static func load(jobFile: String?, cvFile: String?) throws -> EmbeddingTemplates {
        try EmbeddingTemplates(jobTemplate: source(of: jobFile), cvTemplate: source(of: cvFile))
    }

    /// The Mustache source in the file at `path` (nil for nil).
    /// - Throws: `EnrichmentError.io` naming the file when it cannot be read.
    public static func source(of path: String?) throws -> String? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EnrichmentError(.io, "cannot read template", file: path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The job's text; `fields` maps variable names to values (nil or empty drops a section).
    public func renderJob(_ fields: [String: String?], long: String = "summary") -> String {
        render(job, fields, long: long, maxWords: jobMaxWords)
    }

    public func renderCV(_ fields: [String: String?], long: String = "text") -> String {
        render(cv, fields, long: long, maxWords: cvMaxWords)
    }

    private func render(_ template: MustacheTemplate, _ fields: [String: String?], long: String, maxWords: Int) -> String {
        var context: [String: Any] = [:]
        for (k, v) in fields { if let v, !v.isEmpty { context[k] = v } }
        let longText = context[long] as? String
        context[long] = nil
        let head = template.render(context)
        guard let longText else { return head.trimmingCharacters(in: .whitespaces) }
        let budget = max(0, maxWords - Self.wordCount(head))
        context[long] = Self.firstWords(longText, budget)
        return template.render(context).trimmingCharacters(in: .whitespaces)
    }

    /// The text up to the end of its `n`-th word (words split at ASCII whitespace).
    static func firstWords(_ s: String, _ n: Int) -> String {
        var count = 0
        var inWord = false
        var end = 0
        for b in s.utf8 {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                if inWord {
                    count += 1
                    if count == n { return String(decoding: s.utf8.prefix(end), as: UTF8.self) }
                }
                inWord = false
            } else { inWord = true }
            end += 1
        }
        return s
    }

    static func wordCount(_ s: String) -> Int {
        var count = 0
        var inWord = false
        for b in s.utf8 {
            let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
