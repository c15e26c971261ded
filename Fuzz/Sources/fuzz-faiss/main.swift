// libFuzzer harness: FlatInnerProductIndex maps any bytes as a .faiss file (IDMap over a flat
// inner-product index of float32, float16 or int8 codes) and, when it loads, searches it.
import Foundation
import FuzzSupport
import VectorIndex

func fuzzFaiss(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let url = URL(fileURLWithPath: Scratch.file("jobs.faiss", data, size))
    do {
        let index = try FlatInnerProductIndex(contentsOf: url)
        guard index.dimension > 0, index.dimension <= 4096 else { return 0 }
        var query = [Float](repeating: 0, count: index.dimension)
        query[0] = 1
        _ = try? index.search(query, k: 5)
        _ = try? index.search(batch: query + query, k: 3)
    } catch {}
    return 0
}

runFuzzer(fuzzFaiss)
