// The vector index benchmark's Swift side; see bench/index/run.sh. Every command prints one JSON line.
//
//   index-bench build RAW.f32 D ENCODING OUT.faiss
//       streams raw float32 vectors [n, d] into an index file (ids 0..<n) with FaissIndexWriter
//   index-bench search INDEX.faiss QUERIES.f32 NQ_BATCH NQ_SINGLE K THREADS
//       opens INDEX memory-mapped, times one batched search of NQ_BATCH queries and NQ_SINGLE
//       single-query searches (after one warm-up query that pages the file in)
//   index-bench recall DOCS.f32 QUERIES.f32 D OUTDIR
//       recall@10 of every (dimension, encoding) variant against exact float32 search at D
import Foundation
import Tensor
import VectorIndex

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024  // KiB on Linux
}

/// User + system CPU seconds of this process, all threads (the machine may be shared: wall time
/// then includes time spent waiting for a core, CPU time does not).
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("index-bench: \(message)\n".utf8))
    exit(2)
}

/// A raw float32 file [n, d] read into memory.
func readRaw(_ path: String, dimension d: Int) -> [Float] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    guard data.count % (4 * d) == 0 else { fail("\(path): \(data.count) bytes is not a whole number of \(d)-dimensional float32 rows") }
    var out = [Float](repeating: 0, count: data.count / 4)
    out.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
    return out
}

func json(_ fields: [(String, Any)]) -> String {
    "{" + fields.map { k, v in
        let s: String
        switch v {
        case let x as String: s = "\"\(x)\""
        case let x as [[Int64]]: s = "[" + x.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        default: s = "\(v)"
        }
        return "\"\(k)\": \(s)"
    }.joined(separator: ", ") + "}"
}

/// Keeps the first `dim` components of each row and renormalises (Matryoshka truncation).
func truncate(_ v: [Float], from d: Int, to dim: Int) -> [Float] {
    let n = v.count / d
    var out = [Float](repeating: 0, count: n * dim)
    for i in 0..<n {
        var norm: Float = 0
        for j in 0..<dim { norm += v[i * d + j] * v[i * d + j] }
        let s = norm > 0 ? 1 / norm.squareRoot() : 0
        for j in 0..<dim { out[i * dim + j] = v[i * d + j] * s }
    }
    return out
}

