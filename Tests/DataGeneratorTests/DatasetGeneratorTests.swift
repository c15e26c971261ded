import Foundation
import Ingest
import JobMatchCore
import TestSupport
import Testing

@testable import DataGenerator

@Suite struct DatasetGeneratorTests {
    static func generate(jobs: Int = 1_500, cvs: Int = 120, seed: UInt64 = 11) throws -> (Workspace, DatasetGenerator.Report) {
        let ws = Workspace(FileManager.default.temporaryDirectory.appendingPathComponent("jm-gen-\(UUID().uuidString)").path)
        let report = try DatasetGenerator(config: .init(jobs: jobs, cvs: cvs, seed: seed)).write(to: ws)
        return (ws, report)
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let (a, _) = try Self.generate(jobs: 300, cvs: 30, seed: 5)
        let (b, _) = try Self.generate(jobs: 300, cvs: 30, seed: 5)
        let (c, _) = try Self.generate(jobs: 300, cvs: 30, seed: 6)
        for file in DatasetGenerator.files {
            let x = FileManager.default.contents(atPath: a.rawFile(file).path)
            #expect(x != nil && x == FileManager.default.contents(atPath: b.rawFile(file).path), "\(file.rawValue) differs for one seed")
            #expect(x != FileManager.default.contents(atPath: c.rawFile(file).path), "\(file.rawValue) same for two seeds")
        }
    }

    @Test func headersMatchThePublicDatasetAndTheRealSamples() throws {
        let (ws, _) = try Self.generate(jobs: 50, cvs: 5)
        for (file, real) in [(RawFile.linkedinPostings, "linkedin_job_postings.csv"), (.linkedinSkills, "job_skills.csv"), (.glassdoorJobs, "glassdoor_jobs.csv")] {
            let ours = try CSVReader(path: ws.rawFile(file).path, rejects: RejectLog(file: nil)).header
            let theirs = try CSVReader(path: TestPaths.real(real), rejects: RejectLog(file: nil)).header
            #expect(ours == theirs, "\(file.rawValue)")
        }
        // Postings quote every field, as the public file does; skills only when needed.
        let postings = try String(contentsOf: ws.rawFile(.linkedinPostings), encoding: .utf8)
        #expect(postings.hasPrefix("\"job_link\",\"last_processed_time\""))
        #expect(try String(contentsOf: ws.rawFile(.linkedinSkills), encoding: .utf8).hasPrefix("job_link,job_skills\n"))
        #expect(try CSVReader(path: ws.rawFile(.linkedinSummaries).path, rejects: RejectLog(file: nil)).header == ["job_link", "job_summary"])
    }

    @Test func everyFileReadsBackWithoutRejectsAndLabelsCoverEveryRecord() throws {
        let (ws, report) = try Self.generate()
        let rejects = RejectLog(file: nil)
        var postings: [JobPosting] = []
        let p = try LinkedInPostingsReader(path: ws.rawFile(.linkedinPostings).path, rejects: rejects)
        while let x = try p.next() { postings.append(x) }
        var skills: [LinkedInSkillsRow] = []
        let s = try LinkedInPartReader(path: ws.rawFile(.linkedinSkills).path, valueColumn: "job_skills", rejects: rejects)
        while let x = try s.nextSkills() { skills.append(x) }
        var summaries: [LinkedInSummaryRow] = []
        let m = try LinkedInPartReader(path: ws.rawFile(.linkedinSummaries).path, valueColumn: "job_summary", rejects: rejects)
        while let x = try m.nextSummary() { summaries.append(x) }
        var boards: [JobPosting] = []
        let i = try IndeedReader(path: ws.rawFile(.indeedJobs).path, rejects: rejects)
        while let x = try i.next() { boards.append(x) }
        let g = try GlassdoorReader(path: ws.rawFile(.glassdoorJobs).path, rejects: rejects)
        while let x = try g.next() { boards.append(x) }
        var cvs: [Resume] = []
        let c = try ResumeJSONLReader(path: ws.rawFile(.cvs).path, rejects: rejects)
        while let x = try c.next() { cvs.append(x) }
        #expect(rejects.count == 0)
        #expect(c.lines.blankLines == 0)
        #expect(postings.count == report.postingRows)
        #expect(skills.count == report.skillRows && summaries.count == report.summaryRows)
        #expect(boards.count == 250 && cvs.count == 120)

        let labelLines = try String(contentsOf: ws.rawFile(.labels), encoding: .utf8).split(separator: "\n")
        let labelIDs = Set(labelLines.map { line -> String in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            return o["id"]!
        })
        #expect(labelIDs.isSuperset(of: postings.map(\.jobID)))
        #expect(labelIDs.isSuperset(of: boards.map(\.jobID)))  // Glassdoor ids are recomputed by the reader
        #expect(labelIDs.isSuperset(of: cvs.map(\.id)))
        // No label text leaks into the texts.
        #expect(!summaries.contains { $0.summary.contains("registered_nurse") })

        // Quirks, each at a small rate.
        let unique = Set(postings.map(\.jobID))
        #expect(unique.count < postings.count)  // duplicates
        #expect(Set(skills.map(\.jobLink)).count < unique.count)  // postings without a skills row
        #expect(Set(summaries.map(\.jobLink)).count < unique.count)  // postings without a summary
        #expect(summaries.contains { $0.summary.contains("&amp;") || $0.summary.contains("<br>") || $0.summary.contains("<li>") })
        #expect(postings.contains { ["Pflegefachkraft", "Comptable", "Contador", "Enfermero/a"].contains($0.title) || $0.title.contains("(m/w/d)") })
        #expect(summaries.contains { $0.summary.contains("go the extra mile") || $0.summary.contains("react quickly") || $0.summary.contains("excel in") })
        #expect(summaries.contains { $0.summary.contains("\"people-first\"") })
        #expect(Set(postings.compactMap(\.country)).count >= 4)

        // Lengths as the issue asks: summaries 150–500 words, CV texts 200–700 words.
        let summaryWords = summaries.map { $0.summary.split(whereSeparator: \.isWhitespace).count }
        #expect(summaryWords.min()! >= 150 && summaryWords.max()! <= 500)
        let cvWords = cvs.map { $0.text.split(whereSeparator: \.isWhitespace).count }
        #expect(cvWords.min()! >= 200 && cvWords.max()! <= 700)
    }

    @Test func taxonomyIsBroadEnough() {
        let t = Taxonomy.builtIn
        #expect(t.occupations.count >= 60)
        #expect(Set(t.occupations.map(\.industry)).count >= 15)
        #expect(t.skills.count >= 2_000)
        #expect(Set(t.skills.map(\.id)).count == t.skills.count)
        let aliases = t.aliasesByName
        #expect(aliases["JavaScript"]?.contains("JS") == true)
        #expect(aliases["Microsoft Excel"]?.contains("MS Excel") == true)
        // Occupations overlap in skills the way real ones do.
        let skillsOf = t.occupations.map { Set($0.skills.prefix(40).map(\.name)) }
        #expect(skillsOf[0].intersection(skillsOf[1]).count >= 3)
    }
}
