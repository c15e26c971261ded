/// Tokens of a text as ids and character offsets: the matcher's fast path.
///
/// Produces the same tokens as `SpacyTokenizer.tokenize`, but works on UTF-8 bytes and caches,
/// per distinct whitespace-delimited span, the pieces as (length in characters, id of the
/// lower-cased text in `ids`, or -1 when no pattern or cue word has that token). A cache hit costs
/// one hash of the span's bytes and no allocation.
final class TokenIDStream {
    struct Piece {
        var length: Int32
        var id: Int32
    }

    /// Token ids and offsets (Unicode scalars) of the last `scan`.
    private(set) var ids: [Int32] = []
    private(set) var starts: [Int32] = []
    private(set) var ends: [Int32] = []

    private let tokenizer: SpacyTokenizer
    private let lookup: [String: Int32]
    private var cacheIndex: [UInt64: Int32] = [:]
    private var cacheKeys: [[UInt8]] = []
    private var cachePieces: [[Piece]] = []
    private let cacheLimit = 1 << 19

    init(tokenizer: SpacyTokenizer, ids lookup: [String: Int32]) {
        self.tokenizer = tokenizer
        self.lookup = lookup
    }

    /// Tokenizes `text` into `ids`, `starts`, `ends`.
    func scan(_ text: String) {
        ids.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { buf in
            let n = buf.count
            guard n > 0 else { return }
            var i = 0, scalar = 0
            var spanStart = 0, spanScalar = 0
            var inWhitespace = Self.isSpace(buf, 0).space
            while i < n {
                let (space, width) = Self.isSpace(buf, i)
                if space != inWhitespace {
                    if spanStart < i { emit(buf, spanStart, i, spanScalar) }
                    if buf[i] == 0x20 {
                        spanStart = i + 1
                        spanScalar = scalar + 1
                    } else {
                        spanStart = i
                        spanScalar = scalar
                    }
                    inWhitespace.toggle()
                }
                i += width
                scalar += 1
            }
            if spanStart < n { emit(buf, spanStart, n, spanScalar) }
        }
    }

    /// Whether the scalar at byte `i` is whitespace, and its UTF-8 width.
    @inline(__always)
    private static func isSpace(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (space: Bool, width: Int) {
        let b = buf[i]
        if b < 0x80 { return (SpacyTokenizer.isPythonSpace(UInt32(b)), 1) }
        let width = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        var v = UInt32(b) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width where i + k < buf.count { v = v << 6 | UInt32(buf[i + k] & 0x3F) }
        return (SpacyTokenizer.isPythonSpace(v), width)
    }

    private func emit(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ scalarStart: Int) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in from..<to { h = (h ^ UInt64(buf[k])) &* 0x100_0000_01b3 }
        let pieces: [Piece]
        if let e = cacheIndex[h], cacheKeys[Int(e)].elementsEqual(buf[from..<to]) {
            pieces = cachePieces[Int(e)]
        } else {
            let span = String(decoding: UnsafeBufferPointer(rebasing: buf[from..<to]), as: UTF8.self)
            pieces = tokenizer.split(span).map {
                Piece(length: Int32($0.unicodeScalars.count), id: lookup[$0.lowercased()] ?? -1)
            }
            if cacheIndex[h] == nil {
                if cacheKeys.count >= cacheLimit {
                    cacheIndex.removeAll(keepingCapacity: true)
                    cacheKeys.removeAll(keepingCapacity: true)
                    cachePieces.removeAll(keepingCapacity: true)
                }
                cacheIndex[h] = Int32(cacheKeys.count)
                cacheKeys.append(Array(buf[from..<to]))
                cachePieces.append(pieces)
            }
        }
        var offset = Int32(scalarStart)
        for p in pieces {
            ids.append(p.id)
            starts.append(offset)
            offset += p.length
            ends.append(offset)
        }
    }
}
