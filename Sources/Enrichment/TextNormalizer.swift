/// Cleans source text: mojibake, HTML tags and entities, whitespace.
///
/// - Mojibake: UTF-8 read as Windows-1252 or Latin-1 ("CafÃ©", "â€™", "â\u{80}¢" in the real
///   resume file) is repaired sequence by sequence: a run of characters whose Windows-1252 /
///   Latin-1 bytes form one valid multi-byte UTF-8 character becomes that character; everything
///   else, including text in other scripts beside it, is left as it was.
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
        if hasMarker { s = repairMojibake(s) }
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

    /// The byte a scalar stands for when UTF-8 was decoded as Windows-1252 or Latin-1 (nil: none).
    private static func mojibakeByte(_ c: Unicode.Scalar) -> UInt8? {
        c.value >= 0x80 && c.value < 0x100 ? UInt8(c.value) : cp1252[c.value]
    }

    static func repairMojibake(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        while i < scalars.count {
            // A lead byte (C2–F4) followed by as many continuation bytes (80–BF) as it announces.
            if let lead = mojibakeByte(scalars[i]), lead >= 0xC2, lead <= 0xF4 {
                let n = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
                var bytes = [lead]
                var j = i + 1
                while j < scalars.count, bytes.count <= n, let b = mojibakeByte(scalars[j]), b & 0xC0 == 0x80 {
                    bytes.append(b)
                    j += 1
                }
                if bytes.count == n + 1, let repaired = String(validating: bytes, as: UTF8.self) {
                    out.append(contentsOf: repaired.unicodeScalars)
                    changed = true
                    i = j
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : s
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
