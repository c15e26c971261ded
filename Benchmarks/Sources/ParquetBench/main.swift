// Writes and reads the two benchmark tables with the Swift Parquet module and prints one JSON
// object per measurement. bench/parquet/run.sh runs pyarrow on the same tables and compares.
//
//   ParquetBench OUTDIR JOB_ROWS EMBEDDING_ROWS [REPEATS]
import Foundation
import Parquet

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let jobRows = Int(arguments[2]), let embeddingRows = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: ParquetBench OUTDIR JOB_ROWS EMBEDDING_ROWS [REPEATS]\n".utf8))
    exit(2)
}
let out = URL(fileURLWithPath: arguments[1])
let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3
let rowGroupSize = 128 * 1024

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Best of `repeats` wall-clock times.
func best(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        try body()
        times.append(now() - start)
    }
    return times.min()!
}

// A vocabulary shaped like job postings: repeated titles, companies and locations, skills from a
// few hundred, summaries of 60-200 words drawn with a skewed distribution (text compresses like text).
func word(_ n: Int) -> String {
    let syllables = ["da", "ta", "en", "gi", "ne", "er", "so", "ft", "wa", "re", "ma", "na", "ge", "ri", "cl", "ou", "an", "al", "ys", "st"]
    var s = ""
    var k = n
    repeat { s += syllables[k % syllables.count]; k /= syllables.count } while k > 0
    return s
}
let vocabulary = (0..<5000).map { word($0 * 7 + 3) }
let titleWords = ["Senior", "Junior", "Lead", "Staff", "Principal", "Data", "Software", "Backend", "Frontend", "Nurse",
                  "Engineer", "Manager", "Analyst", "Scientist", "Developer", "Assistant", "Driver", "Technician"]
let companies = (0..<20_000).map { "\(word($0 * 13 + 1).capitalized) \(["Inc", "LLC", "Group", "Health", "Systems"][$0 % 5])" }
let locations = (0..<3000).map { "\(word($0 * 31 + 5).capitalized), \(["CA", "NY", "TX", "WA", "London", "Ontario"][$0 % 6])" }
let skillNames = (0..<800).map { "skill " + word($0 * 17 + 11) }
func makeJobs(_ jobRows: Int) -> [ColumnData] {
    var rng = SplitMix(state: 2024)
    func skewed(_ n: Int) -> Int {
        let u = Double.random(in: 0..<1, using: &rng)
        return min(n - 1, Int(Double(n) * u * u * u))
    }
    var titles: [String] = [], companyColumn: [String] = [], locationColumn: [String] = []
    var skills: [[String]?] = [], summaries: [String?] = []
    titles.reserveCapacity(jobRows)
    for _ in 0..<jobRows {
        titles.append((0..<Int.random(in: 2...4, using: &rng)).map { _ in titleWords[skewed(titleWords.count)] }.joined(separator: " "))
        companyColumn.append(companies[skewed(companies.count)])
        locationColumn.append(locations[skewed(locations.count)])
        skills.append((0..<Int.random(in: 3...15, using: &rng)).map { _ in skillNames[skewed(skillNames.count)] })
        summaries.append(Double.random(in: 0..<1, using: &rng) < 0.02 ? nil
            : (0..<Int.random(in: 60...200, using: &rng)).map { _ in vocabulary[skewed(vocabulary.count)] }.joined(separator: " "))
    }
    return [.strings(titles), .strings(companyColumn), .strings(locationColumn), .stringLists(skills), .strings(summaries)]
}

func makeEmbeddings(_ rows: Int, dimension: Int) -> [ColumnData] {
    var rng = SplitMix(state: 384)
    var vectors = [Float](repeating: 0, count: rows * dimension)
    for i in vectors.indices { vectors[i] = Float.random(in: -0.2...0.2, using: &rng) }
    return [.int64s((0..<rows).map(Int64.init)), .floatLists(flat: vectors, dimension: dimension)]
}

let jobsSchema = ParquetSchema([
    .column("title", .string), .column("company", .string), .column("location", .string),
    .list("skills", of: .string), .column("summary", .string),
])
let embeddingSchema = ParquetSchema([.column("id", .int64, nullable: false),
                                     .list("embedding", of: .float, nullable: false, elementNullable: false)])

func measure(_ name: String, _ schema: ParquetSchema, _ columns: [ColumnData], rows: Int) throws {
    let url = out.appendingPathComponent("\(name).parquet")
    let writeSeconds = try best {
        let writer = try ParquetWriter(url: url, schema: schema,
                                       options: ParquetWriterOptions(compression: .zstd(), rowGroupSize: rowGroupSize))
        try writer.write(columns)
        try writer.close()
    }
    let reader = try ParquetReader(url: url)
    let uncompressed = reader.rowGroups.reduce(Int64(0)) { $0 + $1.uncompressedSize }
    var checksum = 0
    let readSeconds = try best {
        let r = try ParquetReader(url: url)
        for g in r.rowGroups.indices {
            let batch = try r.readRowGroup(g)
            checksum &+= batch.columns.reduce(0) { $0 + $1.values.count }
        }
    }
    let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
    print("{\"table\":\"\(name)\",\"engine\":\"swift\",\"rows\":\(rows),\"write_s\":\(writeSeconds),\"read_s\":\(readSeconds),\"file_bytes\":\(size),\"uncompressed_bytes\":\(uncompressed),\"checksum\":\(checksum)}")
}

try measure("jobs", jobsSchema, makeJobs(jobRows), rows: jobRows)
try measure("embeddings", embeddingSchema, makeEmbeddings(embeddingRows, dimension: 384), rows: embeddingRows)
