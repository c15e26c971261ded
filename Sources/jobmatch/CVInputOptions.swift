import ArgumentParser
import Documents
import Foundation
import JobMatchCore
import Matching

/// `--cv FILE | --cv-id ID | --text TEXT`: the CV a command works on (`match`, `gaps`).
struct CVInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A CV file: PDF, DOCX or UTF-8 text (told apart by content).", valueName: "file")) var cv: String?
    @Option(help: "A CV of WORKSPACE/tables/cvs.parquet by id.") var cvId: String?
    @Option(help: "The CV's text itself.") var text: String?

    /// How many of --cv, --cv-id and --text were given (the command says how many it needs:
    /// `requireOne`, or `match`, which also takes a job).
    var given: Int { [cv, cvId, text].compactMap({ $0 }).count }

    func validate() throws {
        guard given <= 1 else { throw ValidationError("give exactly one of --cv, --cv-id and --text") }
        if let cv, !FileManager.default.fileExists(atPath: cv) { throw ValidationError("--cv \(cv): file not found") }
    }

    /// - Throws: `ValidationError` unless exactly one CV was given.
    func requireOne() throws {
        guard given == 1 else { throw ValidationError("give exactly one of --cv, --cv-id and --text") }
    }

    /// The `--cv` file's text in reading order (Documents: a PDF through poppler in the
    /// jobmatch-extract helper, a DOCX's document part, or UTF-8 text); nil without `--cv`. Read
    /// before any model loads, so a scan or a damaged file is reported at once.
    /// - Throws: `DocumentError` naming the file (e.g. "cv.pdf: no text in this PDF — is it a scan?").
    func readFile() throws -> ExtractedDocument? {
        try cv.map { try DocumentText.read(path: $0) }
    }

    /// The CV as the matcher reads it: a row of the CVs table, or a text run through processing's
    /// rules. `file` is ``readFile()``'s result when the caller read it already.
    func query(_ matcher: Matcher, workspace ws: Workspace, file: ExtractedDocument? = nil) throws -> CVQuery {
        if let cvId { return try CVQueryBuilder.query(cvID: cvId, table: ws.cvsTable) }
        if let cv, let document = try file ?? readFile() {
            return try matcher.cvBuilder.query(text: document.text, cvID: URL(fileURLWithPath: cv).lastPathComponent)
        }
        return try matcher.cvBuilder.query(text: text ?? "")
    }
}
