import Documents
import Foundation
import JobMatchCore

/// Reads a folder of CV files as sent (PDF, DOCX or UTF-8 text, told apart by content; see
/// Documents' `DocumentText`): one CV per file, its id the file name without extension
/// (`jane-doe.pdf` → `jane-doe`). Hidden files and subfolders are skipped. A file that gives no
/// text (a scan, a damaged or password-protected file, one over the size bounds, or two files
/// with the same stem) is rejected with the file and the reason; the others still go through.
public final class CVFolderReader {
    public let folder: URL
    public let rejects: RejectLog
    private var names: [String]
    private var seen: Set<String> = []
    private let limits: DocumentLimits
    /// The file the last CV came from (its name, no folder).
    public private(set) var file = ""

    /// A folder that does not exist reads as empty.
    public init(folder: URL, rejects: RejectLog, limits: DocumentLimits = .default) {
        self.folder = folder
        self.rejects = rejects
        self.limits = limits
        names = Self.files(in: folder).reversed()
    }

    /// The folder's CV files in name order (hidden files and subfolders left out).
    public static func files(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    public func next() -> Resume? {
        while let name = names.popLast() {
            let path = folder.appendingPathComponent(name).path
            let id = (name as NSString).deletingPathExtension
            guard seen.insert(id).inserted else {
                rejects.record(Rejection(source: path, line: 1, reason: "another file of this folder has the CV id '\(id)'"))
                continue
            }
            do {
                let document = try DocumentText.read(path: path, limits: limits)
                guard document.text.contains(where: { !$0.isWhitespace }) else {
                    rejects.record(Rejection(source: path, line: 1, reason: "the file has no text"))
                    continue
                }
                file = name
                return Resume(id: id, text: document.text)
            } catch let error as DocumentError {
                rejects.record(Rejection(source: path, line: 1, reason: error.reason))
            } catch {
                rejects.record(Rejection(source: path, line: 1, reason: "cannot read: \(error)"))
            }
        }
        return nil
    }
}
