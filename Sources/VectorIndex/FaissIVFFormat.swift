import Foundation

/// FAISS's inverted-file layout (faiss/impl/index_write.cpp `write_ivf_header`,
/// `write_InvertedLists`; index_read.cpp), the parts `IndexIVFFlat` and
/// `IndexIVFScalarQuantizer` use.
///
/// ```
/// "IwFl" | "IwSq"  header  u64 nlist  u64 nprobe             IndexIVFFlat | IndexIVFScalarQuantizer
///   "IxFI" header(ntotal = nlist)  u64 nlist·d  f32[nlist·d]   the quantizer: the centroids
///   u8 direct-map type  u64 n  i64[n]  (type 2 adds u64 m  (i64, i64)[m])
///   IwSq only: i32 qtype (0: QT_8bit)  i32 rangestat  f32 rangestat_arg  u64 d  u64 code_size
///              u64 2d  f32[d] vmin  f32[d] vdiff            the ScalarQuantizer
///              u64 code_size  u8 by_residual
///   "ilar"  u64 nlist  u64 code_size                          ArrayInvertedLists
///     "full"  u64 nlist  u64[nlist] sizes                     when more than half the lists hold vectors
///   | "sprs"  u64 2m  (u64 list, u64 size)[m]                 else, the non-empty lists only
///   then for each non-empty list in order: u8[size·code_size] codes, i64[size] ids
/// ```
/// `code_size` is `4·d` (float32 vectors) or `d` (SQ8). Little-endian, no padding, like `FaissFormat`.
/// The layout was checked against faiss-cpu 1.15.1's own files (`FaissIVFInteropTests`).
enum FaissIVFFormat {
    static let ivfFlat = "IwFl", ivfScalarQuantizer = "IwSq", arrayLists = "ilar", full = "full", sparse = "sprs"
    static let invertedListNames = ["il00": "no inverted lists", "ilod": "OnDiskInvertedLists", "ilbl": "BlockInvertedLists",
                                    "ilrs": "ResidualCoarseQuantizer lists"]

    /// The "full" size encoding when more than half the lists hold vectors (faiss's rule).
    static func isFull(_ sizes: [Int]) -> Bool { sizes.filter { $0 > 0 }.count > sizes.count / 2 }
}

