/// Cleans source text: mojibake, HTML tags and entities, whitespace.
///
/// - Mojibake: UTF-8 read as Windows-1252 ("CafÃ©", "â€™") is repaired when the text contains
///   such a marker and re-encoding it as Windows-1252 gives valid UTF-8; otherwise left as is.
/// - HTML: entities are decoded (named ones in common use, `&#NN;`, `&#xHH;`), then tags
///   (`<b>`, `</p>`, `<br/>`, `<!-- -->`) are removed; a block tag becomes a space.
/// - Whitespace: every run of whitespace becomes one space; the ends are trimmed.
public enum TextNormalizer {
    /// The cleaned text; empty when nothing but markup or whitespace was there.
    public static func normalize(_ text: String) -> String {
        var s = text
        var hasMarker = false, hasAmp = false, hasTag = false
        for b in s.utf8 {
            switch b {
            case 0xC3, 0xC2, 0xE2: hasMarker = true  // "Ã", "Â", "â" (first byte of "â€")
            case UInt8(ascii: "&"): hasAmp = true
            case UInt8(ascii: "<"): hasTag = true
            default: break
            }
        }
        if hasMarker && (s.contains("Ã") || s.contains("â€") || s.contains("Â")) { s = repairMojibake(s) }
        if hasAmp { s = decodeEntities(s) }
        if hasTag { s = stripTags(s) }
        return collapseWhitespace(s)
    }

    /// Runs of whitespace to one space, ends trimmed (ASCII bytes checked directly, other
    /// characters by their Unicode White_Space property).
    public static func collapseWhitespace(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for c in s.unicodeScalars {
            let space = c.isASCII ? (c == " " || (c.value >= 0x09 && c.value <= 0x0D)) : c.properties.isWhitespace
            if space {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                if c.isASCII { out.append(UInt8(c.value)) } else { out.append(contentsOf: String(c).utf8) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Windows-1252 bytes 0x80–0x9F, by the scalar they decode to.
    private static let cp1252: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    static func repairMojibake(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            if c.value < 0x100 { bytes.append(UInt8(c.value)) } else if let b = cp1252[c.value] { bytes.append(b) } else {
                return s  // a character Windows-1252 cannot hold: not mojibake of the whole text
            }
        }
        guard let repaired = String(validating: bytes, as: UTF8.self) else { return s }
        return repaired
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "hellip": "…", "bull": "•", "middot": "·",
        "copy": "©", "reg": "®", "trade": "™", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç",
        "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ntilde": "ñ", "euro": "€", "pound": "£",
    ]

    static func decodeEntities(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            if ch == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let name = s[s.index(after: i)..<semi]
                if let value = entity(name) {
                    out += value
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(ch)
            i = s.index(after: i)
        }
        return out
    }

    private static func entity(_ name: Substring) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) } }
        return named[String(name)]
    }

    static func stripTags(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            let next = s.index(after: i)
            if ch == "<", next < s.endIndex, s[next].isLetter || s[next] == "/" || s[next] == "!",
               let close = s[next...].prefix(2000).firstIndex(of: ">") {
                out.append(" ")
                i = s.index(after: close)
                continue
            }
            out.append(ch)
            i = next
        }
        return out
    }
}
