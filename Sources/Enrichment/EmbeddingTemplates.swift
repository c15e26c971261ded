import Foundation
import Mustache

/// Renders the text the encoder sees for a job or a CV, through Mustache templates.
///
/// The defaults follow e5's prompts (`passage: ` for jobs, `query: ` for CVs) and put the most
/// telling fields first — title, level, company, skills, then the summary — so that truncation
/// at the encoder's max length cuts the summary's tail, not the title. The long field (summary or
/// CV text) is cut to fit `maxWords` words in all (~1.4 word pieces per word: 350 words ≈ 512
/// tokens). Triple braces keep text unescaped (these are not HTML).
///
/// Variables: jobs — `title`, `level`, `type`, `company`, `location`, `country`, `skills`
/// (comma-joined), `summary`; CVs — `headline`, `name`, `location`, `education`, `skills`, `text`.
public struct EmbeddingTemplates {
    public static let defaultJob =
        "passage: {{{title}}}{{#level}} ({{{level}}}){{/level}}{{#company}} at {{{company}}}{{/company}}"
        + "{{#location}}, {{{location}}}{{/location}}.{{#skills}} Skills: {{{skills}}}.{{/skills}} {{{summary}}}"
    public static let defaultCV =
        "query: {{#headline}}{{{headline}}}. {{/headline}}{{#skills}}Skills: {{{skills}}}. {{/skills}}{{{text}}}"

    let job: MustacheTemplate
    let cv: MustacheTemplate
    public let maxWords: Int

    /// - Parameters:
    ///   - jobTemplate / cvTemplate: Mustache source; nil uses the default.
    /// - Throws: `EnrichmentError.template` when a template does not parse.
    public init(jobTemplate: String? = nil, cvTemplate: String? = nil, maxWords: Int = 350) throws {
        do {
            job = try MustacheTemplate(string: jobTemplate ?? Self.defaultJob)
        } catch { throw EnrichmentError(.template, "job template does not parse: \(error)") }
        do {
            cv = try MustacheTemplate(string: cvTemplate ?? Self.defaultCV)
        } catch { throw EnrichmentError(.template, "CV template does not parse: \(error)") }
        self.maxWords = maxWords
    }

    /// Reads templates from files (nil keeps the default).
    /// - Throws: `EnrichmentError.io` naming an unreadable file, `.template` for a bad template.
    public static func load(jobFile: String?, cvFile: String?, maxWords: Int = 350) throws -> EmbeddingTemplates {
        func read(_ path: String?) throws -> String? {
            guard let path else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EnrichmentError(.io, "cannot read template", file: path)
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try EmbeddingTemplates(jobTemplate: read(jobFile), cvTemplate: read(cvFile), maxWords: maxWords)
    }

    /// The job's text; `fields` maps variable names to values (nil or empty drops a section).
    public func renderJob(_ fields: [String: String?], long: String = "summary") -> String {
        render(job, fields, long: long)
    }

    public func renderCV(_ fields: [String: String?], long: String = "text") -> String {
        render(cv, fields, long: long)
    }

    private func render(_ template: MustacheTemplate, _ fields: [String: String?], long: String) -> String {
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
