// libFuzzer harness: IndexFile.open maps any bytes as a .faiss file — IDMap over a flat
// inner-product index of float32, float16 or int8 codes, an IndexIVFFlat or an
// IndexIVFScalarQuantizer (SQ8 residuals) — and, when it
// loads, searches it (an IVF index at its own nprobe and at every list).
import Foundation
import FuzzSupport
import VectorIndex

func fuzzFaiss(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let url = URL(fileURLWithPath: Scratch.file("jobs.faiss", data, size))
    do {
        let index = try IndexFile.open(url)
        guard index.dimension > 0, index.dimension <= 4096 else { return 0 }
        var query = [Float](repeating: 0, count: index.dimension)
        query[0] = 1
        _ = try? index.search(query, k: 5)
        _ = try? index.search(batch: query + query, k: 3)
        if let ivf = index as? IVFIndex {
            _ = try? ivf.search(query, k: 4, nprobe: ivf.nlist)
            var filter = RowFilter(count: 8)
            filter.allow(1)
            _ = try? ivf.search(query, k: 2, nprobe: 2, filter: filter)
        }
    } catch {}
    return 0
}

runFuzzer(fuzzFaiss)
