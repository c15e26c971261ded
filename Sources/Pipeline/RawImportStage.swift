import Foundation
import Ingest
import JobMatchCore

/// Brings the user's own raw files into the workspace, recognised by their content whatever their
/// names (`SourceKind.detect(fileAt:)`): LinkedIn's three CSVs, Indeed and Glassdoor CSVs, CV JSON
/// Lines, a `Category,Resume` CSV of resumes, and the generator's labels are each copied to their
/// place under `raw/`. CVs as sent — PDF and DOCX files of the folder, and every file of a
/// subfolder named `cv_files` or `cvs` (PDF, DOCX or text) — are copied to `raw/cv_files/`, where
/// ingest reads one CV per file. Files of no known kind are left out and named in the summary; two
/// files of one kind are an error naming both.
public struct RawImportStage: Stage {
    public let name = "import"
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// Subfolders whose every file is a CV (`raw/cv_files/` in the workspace).
    static let cvFolderNames: Set<String> = ["cv_files", "cvs"]

    /// Each known file of the folder with its place in the workspace, the CV files, and the files left out.
    func scan() throws -> (found: [(source: URL, file: RawFile)], cvFiles: [URL], ignored: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var found: [(source: URL, file: RawFile)] = [], cvFiles: [URL] = [], ignored: [String] = []
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                if Self.cvFolderNames.contains(name) { cvFiles += CVFolderReader.files(in: url).map { url.appendingPathComponent($0) } }
                continue
            }
            let kind = try? SourceKind.detect(fileAt: url.path)
            if kind == .cvDocument {
                cvFiles.append(url)
                continue
            }
            guard let kind, let file = kind.rawFile else {
                ignored.append(name)
                continue
            }
            if let other = found.first(where: { $0.file == file }) {
                throw PipelineError("\(folder.path): \(other.source.lastPathComponent) and \(name) are both \(kind.rawValue) files; keep one")
            }
            found.append((url, file))
        }
        return (found, cvFiles, ignored)
    }

    public func inputs(_ ws: Workspace) -> [URL] {
        guard let scan = try? scan() else { return [] }
        return scan.found.map(\.source) + scan.cvFiles
    }
    public func outputs(_ ws: Workspace) -> [URL] {
        guard let scan = try? scan() else { return [] }
        return scan.found.map { ws.rawFile($0.file) } + scan.cvFiles.map { ws.cvFiles.appendingPathComponent($0.lastPathComponent) }
    }
    public struct Settings: Codable, Equatable, Sendable { public var folder: String }
    public var settings: Settings { Settings(folder: folder.standardizedFileURL.path) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let (found, cvFiles, ignored) = try scan()
        guard !found.isEmpty || !cvFiles.isEmpty else {
            throw PipelineError("\(folder.path): no file is a known export (LinkedIn postings, skills or summaries; Indeed or Glassdoor postings; CV JSON Lines; a Category,Resume CSV; CV PDF or DOCX files)")
        }
        try ws.create(ws.raw)
        for f in RawFile.allCases where !found.contains(where: { $0.file == f }) {
            try? FileManager.default.removeItem(at: ws.rawFile(f))  // a file of an earlier import that this folder lacks
        }
        try? FileManager.default.removeItem(at: ws.cvFiles)  // CV files of an earlier import
        if !cvFiles.isEmpty { try ws.create(ws.cvFiles) }
        let copies = found.map { ($0.source, ws.rawFile($0.file)) } + cvFiles.map { ($0, ws.cvFiles.appendingPathComponent($0.lastPathComponent)) }
        for (i, (source, dest)) in copies.enumerated() {
            let tmp = DurableFile.temporary(for: dest)
            try? FileManager.default.removeItem(at: tmp)
            do { try FileManager.default.copyItem(at: source, to: tmp) } catch {
                throw PipelineError("\(dest.path): cannot copy: \(error.localizedDescription)")
            }
            try DurableFile.commit(tmp, to: dest)
            progress(i + 1, copies.count, "files")
        }
        var copied = found.map { "\($0.source.lastPathComponent) → raw/\($0.file.rawValue)" }
        if !cvFiles.isEmpty { copied.append("\(cvFiles.count) CV files → raw/cv_files/") }
        var line = "copied " + copied.joined(separator: ", ")
        if !ignored.isEmpty { line += "; left out (no known kind): " + ignored.joined(separator: ", ") }
        return StageResult(lines: [line], figures: ["files": Double(found.count + cvFiles.count), "ignored": Double(ignored.count)])
    }
}
