import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `POST /match` with `cv_file`: a CV file as sent, read by Documents with its bounds.
@Suite struct CVFileUploadTests {
    /// The CV files Documents' tests made (Tests/DocumentsTests/Fixtures).
    static func upload(_ fixture: String, name: String? = nil) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DocumentsTests/Fixtures/\(fixture)")
        let content = try Data(contentsOf: url).base64EncodedString()
        return #"{"cv_file": {"name": "\#(name ?? fixture)", "content_base64": "\#(content)"}, "top": 2}"#
    }

    @Test func aTwoColumnPDFIsMatchedOnItsText() async throws {
        let fixture = try ServerFixture(maxBodyBytes: 1 << 20)
        let body = try Self.upload("cv_two_column.pdf")
        let response = try await fixture.test { client in try await client.post("/match", body) }
        #expect(response.status == .ok, "\(response.text)")
        let results = try #require(try response.object()["results"] as? [[String: Any]])
        #expect(results.first?["job_id"] as? String == "job-data")
        let matched = (results.first?["matched_skills"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(Set(["python", "sql", "spark", "git"]).isSubset(of: Set(matched)), "\(matched)")
    }

    /// Each bad file, its status, code and message; the message never echoes the file's name.
    @Test(arguments: [
        ("scan.pdf", 422, "unreadable_cv_file", "cv_file: no text in this PDF — is it a scan?"),
        ("bad_crc.docx", 422, "unreadable_cv_file", "cv_file: word/document.xml fails its CRC-32 check (damaged)"),
        ("bomb.docx", 413, "cv_file_too_large", "cv_file: word/document.xml would unpack to 64 MiB, over the limit of 16 MiB"),
    ])
    func badFilesAreClientErrors(file: String, status: Int, code: String, message: String) async throws {
        let fixture = try ServerFixture(maxBodyBytes: 1 << 20)  // the server's default: the bomb's base64 is 88 KB
        let body = try Self.upload(file, name: "secret-name.bin")
        let response = try await fixture.test { client in try await client.post("/match", body) }
        let error = try response.error()
        #expect(error.status == status && error.code == code)
        #expect(error.message == message)
    }

    @Test(arguments: [
        (#"{"cv_file": {"name": "cv.pdf", "content_base64": "%%%"}}"#, "field 'cv_file.content_base64' is not base64"),
        (#"{"text": "python", "cv_file": {"name": "cv.txt", "content_base64": "cHl0aG9u"}}"#, "give exactly one of 'text', 'cv_id' and 'cv_file'"),
        (#"{"cv_file": {"name": "", "content_base64": "cHl0aG9u"}}"#, "field 'cv_file.name' must have 1 to 200 characters"),
    ])
    func badFieldsAreRefused(body: String, message: String) async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.test { client in try await client.post("/match", body) }
        let error = try response.error()
        #expect(error.status == 422 && error.code == "invalid_input" && error.message == message)
    }
}
