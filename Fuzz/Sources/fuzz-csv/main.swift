// libFuzzer harness: CSVReader (Sources/Ingest/CSV) on any bytes, every field of every record.
import Foundation
import FuzzSupport
import Ingest
import JobMatchCore

func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.file("input.csv", data, size)
    // Rejects go to a file, so the raw-bytes encoding of each reject runs too.
    let rejects = RejectLog(file: URL(fileURLWithPath: Scratch.folder + "/rejects.jsonl"))
    var options = CSVOptions()
    options.maxRecordBytes = 2048  // small, so over-long records and resynchronisation are reached
    options.chunkSize = 1024
    if size > 0, data![0] == UInt8(ascii: "\t") { options.delimiter = UInt8(ascii: "\t") }
    do {
        let reader = try CSVReader(path: path, rejects: rejects, options: options)
        _ = reader.column("job_link")
        while try reader.next() {
            for i in 0..<reader.fieldCount {
                _ = reader.string(i)
                _ = reader.key(i)
            }
        }
        _ = SourceKind.detect(csvHeader: reader.header)
    } catch {}
    try? rejects.close()
    return 0
}

runFuzzer(fuzzCSV)
