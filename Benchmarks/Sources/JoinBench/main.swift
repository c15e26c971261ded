// The embedded join and filter alone (no skills, texts or Parquet), for comparison with DuckDB's
// run of the same join (bench/processing/duckdb_join.py).
//   JoinBench WORKSPACE     (reads WORKSPACE/raw; spill files in WORKSPACE/tmp)
import Foundation
import JobMatchCore
import Processing

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: JoinBench WORKSPACE\n".utf8))
    exit(64)
}
let ws = Workspace(CommandLine.arguments[1])
let source = RawFilesSource(workspace: ws, rejects: RejectLog(file: nil))
let start = Date()
var rows = 0
let counts = try EmbeddedJoin(options: JoinOptions(), tempFolder: ws.root.appendingPathComponent("tmp/join-bench"))
    .run(source: source) { _ in rows += 1 }
print("{\"engine\":\"embedded-join\",\"rows\":\(rows),\"posting_rows\":\(counts.postingRows),\"seconds\":\(Date().timeIntervalSince(start))}")
