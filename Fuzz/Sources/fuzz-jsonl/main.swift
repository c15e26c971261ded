// libFuzzer harness: the JSON Lines CV reader (LineReader + ResumeJSONLReader) on any bytes.
import Foundation
import FuzzSupport
import Ingest
import JobMatchCore

func fuzzJSONL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.file("input.jsonl", data, size)
    let rejects = RejectLog(file: URL(fileURLWithPath: Scratch.folder + "/rejects.jsonl"))
    do {
        let reader = try ResumeJSONLReader(path: path, rejects: rejects)
        while let cv = try reader.next() { _ = cv.text.utf8.count }
    } catch {}
    // The same bytes through the bare line reader with a tiny line limit (over-long lines).
    if let lines = try? LineReader(path: path, rejects: rejects, maxLineBytes: 64) {
        while (try? lines.next()) == true { _ = lines.string }
    }
    try? rejects.close()
    return 0
}

runFuzzer(fuzzJSONL)
