import ArgumentParser
import Foundation
import JobMatchCore
import Matching

/// `--cv FILE | --cv-id ID | --text TEXT`: the CV a command works on (`match`, `gaps`).
struct CVInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A CV as a text file.", valueName: "file")) var cv: String?
    @Option(help: "A CV of WORKSPACE/tables/cvs.parquet by id.") var cvId: String?
    @Option(help: "The CV's text itself.") var text: String?

    func validate() throws {
        guard [cv, cvId, text].compactMap({ $0 }).count == 1 else { throw ValidationError("give exactly one of --cv, --cv-id and --text") }
        if let cv, !FileManager.default.fileExists(atPath: cv) { throw ValidationError("--cv \(cv): file not found") }
    }

    /// The CV as the matcher reads it: a row of the CVs table, or a text run through processing's rules.
    func query(_ matcher: Matcher, workspace ws: Workspace) throws -> CVQuery {
        if let cvId { return try CVQueryBuilder.query(cvID: cvId, table: ws.cvsTable) }
        if let cv {
            guard let data = FileManager.default.contents(atPath: cv) else { throw MatchingError(.io, path: cv, "cannot read") }
            return try matcher.cvBuilder.query(text: String(decoding: data, as: UTF8.self), cvID: URL(fileURLWithPath: cv).lastPathComponent)
        }
        return try matcher.cvBuilder.query(text: text ?? "")
    }
}
