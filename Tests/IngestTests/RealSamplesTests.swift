import Foundation
import JobMatchCore
import TestSupport
import Testing

@testable import Ingest

/// The adapters on data/real (the shared samples, copied into the clone): right counts, the cut-off records reported, nothing lost.
@Suite struct RealSamplesTests {
    /// The copies are the shared samples byte for byte: each file's SHA-256 (sha256sum) is the one
    /// data/real/README.md lists.
    @Test func checksums() async throws {
        let readme = try String(contentsOfFile: TestPaths.real("README.md"), encoding: .utf8)
        let listed = readme.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].count == 64, parts[1].hasSuffix(".csv") else { return nil }
            return (String(parts[1]), String(parts[0]))
        }
        #expect(listed.count == 4)
        for (name, sum) in listed {
            let r = try await TestProcess.run("/usr/bin/sha256sum", [TestPaths.real(name)])
            #expect(r.status == 0 && r.stdout.hasPrefix(sum + " "), "\(name): \(r.output)")
        }
    }

    @Test func linkedinPostingsKeepEveryCompleteRowAndReportTheCutOffOne() throws {
        let rejects = RejectLog(file: nil)
        let reader = try LinkedInPostingsReader(path: TestPaths.real("linkedin_job_postings.csv"), rejects: rejects)
        var postings: [JobPosting] = []
        while let p = try reader.next() { postings.append(p) }
        #expect(postings.count == 7_523)
        #expect(rejects.count == 1)
        let cut = try #require(rejects.first.first)
        #expect(cut.reason.hasPrefix("unterminated quoted field"))
        #expect(cut.line == 7_526)  // header + 7,523 rows on 7,524 lines (one title holds a line break)
        #expect(postings[0].jobID.hasPrefix("https://www.linkedin.com/jobs/view/account-executive-dispensing"))
        #expect(postings[0].company == "BD")
        #expect(postings[0].country == "United States")
        #expect(postings[0].level == "Mid senior")
        #expect(postings.allSatisfy { !$0.title.isEmpty })
        #expect(postings.contains { $0.title.unicodeScalars.contains { !$0.isASCII } })  // French / Spanish titles survive
    }

    @Test func linkedinSkillsKeepEveryCompleteRowAndReportTheCutOffOne() throws {
        let rejects = RejectLog(file: nil)
        let reader = try LinkedInPartReader(path: TestPaths.real("job_skills.csv"), valueColumn: "job_skills", rejects: rejects)
        var rows: [LinkedInSkillsRow] = []
        while let r = try reader.nextSkills() { rows.append(r) }
        #expect(rows.count == 4_382)
        #expect(rejects.count == 1)
        #expect(rejects.first.first?.reason.hasPrefix("unterminated quoted field") == true)
        #expect(rows[0].skills.first == "Building Custodial Services")
        #expect(rows[0].skills.contains("Experience in Housekeeping"))
    }

    @Test func glassdoorMultiLineDescriptionsAndRatingSuffix() throws {
        let rejects = RejectLog(file: nil)
        let reader = try GlassdoorReader(path: TestPaths.real("glassdoor_jobs.csv"), rejects: rejects)
        var jobs: [JobPosting] = []
        while let j = try reader.next() { jobs.append(j) }
        #expect(jobs.count == 100)
        #expect(rejects.count == 0)
        #expect(jobs[0].title == "Senior Data Scientist - GAIA")
        #expect(jobs[0].summary?.contains("\n\n") == true)
        #expect(jobs.allSatisfy { $0.company.map { !$0.contains("\n") } ?? true })
        #expect(Set(jobs.map(\.jobID)).count >= 95)  // ids are content hashes; true duplicates share one
    }

    @Test func resumesCSVWithCRLFAndMojibake() throws {
        let rejects = RejectLog(file: nil)
        let reader = try ResumeCSVReader(path: TestPaths.real("UpdatedResumeDataSet.csv"), rejects: rejects)
        var cvs: [Resume] = []
        while let cv = try reader.next() { cvs.append(cv) }
        #expect(cvs.count + rejects.count == 962)
        #expect(rejects.count == 0)
        #expect(Set(cvs.compactMap(\.category)).count == 25)
        #expect(cvs[0].category == "Data Science")
        #expect(!cvs.contains { $0.text.hasSuffix("\r") })
    }

    @Test func rejectsFileHoldsTheCutOffRecord() throws {
        let out = TestPaths.tempFolder().appendingPathComponent("rejects.jsonl")
        let rejects = RejectLog(file: out)
        let reader = try LinkedInPartReader(path: TestPaths.real("job_skills.csv"), valueColumn: "job_skills", rejects: rejects)
        while try reader.next() != nil {}
        try rejects.close()
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect((object?["line"] as? Int) == 4_384)
        #expect((object?["raw"] as? String)?.hasPrefix("https://www.linkedin.com/jobs/view/deli-host") == true)
    }
}
