// Reads CSV files materialising every field as a String (as a CSV library that hands out values
// must), and prints one JSON line per file: {"reader", "file", "rows", "bytes", "seconds"}.
//   csv-read-bench [--peer-csvswift] FILE...
// Ours is Ingest's CSVReader; --peer-csvswift also runs yaslab/CSV.swift on the same files.
import Foundation
import Ingest
import JobMatchCore

let args = CommandLine.arguments.dropFirst()
let withPeer = args.contains("--peer-csvswift")
let files = args.filter { !$0.hasPrefix("--") }

func report(_ reader: String, _ path: String, _ rows: Int, _ bytes: Int, _ start: UInt64) {
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("{\"reader\":\"\(reader)\",\"file\":\"\(path)\",\"rows\":\(rows),\"bytes\":\(bytes),\"seconds\":\(seconds)}")
}

for path in files {
    var start = DispatchTime.now().uptimeNanoseconds
    let reader = try CSVReader(path: path, rejects: RejectLog(file: nil))
    var rows = 0
    var checksum = 0
    while try reader.next() {
        for i in 0..<reader.fieldCount { checksum &+= reader.string(i).utf8.count }
        rows += 1
    }
    report("ours", path, rows, reader.fileSize, start)
    if withPeer {
        start = DispatchTime.now().uptimeNanoseconds
        let peer = try readWithCSVSwift(path)
        checksum &+= peer.checksum
        report("csv.swift", path, peer.rows, reader.fileSize, start)
    }
    if checksum == 42 { print("") }  // keeps the work observable
}
