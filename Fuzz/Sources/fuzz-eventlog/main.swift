// libFuzzer harness: the embedded log's recovery and batch parser (PartitionLog, SegmentScan,
// RecordBatch) on any bytes as a partition's segment file, then every record read back.
//
// Input: byte 0 picks the layout. Even: the rest is the newest segment (recovered by scanning,
// a torn tail cut off). Odd: bytes 1-2 give an index length n; the next n bytes are the `.index`
// of an older segment whose `.log` is the rest, and an empty newest segment follows (so the
// untrusted-index path and the read path of a sealed segment run).
import EventLog
import FuzzSupport

func fuzzEventLog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let logFolder = Scratch.folder + "/log"
    Scratch.empty(logFolder)
    let partition = logFolder + "/t/0"
    Scratch.makeFolders(partition)
    _ = Scratch.file("topic.json", Array("{\"partitions\": 1}\n".utf8), 18, in: logFolder + "/t")
    let first = "00000000000000000000"
    if data[0] & 1 == 0 {
        _ = Scratch.file(first + ".log", data + 1, size - 1, in: partition)
    } else {
        let header = min(size, 3)
        let indexLength = header == 3 ? min(Int(data[1]) | Int(data[2]) << 8, size - 3) : 0
        _ = Scratch.file(first + ".index", data + header, indexLength, in: partition)
        _ = Scratch.file(first + ".log", data + header + indexLength, size - header - indexLength, in: partition)
        _ = Scratch.file("00000000000001000000.log", nil, 0, in: partition)
    }
    var configuration = EmbeddedLogConfiguration()
    configuration.fsync = .never
    configuration.backgroundSync = false
    configuration.fetchBytes = 256  // small, so reads stop and resume inside segments
    do {
        let log = try EmbeddedLog(directory: logFolder, configuration: configuration)
        _ = log.recoveryEvents.map(\.description)
        var offset: Int64 = 0
        let end = try log.endOffset(topic: "t", partition: 0)
        var reads = 0
        while offset < end, reads < 10_000 {
            reads += 1
            do {
                let records = try log.read(topic: "t", partition: 0, from: offset, maxRecords: 100)
                if records.isEmpty { offset += 1 } else { offset = records.last!.offset + 1 }
            } catch {
                offset += 1  // a damaged batch: step past it as a tool would
            }
        }
        // The recovered log must take new records after whatever it kept.
        let producer = try log.makeProducer()
        try producer.send(topic: "t", key: [1], value: [2, 3])
        try producer.flush()
    } catch {}
    return 0
}

runFuzzer(fuzzEventLog)
