import Foundation

extension SpacyEnglishRules {
    /// spaCy's English special cases (string → token texts), decoded from `specialCasesJSON`.
    ///
    /// They are kept as a string literal because the optimiser spends minutes on a dictionary
    /// literal of this size (see `scripts/fixtures/spacy_tokenizer_rules.py`).
    /// - Throws: `ProcessingError.invalidArgument` if the generated JSON does not decode (a bug of
    ///   the generator, never of the input).
    static func specialCases() throws -> [String: [String]] {
        do {
            return try JSONDecoder().decode([String: [String]].self, from: Data(specialCasesJSON.utf8))
        } catch {
            throw ProcessingError(.invalidArgument, "spaCy special cases do not decode: \(error)")
        }
    }
}
