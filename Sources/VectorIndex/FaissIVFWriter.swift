import Foundation
import JobMatchCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes an `IndexIVFFlat` or `IndexIVFScalarQuantizer` (SQ8) file in FAISS's format once the
/// list sizes are known, without holding the vectors: the file is laid out from the sizes, each
/// vector is encoded (`IVFCodes`) and written at its list's next free place as it comes (any
/// order), the ids (8 bytes each) are kept and written at the end, and the file is made durable
/// and renamed into place (`DurableFile`).
///
/// ```swift
/// let lists = try KMeans.assign(vectors, dimension: d, centroids: centroids)
/// let w = try FaissIVFWriter(url: url, centroids: centroids, dimension: d, nprobe: 16, lists: lists)
/// try w.append(vectors: vectors, ids: ids, lists: lists)   // in as many batches as needed
/// try w.finish()                                           // faiss.read_index(url): IndexIVFFlat
/// ```
public final class FaissIVFWriter {
    public let url: URL
    public let dimension: Int
    public let codes: IVFCodes
    private let centroids: [Float]
    private let tmp: URL
    private var fd: Int32
    /// Byte offset of each list's codes; the list's ids follow them.
    private var listOffset: [Int]
    private let listStart: [Int]
    /// Vectors written so far per list.
    private var filled: [Int]
    /// Ids by row (rows numbered list after list).
    private var ids: [Int64]

