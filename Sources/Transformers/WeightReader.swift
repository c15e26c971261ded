import Tensor

/// Reads a model's weights by their checkpoint keys, whether stored bare
/// (`embeddings.word_embeddings.weight`) or under a model prefix (`bert.embeddings…`).
public struct WeightReader: Sendable {
    public let file: SafeTensors
    /// `""` or `"bert."`, found from where `embeddings.word_embeddings.weight` lives.
    public let prefix: String

    /// - Throws: `TransformersError.badTensor` when neither layout's word embeddings are present.
    public init(_ file: SafeTensors) throws {
        self.file = file
        let probe = "embeddings.word_embeddings.weight"
        if file.entries[probe] != nil {
            prefix = ""
        } else if let key = file.entries.keys.sorted().first(where: { $0.hasSuffix("." + probe) }) {
            prefix = String(key.dropLast(probe.count))
        } else {
            throw TransformersError.badTensor(path: file.path, key: probe, reason: "missing (also under any prefix such as bert.)")
        }
    }

    /// Reads `file` under a known prefix (`""`: keys as the walk names them), without looking.
    public init(_ file: SafeTensors, prefix: String) {
        self.file = file
        self.prefix = prefix
    }

    /// Whether the file holds every tensor of `layer`'s walk under `prefix` (a checkpoint with or
    /// without a pooler, say).
    public func contains<P: ParameterContainer>(_ layer: P, at prefix: String) -> Bool {
        layer.parameters(prefix).allSatisfy { file.entries[self.prefix + $0.key] != nil }
    }

    /// The tensor stored under `prefix + key`, checked against `shape`.
    public func tensor(_ key: String, shape: [Int]) throws -> Tensor {
        try file.tensor(prefix + key, shape: shape)
    }
}
