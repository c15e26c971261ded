import Foundation

extension FlatInnerProductIndex {
    /// Opens an index file written by us or by `faiss.write_index`, memory-mapped.
    ///
    /// Reads `IndexIDMap` / `IndexIDMap2` around `IndexFlatIP` or `IndexScalarQuantizer`
    /// (`QT_8bit`, `QT_fp16`) with the inner-product metric, or one of those bare (ids 0..<n).
    /// Every count is checked against the file's size before it is used.
    ///
    /// - Throws: `VectorIndexError` naming the file: `.io` when it cannot be read, `.format` when
    ///   it is truncated or not FAISS, `.unsupported` for another index type or metric.
    public init(contentsOf url: URL) throws {
        let region = try ByteRegion.mapping(url)
        var r = ByteReader(region: region, path: url.path)
        var type = try r.fourcc()
        var outer: (d: Int, n: Int)? = nil
        if type == FaissFormat.idMap || type == FaissFormat.idMap2 {
            outer = try r.header(type)
            type = try r.fourcc()
        }
        let (d, n) = try r.header(type)
        // n · d bytes (int8) at least must fit in the file before anything is sized from it.
        let (components, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow, components <= region.count else {
            throw VectorIndexError(.format, path: url.path, "header claims \(n) vectors of dimension \(d), more than the \(region.count)-byte file holds")
        }
        if let outer, outer != (d, n) {
            throw VectorIndexError(.format, path: url.path, "IDMap header (d \(outer.d), n \(outer.n)) disagrees with \(type) (d \(d), n \(n))")
        }
        var encoding = VectorEncoding.float32
        var quantizer: ScalarQuantizer? = nil
        switch type {
        case FaissFormat.flatIP:
            let floats = try r.count("IndexFlatIP vectors", elementSize: 4)
            guard floats == n * d else {
                throw VectorIndexError(.format, path: url.path, "IndexFlatIP holds \(floats) floats, expected \(n) × \(d)")
            }
        case FaissFormat.scalarQuantizer:
            let qtype = try r.i32("quantizer type")
            _ = try r.i32("range statistic"); _ = try r.f32("range statistic argument")
            let sqd = try r.u64("quantizer dimension"), codeSize = try r.u64("code size")
            let trained = try r.count("quantizer ranges", elementSize: 4)
            switch qtype {
            case FaissFormat.qt8bit:
                encoding = .int8
                guard sqd == UInt64(d), codeSize == UInt64(d), trained == 2 * d else {
                    throw VectorIndexError(.format, path: url.path, "QT_8bit: dimension \(sqd), code size \(codeSize), \(trained) range values for d = \(d)")
                }
                let vals = try r.floats(trained, "quantizer ranges")
                quantizer = ScalarQuantizer(vmin: Array(vals[0..<d]), vdiff: Array(vals[d...]))
            case FaissFormat.qtFP16:
                encoding = .float16
                guard sqd == UInt64(d), codeSize == UInt64(2 * d) else {
                    throw VectorIndexError(.format, path: url.path, "QT_fp16: dimension \(sqd), code size \(codeSize) for d = \(d)")
                }
                _ = try r.take(trained * 4, "quantizer ranges")
            default:
                throw VectorIndexError(.unsupported, path: url.path,
                                       "IndexScalarQuantizer type \(qtype) (JobMatch reads QT_8bit and QT_fp16)")
            }
            let bytes = try r.count("IndexScalarQuantizer codes", elementSize: 1)
            guard bytes == n * d * encoding.bytesPerComponent else {
                throw VectorIndexError(.format, path: url.path, "IndexScalarQuantizer holds \(bytes) code bytes, expected \(n) × \(d * encoding.bytesPerComponent)")
            }
        default:
            let name = FaissFormat.known[type].map { "a FAISS \($0)" } ?? "'\(type.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? String($0) : "?" }.joined())'"
            throw VectorIndexError(.unsupported, path: url.path,
                                   "index type \(name): JobMatch reads IndexIDMap around IndexFlatIP or IndexScalarQuantizer, IndexIVFFlat and IndexIVFScalarQuantizer (SQ8)")
        }
        let codesOffset = r.offset
        _ = try r.take(n * d * encoding.bytesPerComponent, "vectors")
        var ids: [Int64]
        if outer != nil {
            let m = try r.count("ids", elementSize: 8)
            guard m == n else { throw VectorIndexError(.format, path: url.path, "\(m) ids for \(n) vectors") }
            let p = try r.take(8 * n, "ids")
            ids = [Int64](repeating: 0, count: n)
            ids.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: 8 * n)) }
            for i in ids.indices { ids[i] = Int64(littleEndian: ids[i]) }
        } else {
            ids = (0..<Int64(n)).map { $0 }
        }
        guard r.remaining == 0 else {
            throw VectorIndexError(.format, path: url.path, "\(r.remaining) unexpected bytes after the index")
        }
        self.init(dimension: d, encoding: encoding, ids: ids, quantizer: quantizer, region: region, codesOffset: codesOffset)
    }
}