extension IVFIndex {
    /// Opens an `IndexIVFFlat` or `IndexIVFScalarQuantizer` (QT_8bit) file written by us or by
    /// `faiss.write_index`, memory-mapped: the lists' codes stay in the file's pages, the ids
    /// (8 bytes a vector) are read into memory.
    ///
    /// - Throws: `VectorIndexError` naming the file: `.io` when it cannot be read, `.format` when
    ///   it is truncated or inconsistent, `.unsupported` for another index type, metric or
    ///   inverted-list kind.
    public init(contentsOf url: URL) throws {
        let region = try ByteRegion.mapping(url)
        var r = ByteReader(region: region, path: url.path)
        let type = try r.fourcc()
        guard type == FaissIVFFormat.ivfFlat || type == FaissIVFFormat.ivfScalarQuantizer else {
            throw VectorIndexError(.unsupported, path: url.path, "not an IndexIVFFlat or IndexIVFScalarQuantizer (type \(FaissFormat.describe(type)))")
        }
        let (d, n) = try r.header(type == FaissIVFFormat.ivfFlat ? "IndexIVFFlat" : "IndexIVFScalarQuantizer")
        let nlist64 = try r.u64("nlist"), nprobe64 = try r.u64("nprobe")
        // Each list needs at least its centroid's d floats in the file.
        guard nlist64 >= 1, nlist64 <= UInt64(r.remaining / (4 * d)) else {
            throw VectorIndexError(.format, path: url.path, "nlist \(nlist64) is out of range for a \(region.count)-byte file of dimension \(d)")
        }
        let nlist = Int(nlist64)
        guard n <= r.remaining / (d + 8) else {
            throw VectorIndexError(.format, path: url.path, "header claims \(n) vectors of dimension \(d), more than the \(region.count)-byte file holds")
        }
        let centroids = try Self.readQuantizer(&r, d: d, nlist: nlist)
        try Self.skipDirectMap(&r)
        let codes: IVFCodes = type == FaissIVFFormat.ivfFlat ? .float32 : try Self.readScalarQuantizer(&r, d: d)
        let codeSize = codes.codeSize(dimension: d)
        // The inverted lists.
        let ilType = try r.fourcc()
        guard ilType == FaissIVFFormat.arrayLists else {
            let name = FaissIVFFormat.invertedListNames[ilType] ?? "'\(FaissFormat.printable(ilType))'"
            throw VectorIndexError(.unsupported, path: url.path, "inverted lists of kind \(name): JobMatch reads ArrayInvertedLists ('ilar')")
        }
        let ilNlist = try r.u64("inverted lists' nlist"), ilCodeSize = try r.u64("code size")
        guard ilNlist == nlist64, ilCodeSize == UInt64(codeSize) else {
            throw VectorIndexError(.format, path: url.path, "inverted lists of \(ilNlist) lists and \(ilCodeSize)-byte codes, expected \(nlist) and \(codeSize)")
        }
        let sizes = try Self.readListSizes(&r, nlist: nlist, path: url.path)
        var listStart = [Int](repeating: 0, count: nlist + 1)
        for l in 0..<nlist {
            guard sizes[l] <= n - listStart[l] else {
                throw VectorIndexError(.format, path: url.path, "list sizes add up to more than the header's \(n) vectors")
            }
            listStart[l + 1] = listStart[l] + sizes[l]
        }
        guard listStart[nlist] == n else {
            throw VectorIndexError(.format, path: url.path, "list sizes add up to \(listStart[nlist]), the header says \(n) vectors")
        }
        var listOffset = [Int](repeating: 0, count: nlist)
        var ids = [Int64](repeating: 0, count: n)
        for l in 0..<nlist where sizes[l] > 0 {
            listOffset[l] = r.offset
            _ = try r.take(sizes[l] * codeSize, "list \(l)'s codes")
            let p = try r.take(sizes[l] * 8, "list \(l)'s ids")
            ids.withUnsafeMutableBytes { dst in
                (dst.baseAddress! + listStart[l] * 8).copyMemory(from: p, byteCount: sizes[l] * 8)
            }
        }
        for i in ids.indices { ids[i] = Int64(littleEndian: ids[i]) }
        guard r.remaining == 0 else {
            throw VectorIndexError(.format, path: url.path, "\(r.remaining) unexpected bytes after the index")
        }
        try self.init(dimension: d, nprobe: Int(min(nprobe64, nlist64)), centroids: centroids, codes: codes, listStart: listStart,
                      listOffset: listOffset, ids: ids, region: region)
    }

    /// The nested `IndexFlatIP` holding the centroids [nlist, d].
    static func readQuantizer(_ r: inout ByteReader, d: Int, nlist: Int) throws -> [Float] {
        let qType = try r.fourcc()
        guard qType == FaissFormat.flatIP else {
            throw VectorIndexError(.unsupported, path: r.path,
                                   "coarse quantizer of type \(FaissFormat.describe(qType)): JobMatch reads an IndexFlatIP quantizer")
        }
        let (qd, qn) = try r.header("quantizer")
        guard qd == d, qn == nlist else {
            throw VectorIndexError(.format, path: r.path, "quantizer holds \(qn) centroids of dimension \(qd), expected \(nlist) × \(d)")
        }
        let floats = try r.count("centroids", elementSize: 4)
        guard floats == nlist * d else {
            throw VectorIndexError(.format, path: r.path, "quantizer holds \(floats) floats, expected \(nlist) × \(d)")
        }
        return try r.floats(floats, "centroids")
    }

