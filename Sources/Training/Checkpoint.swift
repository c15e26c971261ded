import Foundation
import Tensor
import Transformers

/// A training checkpoint: `step-NNNNNNNN/` with `model.safetensors` (the weights, checkpoint keys),
/// `optimizer.safetensors` (AdamW moments `m.<key>`, `v.<key>`) and `state.json` (step, settings,
/// loss history). Written to a `.partial` folder and renamed, so a kill leaves the last complete one.
public struct Checkpoint: Sendable {
    public struct State: Codable, Sendable, Equatable {
        public var step: Int
        public var settings: TrainingSettings
        public var pairsFingerprint: String
        /// (step, loss, learning rate) of every step so far, for the report's curve.
        public var history: [HistoryPoint]
    }

    public struct HistoryPoint: Codable, Sendable, Equatable {
        public var step: Int
        public var loss: Double
        public var lr: Float
    }

    public static func folderName(step: Int) -> String { "step-" + String(format: "%08d", step) }

    /// Writes `model` (any parameter container: a `BertModel`, a cross-encoder), `optimizer` and `state` under `root/step-NNNNNNNN`; returns that folder.
    @discardableResult
    public static func write<P: ParameterContainer>(root: URL, model: P, optimizer: AdamW, state: State) throws -> URL {
        let fm = FileManager.default
        let final = root.appendingPathComponent(folderName(step: state.step))
        let partial = root.appendingPathComponent(folderName(step: state.step) + ".partial")
        try? fm.removeItem(at: partial)
        try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        try SafeTensorsWriter.write(model.parameters(), to: partial.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
        let moments = optimizer.m.map { ("m." + $0.key, $0.tensor) } + optimizer.v.map { ("v." + $0.key, $0.tensor) }
        try SafeTensorsWriter.write(moments.map { (key: $0.0, tensor: $0.1) }, to: partial.appendingPathComponent("optimizer.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(state).write(to: partial.appendingPathComponent("state.json"))
        try? fm.removeItem(at: final)
        try fm.moveItem(at: partial, to: final)
        return final
    }

    /// The newest complete checkpoint folder under `root`, or nil.
    public static func latest(in root: URL) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasPrefix("step-") && !$0.hasSuffix(".partial") }.sorted().last.map { root.appendingPathComponent($0) }
    }

    /// Reads a checkpoint into `model` (same architecture) and returns the optimizer and state.
    ///
    /// - Throws: `TrainingError.invalidInput` naming the file when a tensor is missing or misshapen.
    /// Reads a checkpoint to resume from, refusing one made under other settings or other pairs.
    ///
    /// - Throws: `TrainingError.invalidSetting` naming the folder when settings or pairs differ.
    public static func resume<P: ParameterContainer>(_ folder: URL, into model: inout P, settings: TrainingSettings,
                                                      pairsFingerprint: String) throws -> (AdamW, State) {
        var m = model
        let (optimizer, state) = try read(folder, into: &m, weightDecay: settings.weightDecay)
        guard state.settings == settings else {
            throw TrainingError.invalidSetting("--resume: \(folder.path) was trained with other settings; use the same options or a new output")
        }
        guard state.pairsFingerprint == pairsFingerprint else {
            throw TrainingError.invalidSetting("--resume: \(folder.path) was trained on other pairs")
        }
        model = m
        return (optimizer, state)
    }

    public static func read<P: ParameterContainer>(_ folder: URL, into model: inout P, weightDecay: Float) throws -> (AdamW, State) {
        let stateURL = folder.appendingPathComponent("state.json")
        guard let data = try? Data(contentsOf: stateURL), let state = try? JSONDecoder().decode(State.self, from: data) else {
            throw TrainingError.invalidInput(path: stateURL.path, field: "state", reason: "missing or not a checkpoint state")
        }
        let weights = try SafeTensors(url: folder.appendingPathComponent("model.safetensors"))
        try model.visit("") { key, t in t = try weights.tensor(key, shape: t.shape) }
        let opt = try SafeTensors(url: folder.appendingPathComponent("optimizer.safetensors"))
        let params = model.parameters()
        let m = try params.map { (key: $0.key, tensor: try opt.tensor("m." + $0.key, shape: $0.tensor.shape)) }
        let v = try params.map { (key: $0.key, tensor: try opt.tensor("v." + $0.key, shape: $0.tensor.shape)) }
        return (AdamW(weightDecay: weightDecay, step: state.step, m: m, v: v), state)
    }
}
