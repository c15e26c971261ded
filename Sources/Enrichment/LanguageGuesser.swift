/// Guesses the language of a posting from stop words: English, French, Spanish or German.
///
/// Counts the distinctive function words of each language among the first 200 words; the
/// language with most hits wins when it has at least 3, else the text is `unknown`.
public enum LanguageGuesser {
    static let stopWords: [String: Set<String>] = [
        "en": ["the", "and", "with", "for", "you", "our", "will", "are", "of", "to", "is", "in", "we", "this", "your"],
        "fr": ["le", "la", "les", "et", "des", "vous", "nous", "une", "pour", "avec", "est", "dans", "du", "sur"],
        "es": ["el", "los", "las", "y", "con", "para", "una", "del", "nuestro", "usted", "es", "en", "por", "que"],
        "de": ["der", "die", "das", "und", "mit", "für", "sie", "wir", "ist", "ein", "eine", "im", "zu", "auf"],
    ]

    /// An ISO 639-1 code (`en`, `fr`, `es`, `de`) or `unknown`.
    public static func guess(_ text: String) -> String {
        var hits: [String: Int] = [:]
        var words = 0
        var word: [UInt8] = []
        func flush() {
            guard !word.isEmpty else { return }
            words += 1
            let w = String(decoding: word, as: UTF8.self)
            for (lang, set) in stopWords where set.contains(w) { hits[lang, default: 0] += 1 }
            word.removeAll(keepingCapacity: true)
        }
        // Letters are ASCII letters (lower-cased) and any non-ASCII byte (accented letters).
        for b in text.utf8 {
            if b >= 0x80 || (b >= 0x61 && b <= 0x7A) {
                word.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                word.append(b + 0x20)
            } else {
                flush()
                if words >= 200 { break }
            }
        }
        flush()
        guard let best = hits.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              best.value >= 3 else { return "unknown" }
        return best.key
    }
}