    /// - Parameters:
    ///   - centroids: [nlist, d], row-major.
    ///   - lists: the list of every vector that will be appended (its length is the index's size).
    ///   - codes: float32 (`IndexIVFFlat`) or SQ8 residuals with a trained quantiser.
    public init(url: URL, centroids: [Float], dimension d: Int, nprobe: Int, lists: [Int], codes: IVFCodes = .float32) throws {
        guard d > 0, centroids.count >= d, centroids.count % d == 0, codes.fits(dimension: d) else {
            throw VectorIndexError(.invalidArgument, path: url.path, "IVF writer: \(centroids.count) centroid floats for dimension \(d)")
        }
        let nlist = centroids.count / d
        guard lists.allSatisfy({ $0 >= 0 && $0 < nlist }) else {
            throw VectorIndexError(.invalidArgument, path: url.path, "IVF writer: a list number outside 0..<\(nlist)")
        }
        self.url = url
        dimension = d
        self.codes = codes
        self.centroids = centroids
        let codeSize = codes.codeSize(dimension: d)
        let starts = IVFIndex.layout(lists: lists, nlist: nlist).listStart
        listStart = starts
        let sizes = (0..<nlist).map { starts[$0 + 1] - starts[$0] }
        var w = ByteWriter()
        w.fourcc(codes == .float32 ? FaissIVFFormat.ivfFlat : FaissIVFFormat.ivfScalarQuantizer)
        w.header(dimension: d, count: lists.count)
        w.u64(UInt64(nlist))
        w.u64(UInt64(max(1, min(nprobe, nlist))))
        w.fourcc(FaissFormat.flatIP)
        w.header(dimension: d, count: nlist)
        w.u64(UInt64(nlist * d))
        for v in centroids { w.f32(v) }
        w.u8(0)  // no direct map
        w.u64(0)
        if case .sq8(let sq) = codes {
            w.i32(FaissFormat.qt8bit)
            w.i32(0)  // RS_minmax
            w.f32(0)  // rangestat_arg
            w.u64(UInt64(d))
            w.u64(UInt64(codeSize))
            w.u64(UInt64(2 * d))
            for v in sq.vmin + sq.vdiff { w.f32(v) }
            w.u64(UInt64(codeSize))
            w.u8(1)  // by_residual
        }
        w.fourcc(FaissIVFFormat.arrayLists)
        w.u64(UInt64(nlist))
        w.u64(UInt64(codeSize))
        if FaissIVFFormat.isFull(sizes) {
            w.fourcc(FaissIVFFormat.full)
            w.u64(UInt64(nlist))
            for s in sizes { w.u64(UInt64(s)) }
        } else {
            w.fourcc(FaissIVFFormat.sparse)
            let nonEmpty = sizes.indices.filter { sizes[$0] > 0 }
            w.u64(UInt64(2 * nonEmpty.count))
            for l in nonEmpty { w.u64(UInt64(l)); w.u64(UInt64(sizes[l])) }
        }
        var offset = w.bytes.count
        listOffset = sizes.map { s in defer { offset += s * (codeSize + 8) }; return offset }
        filled = [Int](repeating: 0, count: nlist)
        ids = [Int64](repeating: 0, count: lists.count)
        tmp = DurableFile.temporary(for: url)
        fd = open(tmp.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw VectorIndexError(.io, path: tmp.path, "cannot create: \(String(cString: strerror(errno)))") }
        guard ftruncate(fd, off_t(offset)) == 0 else { throw VectorIndexError(.io, path: tmp.path, "cannot size: \(String(cString: strerror(errno)))") }
        try w.bytes.withUnsafeBytes { try write($0, at: 0) }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(tmp.path)
        }
    }

    /// Writes vectors [n, d] with their ids into their lists (encoded as `codes` says).
    public func append(vectors: [Float], ids newIDs: [Int64], lists: [Int]) throws {
        let d = dimension, size = codes.codeSize(dimension: d)
        guard vectors.count == newIDs.count * d, lists.count == newIDs.count else {
            throw VectorIndexError(.invalidArgument, path: url.path, "\(vectors.count) floats, \(newIDs.count) ids and \(lists.count) lists for dimension \(d)")
        }
        var code = [UInt8](repeating: 0, count: size)
        try vectors.withUnsafeBufferPointer { pv in
            for (i, l) in lists.enumerated() {
                guard l >= 0, l < filled.count, filled[l] < listStart[l + 1] - listStart[l] else {
                    throw VectorIndexError(.invalidArgument, path: url.path, "more vectors for list \(l) than its size")
                }
                code.withUnsafeMutableBytes { codes.encode(pv.baseAddress! + i * d, centroid: centroids, list: l, dimension: d, into: $0.baseAddress!) }
                try code.withUnsafeBytes { try write($0, at: listOffset[l] + filled[l] * size) }
                ids[listStart[l] + filled[l]] = newIDs[i]
                filled[l] += 1
            }
        }
    }

    /// Writes already encoded codes [n, codeSize] with their ids into their lists.
    func append(codes raw: UnsafeRawBufferPointer, ids newIDs: [Int64], list l: Int) throws {
        let size = codes.codeSize(dimension: dimension)
        guard raw.count == newIDs.count * size, l >= 0, l < filled.count, filled[l] + newIDs.count <= listStart[l + 1] - listStart[l] else {
            throw VectorIndexError(.invalidArgument, path: url.path, "more vectors for list \(l) than its size")
        }
        try write(raw, at: listOffset[l] + filled[l] * size)
        for (i, id) in newIDs.enumerated() { ids[listStart[l] + filled[l] + i] = id }
        filled[l] += newIDs.count
    }

    /// Writes the ids after each list's vectors and moves the file into place durably.
    ///
    /// - Throws: `.invalidArgument` when fewer vectors came than the lists were sized for.
    public func finish() throws {
        let codeSize = codes.codeSize(dimension: dimension)
        for l in filled.indices {
            let size = listStart[l + 1] - listStart[l]
            guard filled[l] == size else {
                throw VectorIndexError(.invalidArgument, path: url.path, "list \(l) got \(filled[l]) of its \(size) vectors")
            }
            guard size > 0 else { continue }
            let le = ids[listStart[l]..<listStart[l + 1]].map { $0.littleEndian }
            try le.withUnsafeBytes { try write($0, at: listOffset[l] + size * codeSize) }
        }
        close(fd)
        fd = -1
        try DurableFile.commit(tmp, to: url)
    }

    private func write(_ raw: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < raw.count {
            let r = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else { throw VectorIndexError(.io, path: tmp.path, "cannot write: \(String(cString: strerror(errno)))") }
            done += r
        }
    }
}

extension IVFIndex {
    /// Writes the index in FAISS's format (`faiss.read_index` opens an `IndexIVFFlat` or an
    /// `IndexIVFScalarQuantizer`), durably and atomically; lists keep their order and codes their bytes.
    public func write(to url: URL) throws {
        var lists = [Int](repeating: 0, count: count)
        for l in 0..<nlist { for row in listStart[l]..<listStart[l + 1] { lists[row] = l } }
        let w = try FaissIVFWriter(url: url, centroids: centroids, dimension: dimension, nprobe: nprobe, lists: lists, codes: codes)
        let size = codes.codeSize(dimension: dimension)
        for l in 0..<nlist where listSize(l) > 0 {
            try w.append(codes: UnsafeRawBufferPointer(start: codes(list: l), count: listSize(l) * size),
                         ids: Array(ids[listStart[l]..<listStart[l + 1]]), list: l)
        }
        try w.finish()
    }
}
