import Foundation
import Parquet
import TestSupport
import Testing

/// `jobmatch pipeline --raw DIR` takes a user's own exports, recognised by their content whatever
/// their names: the real samples, renamed, go through import, ingest and process, resumes included.
@Suite struct RawImportTests {
    @Test func exportsAreRecognisedByContentNotName() throws {
        let dir = TestPaths.tempFolder().appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (sample, name) in [("linkedin_job_postings.csv", "postings-2024.csv"), ("job_skills.csv", "skills"),
                               ("glassdoor_jobs.csv", "gd.txt"), ("UpdatedResumeDataSet.csv", "resumes-export.csv")] {
            try FileManager.default.copyItem(atPath: TestPaths.real(sample), toPath: dir.appendingPathComponent(name).path)
        }
        try Data("just some notes\n".utf8).write(to: dir.appendingPathComponent("notes.md"))
        let ws = TestPaths.tempFolder().path
        let r = try CLI.run(["pipeline", "--workspace", ws, "--raw", dir.path, "--until", "process"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("postings-2024.csv → raw/linkedin_job_postings.csv"), "\(r.out)")
        #expect(r.out.contains("resumes-export.csv → raw/resumes.csv"), "\(r.out)")
        #expect(r.out.contains("left out (no known kind): notes.md"), "\(r.out)")
        // 962 resume rows hold 167 distinct texts; a CV's id is its text's hash, so repeats are one CV.
        #expect(try ParquetReader(url: URL(fileURLWithPath: "\(ws)/tables/cvs.parquet")).rowCount == 167)
        #expect(try ParquetReader(url: URL(fileURLWithPath: "\(ws)/tables/jobs.parquet")).rowCount == 7_622)

        // Two files of one kind: one line naming both.
        try FileManager.default.copyItem(atPath: TestPaths.real("job_skills.csv"), toPath: dir.appendingPathComponent("more-skills.csv").path)
        let twice = try CLI.run(["pipeline", "--workspace", TestPaths.tempFolder().path, "--raw", dir.path, "--until", "import"])
        #expect(twice.status == 1 && twice.err.contains("more-skills.csv and skills are both linkedin_skills files"), "\(twice.err)")
    }
}