let args = CommandLine.arguments
switch args.dropFirst().first {
case "build":
    guard args.count == 6, let d = Int(args[3]), let enc = VectorEncoding(rawValue: args[4]) else {
        fail("usage: index-bench build RAW.f32 D float32|float16|int8 OUT.faiss")
    }
    let region = try ByteRegion.mapping(URL(fileURLWithPath: args[2]))
    guard region.count % (4 * d) == 0 else { fail("\(args[2]): not a whole number of \(d)-dimensional rows") }
    let n = region.count / (4 * d), chunk = 65_536
    let rows = { (lo: Int, hi: Int) -> [Float] in
        Array(UnsafeBufferPointer(start: (region.base + lo * d * 4).assumingMemoryBound(to: Float.self), count: (hi - lo) * d))
    }
    var quantizer: ScalarQuantizer? = nil
    if enc == .int8 {
        var t = ScalarQuantizer.Trainer(dimension: d)
        for lo in stride(from: 0, to: n, by: chunk) { rows(lo, min(n, lo + chunk)).withUnsafeBufferPointer { t.add($0) } }
        quantizer = t.finish()
    }
    let t0 = now()
    let w = try FaissIndexWriter(url: URL(fileURLWithPath: args[5]), dimension: d, encoding: enc, quantizer: quantizer)
    for lo in stride(from: 0, to: n, by: chunk) {
        let hi = min(n, lo + chunk)
        try w.append(vectors: rows(lo, hi), ids: (lo..<hi).map(Int64.init))
    }
    try w.finish()
    print(json([("vectors", n), ("dimension", d), ("encoding", enc.rawValue), ("seconds", now() - t0)]))

case "search":
    guard args.count == 8, let nb = Int(args[4]), let ns = Int(args[5]), let k = Int(args[6]), let threads = Int(args[7]) else {
        fail("usage: index-bench search INDEX.faiss QUERIES.f32 NQ_BATCH NQ_SINGLE K THREADS")
    }
    BLAS.setThreads(threads)
    let url = URL(fileURLWithPath: args[2])
    let index = try FlatInnerProductIndex(contentsOf: url)
    let d = index.dimension
    let queries = readRaw(args[3], dimension: d)
    guard queries.count / d >= max(nb, ns + 1) else { fail("\(args[3]): fewer than \(max(nb, ns + 1)) queries") }
    let query = { (i: Int) in Array(queries[(i * d)..<((i + 1) * d)]) }
    _ = try index.search(query(ns), k: k)  // warm-up: pages the mapped file in
    var single: [[SearchHit]] = []
    let t0 = now(), c0 = cpuSeconds()
    for i in 0..<ns { single.append(try index.search(query(i), k: k)) }
    let singleSeconds = now() - t0, singleCPU = cpuSeconds() - c0
    let t1 = now(), c1 = cpuSeconds()
    let batch = try index.search(batch: Array(queries[0..<(nb * d)]), k: k)
    let batchSeconds = now() - t1, batchCPU = cpuSeconds() - c1
    // The two paths agree up to float rounding (the scan and sgemm sum in different orders, so
    // near-ties at the k-th place may swap): count the shared ids.
    var shared = 0
    for i in 0..<min(ns, nb) { shared += Set(single[i].map(\.id)).intersection(batch[i].map(\.id)).count }
    let attrs = try FileManager.default.attributesOfItem(atPath: url.path)
    print(json([
        ("engine", "ours"), ("encoding", index.encoding.rawValue), ("dimension", d), ("vectors", index.count),
        ("batch_queries", nb), ("batch_qps", Double(nb) / batchSeconds),
        ("batch_cpu_ms_per_query", 1000 * batchCPU / Double(nb)),
        ("single_queries", ns), ("single_qps", Double(ns) / singleSeconds),
        ("single_cpu_ms_per_query", 1000 * singleCPU / Double(ns)),
        ("single_batch_shared", "\(shared)/\(min(ns, nb) * k)"),
        ("peak_rss_mib", peakRSSMiB()), ("file_bytes", (attrs[.size] as? Int) ?? 0),
        ("top10", single.prefix(5).map { $0.prefix(10).map(\.id) }),
    ]))

case "recall":
    guard args.count == 6, let d = Int(args[4]) else { fail("usage: index-bench recall DOCS.f32 QUERIES.f32 D OUTDIR") }
    let docs = readRaw(args[2], dimension: d), queries = readRaw(args[3], dimension: d)
    let n = docs.count / d, nq = queries.count / d, k = 10
    let ids = (0..<Int64(n)).map { $0 }
    let out = URL(fileURLWithPath: args[5])
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let exact = try FlatInnerProductIndex(vectors: docs, ids: ids, dimension: d).search(batch: queries, k: k)
    for dim in [384, 256, 128, 64] where dim <= d {
        let docsT = truncate(docs, from: d, to: dim), queriesT = truncate(queries, from: d, to: dim)
        for enc in VectorEncoding.allCases {
            let index = try FlatInnerProductIndex(vectors: docsT, ids: ids, dimension: dim, encoding: enc)
            let file = out.appendingPathComponent("\(dim)-\(enc.rawValue).faiss")
            try index.write(to: file)
            let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            // Opened again from the file, as a server would.
            let hits = try FlatInnerProductIndex(contentsOf: file).search(batch: queriesT, k: k)
            var found = 0
            for (h, e) in zip(hits, exact) { found += Set(h.map(\.id)).intersection(e.map(\.id)).count }
            print(json([("dimension", dim), ("encoding", enc.rawValue), ("documents", n), ("queries", nq),
                        ("recall_at_10", Double(found) / Double(k * nq)), ("file_bytes", bytes),
                        ("bytes_per_vector", dim * enc.bytesPerComponent)]))
        }
    }

default:
    fail("usage: index-bench build|search|recall … (see bench/index/run.sh)")
}
