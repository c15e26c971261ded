// Times the Swift encoder on a text file and prints one JSON line; see bench/encoder/run.sh.
//
//   encoder-bench roof [threads]
//   encoder-bench encode MODEL_DIR TEXTS_JSONL MAX_SEQ_LENGTH BATCH_SIZE
import Foundation
import Tensor
import Transformers

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024  // KiB on Linux
}

/// Best-of-5 cblas_sgemm GFLOP/s for square matrices of size n.
func sgemmRoof(n: Int) -> Double {
    let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
    var c = [Float](repeating: 0, count: n * n)
    var best = 0.0
    for _ in 0..<5 {
        let t0 = now()
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            BLAS.sgemm(transB: true, m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n)
        } } }
        best = max(best, 2 * Double(n * n * n) / (now() - t0) / 1e9)
    }
    return best
}

/// Matrix FLOPs of one forward pass over sequences of the given lengths.
func forwardFLOPs(_ c: BertConfig, lengths: [Int]) -> Double {
    let h = Double(c.hiddenSize), i = Double(c.intermediateSize)
    var f = 0.0
    for l in lengths.map(Double.init) {
        f += l * (2 * (4 * h * h + 2 * h * i)) + 2 * 2 * l * l * h  // projections + feed-forward, QKᵀ and PV
    }
    return f * Double(c.numHiddenLayers)
}

let args = CommandLine.arguments
switch args.dropFirst().first {
case "roof":
    if args.count > 2, let t = Int(args[2]) { BLAS.setThreads(t) }
    print("{\"sgemm_gflops\": \(sgemmRoof(n: 1536)), \"threads\": \(BLAS.threads), \"core\": \"dnnl_sgemm\"}")
case "encode":
    guard args.count == 6, let maxLen = Int(args[4]), let batch = Int(args[5]) else {
        FileHandle.standardError.write(Data("usage: encoder-bench encode MODEL_DIR TEXTS_JSONL MAX_SEQ_LENGTH BATCH_SIZE\n".utf8))
        exit(2)
    }
    let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: args[2]))
    let lines = try String(contentsOfFile: args[3], encoding: .utf8).split(separator: "\n")
    let texts = try lines.map { line -> String in
        let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return obj["text"] as! String
    }
    let lengths = texts.map { encoder.tokenizer.encode($0, maxLength: maxLen).ids.count }
    _ = try encoder.encode(Array(texts.prefix(batch)), batchSize: batch, maxSeqLength: maxLen)  // warm-up
    let t0 = now()
    let vectors = try encoder.encode(texts, batchSize: batch, maxSeqLength: maxLen)
    let dt = now() - t0
    precondition(vectors.count == texts.count)
    let flops = forwardFLOPs(encoder.directory.config, lengths: lengths)
    print("{\"texts\": \(texts.count), \"tokens\": \(lengths.reduce(0, +)), \"seconds\": \(dt), "
          + "\"texts_per_s\": \(Double(texts.count) / dt), \"tokens_per_s\": \(Double(lengths.reduce(0, +)) / dt), "
          + "\"gflops\": \(flops / dt / 1e9), \"peak_rss_mib\": \(peakRSSMiB())}")
default:
    FileHandle.standardError.write(Data("usage: encoder-bench roof [threads] | encode MODEL_DIR TEXTS_JSONL MAX_SEQ_LENGTH BATCH_SIZE\n".utf8))
    exit(2)
}
