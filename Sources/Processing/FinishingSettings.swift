import Enrichment
import Foundation
import JobMatchCore

/// How `process` finished the rows of the tables it wrote — the join's filters, the language
/// filter, the skill matcher and the text templates (their Mustache source, not their file names)
/// — recorded beside the tables as `tables/processing.json` in the same switch as the tables
/// (`ProcessingPipeline`). Whatever finishes more postings later for the same index, `jobmatch
/// watch`, reads it and finishes them the same way: a workspace processed with `--country DE` or
/// its own job template gets alerts on the postings `process` would have kept, with the texts
/// `process` would have written.
public struct FinishingSettings: Sendable, Codable, Equatable {
    public var join: JoinOptions
    /// Keep only postings in this language; nil keeps all.
    public var language: String?
    public var skillMode: SkillMatchMode
    /// The job and CV templates' Mustache source; nil for the built-in ones.
    public var jobTemplate: String?
    public var cvTemplate: String?

    public init(join: JoinOptions = JoinOptions(), language: String? = nil, skillMode: SkillMatchMode = .precise,
                jobTemplate: String? = nil, cvTemplate: String? = nil) {
        self.join = join
        self.language = language
        self.skillMode = skillMode
        self.jobTemplate = jobTemplate
        self.cvTemplate = cvTemplate
    }

    /// The settings of `options`, with the templates' files read.
    /// - Throws: `EnrichmentError.io` naming a template file that cannot be read.
    public init(_ options: ProcessingOptions) throws {
        self.init(join: options.join, language: options.language, skillMode: options.skillMode,
                  jobTemplate: try EmbeddingTemplates.source(of: options.jobTemplateFile),
                  cvTemplate: try EmbeddingTemplates.source(of: options.cvTemplateFile))
    }

    /// The templates these settings name.
    /// - Throws: `EnrichmentError.template` when one does not parse.
    public func templates() throws -> EmbeddingTemplates {
        try EmbeddingTemplates(jobTemplate: jobTemplate, cvTemplate: cvTemplate)
    }

    /// A finisher of job postings as `process` finished them.
    public func jobFinisher() throws -> JobFinisher {
        JobFinisher(matcher: try SkillMatcher(mode: skillMode), templates: try templates(), language: language)
    }

    /// The settings recorded in `url`, or nil when there is no such file (a workspace processed
    /// before they were recorded).
    /// - Throws: `ProcessingError` naming the file when it cannot be read or decoded.
    public static func read(_ url: URL) throws -> FinishingSettings? {
        try DurableFileSet.settle(containing: url)  // a switch a crash left half done is finished first
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ProcessingError(.io, "cannot read the processing settings", file: url.path)
        }
        do {
            return try JSONDecoder().decode(FinishingSettings.self, from: data)
        } catch {
            throw ProcessingError(.schema, "damaged processing settings (\(error)); run `jobmatch process` again", file: url.path)
        }
    }

    /// Writes the settings to `url` durably (`DurableFile.write`).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.write(try encoder.encode(self), to: url)
    }
}
