import Foundation
import JobMatchCore
import Training
import Parquet
import TestSupport
import Testing

/// `jobmatch pipeline --raw DIR` takes a user's own exports, recognised by their content whatever
/// their names: the real samples, renamed, go through import, ingest and process, resumes included.
@Suite struct RawImportTests {
    @Test func exportsAreRecognisedByContentNotName() async throws {
        let dir = TestPaths.tempFolder().appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (sample, name) in [("linkedin_job_postings.csv", "postings-2024.csv"), ("job_skills.csv", "skills"),
                               ("glassdoor_jobs.csv", "gd.txt"), ("UpdatedResumeDataSet.csv", "resumes-export.csv")] {
            try FileManager.default.copyItem(atPath: TestPaths.real(sample), toPath: dir.appendingPathComponent(name).path)
        }
        try Data("just some notes\n".utf8).write(to: dir.appendingPathComponent("notes.md"))
        try Data("# judged by a recruiter\ncv-1 0 job-9 1\ncv-1 0 job-8 0\n".utf8).write(to: dir.appendingPathComponent("judgments.tsv"))
        let ws = TestPaths.tempFolder().path
        let r = try await CLI.run(["pipeline", "--workspace", ws, "--raw", dir.path, "--until", "process"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("postings-2024.csv → raw/linkedin_job_postings.csv"), "\(r.out)")
        #expect(r.out.contains("resumes-export.csv → raw/resumes.csv"), "\(r.out)")
        #expect(r.out.contains("left out (no known kind): notes.md"), "\(r.out)")
        #expect(r.out.contains("judgments.tsv → raw/qrels.txt"), "\(r.out)")
        // 962 resume rows hold 167 distinct texts; a CV's id is its text's hash, so repeats are one CV.
        #expect(try ParquetReader(url: URL(fileURLWithPath: "\(ws)/tables/cvs.parquet")).rowCount == 167)
        #expect(try ParquetReader(url: URL(fileURLWithPath: "\(ws)/tables/jobs.parquet")).rowCount == 7_622)

        // Two files of one kind: one line naming both.
        try FileManager.default.copyItem(atPath: TestPaths.real("job_skills.csv"), toPath: dir.appendingPathComponent("more-skills.csv").path)
        let twice = try await CLI.run(["pipeline", "--workspace", TestPaths.tempFolder().path, "--raw", dir.path, "--until", "import"])
        #expect(twice.status == 1 && twice.err.contains("more-skills.csv and skills are both linkedin_skills files"), "\(twice.err)")
    }

    /// CVs as sent: a PDF beside the exports and a `cvs/` subfolder (a DOCX, a text file, a scan)
    /// go to raw/cv_files/; ingest makes one CV per readable file (id = file stem) and rejects the
    /// scan naming it, and processing writes the CVs.
    @Test func cvFilesAreImportedAndIngested() async throws {
        let documents = CLI.packageRoot.appendingPathComponent("Tests/DocumentsTests/Fixtures")
        let dir = TestPaths.tempFolder().appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cvs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.real("glassdoor_jobs.csv"), toPath: dir.appendingPathComponent("gd.csv").path)
        try FileManager.default.copyItem(at: documents.appendingPathComponent("cv_two_column.pdf"), to: dir.appendingPathComponent("jane.pdf"))
        for name in ["cv_table.docx", "cv_two_column.txt", "scan.pdf"] {
            try FileManager.default.copyItem(at: documents.appendingPathComponent(name), to: dir.appendingPathComponent("cvs/\(name)"))
        }
        let ws = TestPaths.tempFolder().path
        let r = try await CLI.run(["pipeline", "--workspace", ws, "--raw", dir.path, "--until", "process"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("4 CV files → raw/cv_files/"), "\(r.out)")
        #expect(r.out.contains("(1 rejected): cv 3,"), "\(r.out)")
        let ids = try String(contentsOfFile: "\(ws)/rejects/ingest.jsonl", encoding: .utf8)
        #expect(ids.contains("cv_files/scan.pdf") && ids.contains("no text in this PDF — is it a scan?"), "\(ids)")
        #expect(try ParquetReader(url: URL(fileURLWithPath: "\(ws)/tables/cvs.parquet")).rowCount == 3)
    }

    /// The shared real samples through every stage, with no labels file: the evaluation falls back
    /// to silver labels and says so; held-out jobs are never mined.
    @Test func realSamplesGoThroughEveryStage() async throws {
        let dir = TestPaths.tempFolder().appendingPathComponent("real")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for sample in ["linkedin_job_postings.csv", "job_skills.csv", "glassdoor_jobs.csv", "UpdatedResumeDataSet.csv"] {
            try FileManager.default.copyItem(atPath: TestPaths.real(sample), toPath: dir.appendingPathComponent(sample).path)
        }
        let ws = TestPaths.tempFolder().path
        try FileManager.default.createDirectory(atPath: "\(ws)/models", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(ws)/models/tiny", withDestinationPath: MatchCommandTests.tinyBERT)
        let r = try await CLI.run(["pipeline", "--workspace", ws, "--raw", dir.path, "--base-model", "tiny", "--train-steps", "2",
                             "--batch-size", "4", "--train-seq-length", "32", "--max-seq-length", "32"])
        #expect(r.status == 0, "\(r.err)")
        for stage in ["import", "ingest", "process", "mine", "train", "index", "eval"] { #expect(r.err.contains("== \(stage)\n"), "\(stage) ran") }
        #expect(r.out.contains("held-out CVs against") && r.out.contains("(silver labels)"), "\(r.out)")
        let eval = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/reports/pipeline-eval.json"))) as? [String: Any])
        #expect((eval["relevance"] as? String)?.hasPrefix("held-out CVs") == true && (eval["relevance"] as? String)?.contains("silver") == true)

        // No held-out job is a mined positive or negative.
        let split = HeldOutSplit()
        let pairs = try PairsFile.read(URL(fileURLWithPath: "\(ws)/tables/pairs.parquet"))
        #expect(!pairs.isEmpty && !pairs.contains { split.isHeldOutJob($0.jobID) || split.isHeldOut($0.cvID) })
    }
}
