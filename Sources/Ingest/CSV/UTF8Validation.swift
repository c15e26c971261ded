/// UTF-8 validation over raw bytes (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
enum UTF8Validation {
    /// The offset of the first byte of the first invalid sequence, or nil when all of it is valid.
    static func firstInvalid(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
        var i = 0
        while i < count {
            // ASCII fast path, 8 bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= count { return nil }
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            if i + need >= count { return i }  // cut short at the end
            let b1 = p[i + 1]
            if b1 < lo || b1 > hi { return i }
            for k in 2..<(need + 1) where p[i + k] & 0xC0 != 0x80 { return i }
            i += need + 1
        }
        return nil
    }
}
