import Foundation
import JobMatchCore

/// Brings the user's own raw files into the workspace: every known raw file name found in a folder
/// (LinkedIn's three CSVs, Indeed/Glassdoor CSVs, cvs.jsonl, labels.jsonl) is copied to `raw/`.
public struct RawImportStage: Stage {
    public let name = "import"
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    var present: [RawFile] {
        RawFile.allCases.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.rawValue).path) }
    }

    public func inputs(_ ws: Workspace) -> [URL] { present.map { folder.appendingPathComponent($0.rawValue) } }
    public func outputs(_ ws: Workspace) -> [URL] { present.map { ws.rawFile($0) } }
    public struct Settings: Codable, Equatable, Sendable { public var folder: String }
    public var settings: Settings { Settings(folder: folder.standardizedFileURL.path) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        guard !present.isEmpty else {
            throw PipelineError("\(folder.path): none of \(RawFile.allCases.map(\.rawValue).joined(separator: ", ")) is there")
        }
        try ws.create(ws.raw)
        for (i, f) in present.enumerated() {
            let dest = ws.rawFile(f), tmp = DurableFile.temporary(for: dest)
            try? FileManager.default.removeItem(at: tmp)
            do { try FileManager.default.copyItem(at: folder.appendingPathComponent(f.rawValue), to: tmp) } catch {
                throw PipelineError("\(dest.path): cannot copy: \(error.localizedDescription)")
            }
            try DurableFile.commit(tmp, to: dest)
            progress(i + 1, present.count, "files")
        }
        return StageResult(lines: ["copied \(present.map(\.rawValue).joined(separator: ", "))"], figures: ["files": Double(present.count)])
    }
}
