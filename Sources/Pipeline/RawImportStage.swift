import Foundation
import Ingest
import JobMatchCore

/// Brings the user's own raw files into the workspace, recognised by their content whatever their
/// names (`SourceKind.detect(fileAt:)`): LinkedIn's three CSVs, Indeed and Glassdoor CSVs, CV JSON
/// Lines, a `Category,Resume` CSV of resumes, and the generator's labels are each copied to their
/// place under `raw/`. Files of no known kind are left out and named in the summary; two files of
/// one kind are an error naming both.
public struct RawImportStage: Stage {
    public let name = "import"
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// Each known file of the folder with its place in the workspace, and the files left out.
    func scan() throws -> (found: [(source: URL, file: RawFile)], ignored: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var found: [(source: URL, file: RawFile)] = [], ignored: [String] = []
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard let kind = try? SourceKind.detect(fileAt: url.path), let file = kind.rawFile else {
                ignored.append(name)
                continue
            }
            if let other = found.first(where: { $0.file == file }) {
                throw PipelineError("\(folder.path): \(other.source.lastPathComponent) and \(name) are both \(kind.rawValue) files; keep one")
            }
            found.append((url, file))
        }
        return (found, ignored)
    }

    public func inputs(_ ws: Workspace) -> [URL] { ((try? scan())?.found ?? []).map(\.source) }
    public func outputs(_ ws: Workspace) -> [URL] { ((try? scan())?.found ?? []).map { ws.rawFile($0.file) } }
    public struct Settings: Codable, Equatable, Sendable { public var folder: String }
    public var settings: Settings { Settings(folder: folder.standardizedFileURL.path) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let (found, ignored) = try scan()
        guard !found.isEmpty else {
            throw PipelineError("\(folder.path): no file is a known export (LinkedIn postings, skills or summaries; Indeed or Glassdoor postings; CV JSON Lines; a Category,Resume CSV)")
        }
        try ws.create(ws.raw)
        for f in RawFile.allCases where !found.contains(where: { $0.file == f }) {
            try? FileManager.default.removeItem(at: ws.rawFile(f))  // a file of an earlier import that this folder lacks
        }
        for (i, f) in found.enumerated() {
            let dest = ws.rawFile(f.file), tmp = DurableFile.temporary(for: dest)
            try? FileManager.default.removeItem(at: tmp)
            do { try FileManager.default.copyItem(at: f.source, to: tmp) } catch {
                throw PipelineError("\(dest.path): cannot copy: \(error.localizedDescription)")
            }
            try DurableFile.commit(tmp, to: dest)
            progress(i + 1, found.count, "files")
        }
        var line = "copied " + found.map { "\($0.source.lastPathComponent) → raw/\($0.file.rawValue)" }.joined(separator: ", ")
        if !ignored.isEmpty { line += "; left out (no known kind): " + ignored.joined(separator: ", ") }
        return StageResult(lines: [line], figures: ["files": Double(found.count), "ignored": Double(ignored.count)])
    }
}
