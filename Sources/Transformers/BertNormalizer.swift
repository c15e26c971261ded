import Foundation

/// BERT text normalisation, as `tokenizers.normalizers.BertNormalizer` does it.
///
/// In order: remove NUL, U+FFFD and control characters and turn whitespace into spaces
/// (`clean_text`); put spaces around CJK ideographs (`handle_chinese_chars`); NFD and drop
/// non-spacing marks (`strip_accents`, which follows `lowercase` when unset); lowercase.
/// Mirrors `tokenizers/src/normalizers/bert.rs`.
public struct BertNormalizer: Sendable, Equatable {
    public var cleanText: Bool
    public var handleChineseChars: Bool
    public var stripAccents: Bool
    public var lowercase: Bool

    /// - Parameter stripAccents: `nil` means "same as `lowercase`", as in the Python library.
    public init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents ?? lowercase
        self.lowercase = lowercase
    }

    /// The normalised text as Unicode scalars.
    public func normalize(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count + 8)
        var ascii = true
        for s in text.unicodeScalars {
            if cleanText {
                if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
                if Self.isWhitespace(s) { out.append(" "); continue }
            }
            if handleChineseChars && Self.isChineseChar(s) {
                out.append(" "); out.append(s); out.append(" ")
                ascii = false
                continue
            }
            if !s.isASCII { ascii = false }
            out.append(s)
        }
        if stripAccents && !ascii {
            let decomposed = String(String.UnicodeScalarView(out)).decomposedStringWithCanonicalMapping
            out = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        if lowercase {
            if ascii {
                for i in out.indices where out[i].value >= 65 && out[i].value <= 90 {
                    out[i] = Unicode.Scalar(out[i].value + 32)!
                }
            } else {
                var lowered: [Unicode.Scalar] = []
                lowered.reserveCapacity(out.count)
                for s in out {
                    if s.isASCII || !s.properties.changesWhenLowercased {
                        lowered.append(s.value >= 65 && s.value <= 90 ? Unicode.Scalar(s.value + 32)! : s)
                    } else {
                        lowered.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
                    }
                }
                out = lowered
            }
        }
        return out
    }

    /// Whitespace as Rust's `char::is_whitespace` (Unicode White_Space), plus tab, LF, CR.
    @inlinable
    public static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s == " " || s == "\t" || s == "\n" || s == "\r" { return true }
        if s.isASCII { return false }
        return s.properties.isWhitespace
    }

    /// Control characters (general category C*), except tab, LF and CR which count as whitespace.
    @inlinable
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        if s.value >= 0x20 && s.value < 0x7F { return false }
        switch s.properties.generalCategory {
        // Unassigned code points (Cn) are kept: `tokenizers` keeps them too (checked on the fixture corpus).
        case .control, .format, .surrogate, .privateUse: return true
        default: return false
        }
    }

    /// CJK Unified Ideographs and their extensions and compatibility blocks, as BERT defines them.
    @inlinable
    public static func isChineseChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
