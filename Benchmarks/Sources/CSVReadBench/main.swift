// Reads CSV files with Ingest's CSVReader, materialising every field as a String (as a CSV
// library that hands out values must), and prints one JSON line per file:
// {"file":…, "rows":…, "bytes":…, "seconds":…}. Usage: csv-read-bench FILE...
import Foundation
import Ingest
import JobMatchCore

for path in CommandLine.arguments.dropFirst() {
    let start = DispatchTime.now().uptimeNanoseconds
    let reader = try CSVReader(path: path, rejects: RejectLog(file: nil))
    var rows = 0
    var checksum = 0
    while try reader.next() {
        for i in 0..<reader.fieldCount { checksum &+= reader.string(i).utf8.count }
        rows += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("{\"file\":\"\(path)\",\"rows\":\(rows),\"bytes\":\(reader.fileSize),\"seconds\":\(seconds),\"checksum\":\(checksum),\"rejected\":\(reader.rejects.count)}")
}
