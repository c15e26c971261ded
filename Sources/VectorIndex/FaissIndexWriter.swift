import Foundation
import JobMatchCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes an index file in FAISS's format, streaming: vectors are encoded and written as they come,
/// the ids are kept (8 bytes each) and written at the end, then the counts in the headers are
/// patched and the file is made durable and renamed into place (`DurableFile`).
///
/// ```swift
/// let w = try FaissIndexWriter(url: url, dimension: 384, encoding: .float32)
/// try w.append(vectors: batch, ids: batchIDs)   // any number of times
/// try w.finish()                                // url now holds IndexIDMap(IndexFlatIP)
/// ```
public final class FaissIndexWriter {
    public let url: URL
    public let dimension: Int
    public let encoding: VectorEncoding
    public let quantizer: ScalarQuantizer?
    private let tmp: URL
    private var fd: Int32
    private var ids: [Int64] = []
    /// Byte offsets of the fields patched at the end.
    private var codesCountOffset = 0

    /// - Parameter quantizer: the per-dimension ranges, required for `.int8` (train them first
    ///   with `ScalarQuantizer.Trainer` over the same vectors).
    public init(url: URL, dimension: Int, encoding: VectorEncoding, quantizer: ScalarQuantizer? = nil) throws {
        guard dimension > 0 else { throw VectorIndexError(.invalidArgument, path: url.path, "dimension must be positive") }
        if encoding == .int8 {
            guard let quantizer, quantizer.dimension == dimension else {
                throw VectorIndexError(.invalidArgument, path: url.path, "int8 needs a quantizer of dimension \(dimension)")
            }
        }
        self.url = url
        self.dimension = dimension
        self.encoding = encoding
        self.quantizer = encoding == .int8 ? quantizer : nil
        tmp = DurableFile.temporary(for: url)
        fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw VectorIndexError(.io, path: tmp.path, "cannot create: \(String(cString: strerror(errno)))") }
        var w = ByteWriter()
        w.fourcc(FaissFormat.idMap)
        w.header(dimension: dimension, count: 0)
        switch encoding {
        case .float32:
            w.fourcc(FaissFormat.flatIP)
            w.header(dimension: dimension, count: 0)
        case .float16, .int8:
            w.fourcc(FaissFormat.scalarQuantizer)
            w.header(dimension: dimension, count: 0)
            w.i32(encoding == .int8 ? FaissFormat.qt8bit : FaissFormat.qtFP16)
            w.i32(0)  // RS_minmax
            w.f32(0)  // rangestat_arg
            w.u64(UInt64(dimension))
            w.u64(UInt64(dimension * encoding.bytesPerComponent))  // code_size
            if let q = self.quantizer {
                w.u64(UInt64(2 * dimension))
                for v in q.vmin + q.vdiff { w.f32(v) }
            } else {
                w.u64(0)
            }
        }
        codesCountOffset = w.bytes.count
        w.u64(0)
        try w.bytes.withUnsafeBytes { try writeAll($0) }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(tmp.path)
        }
    }

    /// Appends vectors [n, d] (row-major) with their ids.
    public func append(vectors: [Float], ids newIDs: [Int64]) throws {
        guard vectors.count == newIDs.count * dimension else {
            throw VectorIndexError(.invalidArgument, path: url.path, "\(vectors.count) floats for \(newIDs.count) ids of dimension \(dimension)")
        }
        let bytes = FlatInnerProductIndex.encode(vectors, encoding: encoding, quantizer: quantizer)
        try bytes.withUnsafeBytes { try writeAll($0) }
        ids.append(contentsOf: newIDs)
    }

    /// Appends codes already in this writer's encoding (`ids.count` rows).
    func append(codes: UnsafeRawBufferPointer, ids newIDs: [Int64]) throws {
        precondition(codes.count == newIDs.count * dimension * encoding.bytesPerComponent, "append(codes:): size mismatch")
        try writeAll(codes)
        ids.append(contentsOf: newIDs)
    }

    /// Writes the ids, patches the counts, and moves the file into place durably.
    public func finish() throws {
        let n = ids.count
        var tail = ByteWriter()
        tail.u64(UInt64(n))
        for id in ids { tail.i64(id) }
        try tail.bytes.withUnsafeBytes { try writeAll($0) }
        // ntotal of both headers, then the codes vector's length (floats for Flat, bytes for SQ).
        let ntotalOuter = 4 + 4, ntotalInner = 4 + FaissFormat.headerSize + 4 + 4
        try patch(Int64(n), at: ntotalOuter)
        try patch(Int64(n), at: ntotalInner)
        let codesCount = encoding == .float32 ? n * dimension : n * dimension * encoding.bytesPerComponent
        try patch(Int64(codesCount), at: codesCountOffset)
        close(fd)
        fd = -1
        try DurableFile.commit(tmp, to: url)
    }

    private func patch(_ v: Int64, at offset: Int) throws {
        var le = v.littleEndian
        let r = withUnsafeBytes(of: &le) { pwrite(fd, $0.baseAddress, 8, off_t(offset)) }
        guard r == 8 else { throw VectorIndexError(.io, path: tmp.path, "cannot write header: \(String(cString: strerror(errno)))") }
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        do {
            var done = 0
            while done < raw.count {
                let r = write(fd, raw.baseAddress! + done, raw.count - done)
                if r < 0 && errno == EINTR { continue }
                guard r > 0 else { throw VectorIndexError(.io, path: tmp.path, "cannot write: \(String(cString: strerror(errno)))") }
                done += r
            }
        }
    }
}

extension FlatInnerProductIndex {
    /// Writes the index in FAISS's format (`faiss.read_index` opens it), durably and atomically.
    public func write(to url: URL) throws {
        let w = try FaissIndexWriter(url: url, dimension: dimension, encoding: encoding, quantizer: quantizer)
        let block = 65_536
        var lo = 0
        while lo < count {
            let n = min(block, count - lo)
            try w.append(codes: UnsafeRawBufferPointer(start: codes(row: lo), count: n * dimension * encoding.bytesPerComponent),
                         ids: Array(ids[lo..<(lo + n)]))
            lo += n
        }
        try w.finish()
    }
}