    /// `IndexIVFScalarQuantizer`'s quantiser, code size and residual flag: QT_8bit with the
    /// residuals encoded (faiss's default), anything else refused by name.
    static func readScalarQuantizer(_ r: inout ByteReader, d: Int) throws -> IVFCodes {
        let qtype = try r.i32("quantizer type")
        _ = try r.i32("range statistic")
        _ = try r.f32("range statistic argument")
        let sqd = try r.u64("quantizer dimension"), sqCodeSize = try r.u64("quantizer code size")
        let trained = try r.count("quantizer ranges", elementSize: 4)
        guard qtype == FaissFormat.qt8bit else {
            throw VectorIndexError(.unsupported, path: r.path, "IndexIVFScalarQuantizer of quantizer type \(qtype): JobMatch reads QT_8bit (SQ8)")
        }
        guard sqd == UInt64(d), sqCodeSize == UInt64(d), trained == 2 * d else {
            throw VectorIndexError(.format, path: r.path, "QT_8bit: dimension \(sqd), code size \(sqCodeSize), \(trained) range values for d = \(d)")
        }
        let ranges = try r.floats(trained, "quantizer ranges")
        let codeSize = try r.u64("code size"), byResidual = try r.u8("by_residual")
        guard codeSize == UInt64(d) else { throw VectorIndexError(.format, path: r.path, "code size \(codeSize) for SQ8 codes of dimension \(d)") }
        guard byResidual == 1 else {
            throw VectorIndexError(.unsupported, path: r.path,
                                   "IndexIVFScalarQuantizer without by_residual: JobMatch reads SQ8 codes of residuals (faiss's default)")
        }
        return .sq8(ScalarQuantizer(vmin: Array(ranges[0..<d]), vdiff: Array(ranges[d...])))
    }

    /// The direct map (id → list position) faiss may keep; JobMatch does not use it.
    static func skipDirectMap(_ r: inout ByteReader) throws {
        let kind = try r.u8("direct map type")
        guard kind <= 2 else { throw VectorIndexError(.format, path: r.path, "direct map type \(kind) (faiss knows 0, 1 and 2)") }
        let m = try r.count("direct map", elementSize: 8)
        _ = try r.take(m * 8, "direct map")
        if kind == 2 {
            let h = try r.count("direct map hash table", elementSize: 16)
            _ = try r.take(h * 16, "direct map hash table")
        }
    }

    /// Per-list sizes from the "full" or "sprs" encoding.
    static func readListSizes(_ r: inout ByteReader, nlist: Int, path: String) throws -> [Int] {
        let encoding = try r.fourcc()
        var sizes = [Int](repeating: 0, count: nlist)
        switch encoding {
        case FaissIVFFormat.full:
            let m = try r.count("list sizes", elementSize: 8)
            guard m == nlist else { throw VectorIndexError(.format, path: path, "\(m) list sizes for \(nlist) lists") }
            for l in 0..<nlist { sizes[l] = try Self.size(r.u64("list size"), path) }
        case FaissIVFFormat.sparse:
            let m = try r.count("list sizes", elementSize: 8)
            guard m % 2 == 0 else { throw VectorIndexError(.format, path: path, "sparse list sizes: odd count \(m)") }
            for _ in 0..<(m / 2) {
                let l = try r.u64("list number"), s = try Self.size(r.u64("list size"), path)
                guard l < UInt64(nlist) else { throw VectorIndexError(.format, path: path, "sparse list sizes name list \(l) of \(nlist)") }
                sizes[Int(l)] = s
            }
        default:
            throw VectorIndexError(.format, path: path, "list sizes encoded as '\(FaissFormat.printable(encoding))' (faiss writes 'full' or 'sprs')")
        }
        return sizes
    }

    private static func size(_ v: UInt64, _ path: String) throws -> Int {
        guard v <= UInt64(Int32.max) * 64 else { throw VectorIndexError(.format, path: path, "list size \(v) out of range") }
        return Int(v)
    }
}
