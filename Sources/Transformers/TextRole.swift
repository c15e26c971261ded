/// Which side of a search a text is on. One place decides the prompt each side gets: the model's
/// own `config_sentence_transformers.json` (`prompts.query`; `prompts.passage`, else
/// `prompts.document`), none when the model names none (all-MiniLM-L6-v2). Mining, training,
/// indexing, matching, serving and evaluation all encode through it, so a model is scored on the
/// inputs it serves; the workspace's tables hold texts without any prompt.
public enum TextRole: String, Sendable, Codable, CaseIterable {
    /// A CV (what is searched with).
    case query
    /// A job posting (what is searched).
    case passage
}

extension ModelDirectory {
    /// The prefix this model's texts of a role get ("" when the model names none).
    public func prompt(for role: TextRole) -> String {
        switch role {
        case .query: prompts["query"] ?? ""
        case .passage: prompts["passage"] ?? prompts["document"] ?? ""
        }
    }
}

extension SentenceEncoder {
    /// Embeds texts of one role with the model's prompt for it (`ModelDirectory.prompt(for:)`).
    public func encode(
        _ texts: [String], role: TextRole, batchSize: Int = 32, dimension: Int? = nil, maxSeqLength: Int? = nil,
        progress: ((Int) -> Void)? = nil
    ) throws -> [[Float]] {
        try encode(texts, batchSize: batchSize, prefix: directory.prompt(for: role), dimension: dimension,
                   maxSeqLength: maxSeqLength, progress: progress)
    }
}
