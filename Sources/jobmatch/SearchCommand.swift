import ArgumentParser
import CommandLineSupport
import Foundation
import Tables
import Matching
import VectorIndex

/// `jobmatch search`: raw vector queries against any index file (ours or faiss's).
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Answer vector queries from a Parquet file against a FAISS-format index file.",
        discussion: """
            Reads the queries' vectors (a list<float> column) and ids, searches the index — a flat \
            index exactly (batched as matrix products), an inverted-file index (IndexIVFFlat) in its \
            --nprobe best lists — and prints, per query, the k best ids and inner products. \
            Human output is one line per hit (query, rank, id, score); --json prints one object per \
            query and line: {"query": ID, "ids": [...], "scores": [...]}. Queries longer than the \
            index's dimension are Matryoshka-truncated and renormalised.
            Example: jobmatch search --index ws/index/jobs.faiss --queries ws/tables/cvs_encoded.parquet --k 10
            """)

    @Option(help: ArgumentHelp("Index file (FAISS format).", valueName: "file")) var index: String
    @Option(help: ArgumentHelp("Parquet file of query vectors.", valueName: "file")) var queries: String
    @Option(help: "Results per query.") var k = 10
    @Option(help: "The queries' id column.") var idField = "id"
    @Option(help: "The queries' vector column.") var vectorField = "embedding"
    @Option(help: "Lists an inverted-file index scans per query (default: the index's own).") var nprobe: Int?
    @Flag(help: "JSON Lines output.") var json = false

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
        if let nprobe, nprobe < 1 { throw ValidationError("--nprobe must be at least 1") }
        for f in [index, queries] where !FileManager.default.fileExists(atPath: f) { throw ValidationError("\(f): file not found") }
    }

    func run() throws { try runReportingErrors { try search() } }

    func search() throws {
        let idx = try IndexFile.open(URL(fileURLWithPath: index), nprobe: nprobe)
        let q = try QueryVectors.read(URL(fileURLWithPath: queries), idColumn: idField, vectorColumn: vectorField, dimension: idx.dimension)
        let results = try idx.search(batch: q.vectors, k: k)
        var out = ""
        for (id, hits) in zip(q.ids, results) {
            if json {
                let obj: [String: Any] = ["query": id, "ids": hits.map(\.id), "scores": hits.map { Double($0.score) }]
                out += String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self) + "\n"
            } else {
                for (r, h) in hits.enumerated() { out += "\(id)\t\(r + 1)\t\(h.id)\t\(String(format: "%.6f", h.score))\n" }
            }
            if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
