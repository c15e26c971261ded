import Foundation
import Ingest
import JobMatchCore

extension EvaluationSet {
    /// The real-text evaluation set: the unique resumes of `UpdatedResumeDataSet.csv` (`Resume`;
    /// `Category` kept only as ground truth, never trained or tuned on) against the unique job
    /// titles of `linkedin_job_postings.csv`; relevant: the title holds a keyword of the resume's
    /// category (`RealTextRelevance`). Resumes without a relevant title are left out and counted.
    /// - Throws: `EvaluationError.invalidInput` naming the file when it cannot be read or no resume
    ///   has a relevant title.
    public static func realTexts(folder: URL) throws -> EvaluationSet {
        let resumesURL = folder.appendingPathComponent("UpdatedResumeDataSet.csv")
        let titlesURL = folder.appendingPathComponent("linkedin_job_postings.csv")
        var resumes: [(text: String, category: String)] = [], seen = Set<String>()
        try readCSV(resumesURL, columns: ["Category", "Resume"]) { v in
            let text = v[1].trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, seen.insert(text).inserted { resumes.append((text, v[0])) }
        }
        var titles: [String] = [], seenTitles = Set<String>()
        try readCSV(titlesURL, columns: ["job_title"]) { v in
            let t = v[0].trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty, seenTitles.insert(t.lowercased()).inserted { titles.append(t) }
        }
        let corpus = TextTable(ids: titles.indices.map { "title-\($0)" }, texts: titles, skills: titles.map { _ in [] })
        let queries = TextTable(ids: resumes.indices.map { "resume-\($0)" }, texts: resumes.map(\.text), skills: resumes.map { _ in [] })
        let relevant = resumes.map { r in
            Set(titles.indices.filter { RealTextRelevance.isRelevant(title: titles[$0], category: r.category) })
        }
        let set = make(
            name: "real resumes (\(resumesURL.lastPathComponent), unique texts) vs real LinkedIn titles (\(titlesURL.lastPathComponent), unique); relevant: the title holds a keyword of the resume's Category",
            queries: queries, corpus: corpus, relevant: relevant, groups: resumes.map(\.category))
        guard set.queries.count > 0 else {
            throw EvaluationError.invalidInput(path: resumesURL.path, field: "Category", reason: "no resume has a relevant title")
        }
        return set
    }

    static func readCSV(_ url: URL, columns: [String], row: ([String]) -> Void) throws {
        let reader: CSVReader
        do { reader = try CSVReader(path: url.path, rejects: RejectLog(file: nil)) } catch {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "\(error)")
        }
        let idx = try columns.map { try reader.requireColumn($0) }
        while try reader.next() {
            guard reader.fieldCount > idx.max()! else { continue }
            row(idx.map { reader.string($0) })
        }
    }
}
