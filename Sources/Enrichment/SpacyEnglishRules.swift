import Foundation

/// spaCy's English tokenizer rules (`spacy.blank("en")`, spaCy 3.8.7): the prefix, suffix, infix
/// and URL patterns (Python `re` syntax, read by NSRegularExpression) and the 1,347 special cases
/// (string → token texts). A data file, `Resources/spacy_en_tokenizer.json`, written by
/// `scripts/fixtures/spacy_tokenizer_rules.py`; never edited by hand.
struct SpacyEnglishRules: Decodable, Sendable {
    let prefix: String
    let suffix: String
    let infix: String
    let url: String
    let specialCases: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case prefix, suffix, infix, url, specialCases = "special_cases"
    }

    /// The rules of the bundled file.
    /// - Throws: `EnrichmentError.invalidArgument` if the file is missing or does not decode (a bug
    ///   of the package, never of the input).
    static func bundled() throws -> SpacyEnglishRules {
        guard let url = Bundle.module.url(forResource: "spacy_en_tokenizer", withExtension: "json"),
              let data = FileManager.default.contents(atPath: url.path) else {
            throw EnrichmentError(.invalidArgument, "spaCy tokenizer rules (spacy_en_tokenizer.json) are not in the bundle")
        }
        do { return try JSONDecoder().decode(SpacyEnglishRules.self, from: data) } catch {
            throw EnrichmentError(.invalidArgument, "spaCy tokenizer rules do not decode: \(error)")
        }
    }
}
