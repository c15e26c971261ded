import Foundation
import JobMatchCore

/// Runs stages in order, skipping those whose inputs, settings and outputs are unchanged.
public struct PipelineRunner {
    public enum Outcome: String, Sendable { case ran, skipped }

    /// What happened to one stage.
    public struct Step: Sendable {
        public var stage: String
        public var outcome: Outcome
        public var seconds: Double
        public var result: StageResult
    }

    public let workspace: Workspace
    public let stages: [any Stage]

    public init(workspace: Workspace, stages: [any Stage]) {
        self.workspace = workspace
        self.stages = stages
    }

    /// Paths are recorded relative to the workspace, so a moved workspace stays valid.
    func key(_ url: URL) -> String {
        let root = workspace.root.standardizedFileURL.path + "/"
        let p = url.standardizedFileURL.path
        return p.hasPrefix(root) ? String(p.dropFirst(root.count)) : p
    }

    /// Whether `stage` would be skipped now (inputs, settings and outputs as recorded).
    public func isUpToDate(_ stage: any Stage, manifest: Manifest, fingerprinter: inout Fingerprinter) throws -> Bool {
        guard let entry = manifest.stages[stage.name], entry.settings == (try stage.recordedSettings()) else { return false }
        for u in stage.inputs(workspace) {
            guard let f = try fingerprinter.fingerprint(u), entry.inputs[key(u)] == f else { return false }
        }
        for u in stage.outputs(workspace) {
            guard let f = try fingerprinter.fingerprint(u), entry.outputs[key(u)] == f else { return false }
        }
        return entry.inputs.count == stage.inputs(workspace).count
    }

    /// Runs stages `from`…`until` (names; nil = first / last). Stages before `from` must be up to date.
    ///
    /// - Parameters:
    ///   - force: rerun even when up to date.
    ///   - onStart: called before each stage with its name and whether it will run.
    ///   - progress: (stage, done, total, unit) from the running stage.
    public func run(from: String? = nil, until: String? = nil, force: Bool = false,
                    onStart: (String, Outcome) -> Void = { _, _ in },
                    progress: @escaping @Sendable (String, Int, Int, String) -> Void = { _, _, _, _ in }) throws -> [Step] {
        let names = stages.map(\.name)
        let first = try from.map { n in try names.firstIndex(of: n).orThrow(PipelineError("unknown stage '\(n)' (stages: \(names.joined(separator: ", ")))")) } ?? 0
        let last = try until.map { n in try names.firstIndex(of: n).orThrow(PipelineError("unknown stage '\(n)' (stages: \(names.joined(separator: ", ")))")) } ?? names.count - 1
        guard first <= last else { throw PipelineError("--from \(names[first]) comes after --until \(names[last])") }
        var manifest = Manifest.load(workspace)
        var fp = Fingerprinter(cache: manifest.fingerprintCache)
        var steps: [Step] = []
        for stage in stages[first...last] {
            if !force, try isUpToDate(stage, manifest: manifest, fingerprinter: &fp) {
                onStart(stage.name, .skipped)
                steps.append(Step(stage: stage.name, outcome: .skipped, seconds: 0, result: manifest.stages[stage.name]!.result))
                continue
            }
            onStart(stage.name, .ran)
            for u in stage.inputs(workspace) where try fp.fingerprint(u) == nil {
                throw PipelineError("stage \(stage.name): input \(u.path) does not exist (run the stage that makes it)")
            }
            // Forget the old entry first: a stage killed from here on is not "done".
            manifest.stages[stage.name] = nil
            try manifest.save(workspace)
            var inputs: [String: String] = [:]
            for u in stage.inputs(workspace) { inputs[key(u)] = try fp.fingerprint(u) }
            let start = Date()
            let name = stage.name
            let result = try stage.run(workspace) { progress(name, $0, $1, $2) }
            let seconds = Date().timeIntervalSince(start)
            var outputs: [String: String] = [:]
            for u in stage.outputs(workspace) {
                guard let f = try fp.fingerprint(u) else { throw PipelineError("stage \(stage.name) did not write \(u.path)") }
                outputs[key(u)] = f
            }
            manifest.stages[stage.name] = Manifest.Entry(
                inputs: inputs, outputs: outputs, settings: try stage.recordedSettings(),
                finished: ISO8601DateFormatter().string(from: Date()), seconds: seconds, result: result)
            manifest.fingerprintCache = fp.cache
            try manifest.save(workspace)
            steps.append(Step(stage: stage.name, outcome: .ran, seconds: seconds, result: result))
        }
        manifest.fingerprintCache = fp.cache
        try manifest.save(workspace)
        return steps
    }
}

extension Optional {
    func orThrow(_ e: @autoclosure () -> any Error) throws -> Wrapped {
        guard let v = self else { throw e() }
        return v
    }
}
