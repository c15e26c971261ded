import Foundation
import Testing
import Tensor
import Transformers
@testable import Training

/// The exported folder follows the rules `SentenceTransformer(path)` and `safetensors` load by
/// (checked here without Python; the Python load itself is recorded in the README).
@Suite("sentence-transformers export")
struct ExportTests {
    @Test("safetensors header and data follow the format; JSON files parse; reloading gives the trained model's embeddings")
    func export() throws {
        let (embedder, encoder, columns) = try TrainingFixtures.tiny()
        var trained = embedder
        TinyRandom.perturb(&trained.model)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-export-\(UUID().uuidString)/m")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        var settings = TrainingSettings()
        settings.matryoshkaDims = [20, 8]
        let card = SentenceTransformersExport.Card(name: "m", baseModel: "tiny-bert", data: "pairs.parquet", pairs: 6, steps: 1,
                                                   settings: settings, finalLoss: 1.5)
        try SentenceTransformersExport.write(trained, base: encoder.directory, maxSeqLength: 48, card: card, to: out)

        // safetensors: u64 LE header length, a JSON object padded to 8 bytes, F32 entries whose
        // data_offsets tile the data region exactly, in order, without gaps or overlaps.
        let bytes = try Data(contentsOf: out.appendingPathComponent("model.safetensors"))
        let n = Int(bytes.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        #expect(n % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as? [String: Any])
        #expect((header["__metadata__"] as? [String: String])?["format"] == "pt")
        let entries = header.filter { $0.key != "__metadata__" }.map { ($0.key, $0.value as! [String: Any]) }
        let ranges = entries.map { e -> (Int, Int) in
            let o = e.1["data_offsets"] as! [Int]
            #expect(e.1["dtype"] as? String == "F32", "\(e.0)")
            #expect(o[1] - o[0] == 4 * (e.1["shape"] as! [Int]).reduce(1, *), "\(e.0)")
            return (o[0], o[1])
        }.sorted { $0.0 < $1.0 }
        #expect(ranges.first?.0 == 0)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.1 == $1.0 })
        #expect(ranges.last?.1 == bytes.count - 8 - n)
        #expect(Set(entries.map(\.0)) == Set(trained.model.parameters().map(\.key)))

        for f in ["config.json", "modules.json", "1_Pooling/config.json", "sentence_bert_config.json", "config_sentence_transformers.json"] {
            #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(f)))) != nil, "\(f) is not JSON")
        }
        let modules = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("modules.json"))) as! [[String: Any]]
        #expect(modules.map { $0["path"] as! String } == ["", "1_Pooling", "2_Normalize"])
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("base_model: tiny-bert") && readme.contains("MultipleNegativesRankingLoss") && readme.contains("20, 8"))

        let reloaded = try SentenceEncoder(directory: out)
        #expect(reloaded.directory.prompts == encoder.directory.prompts)
        let ours = try trained.forward(columns[0], cache: false, dropout: nil).0
        let anchors = (try TrainingFixtures.parity()["triplets"] as! [[String]]).map { $0[0] }
        let theirs = try reloaded.encode(anchors, batchSize: 3)
        #expect(zip(ours.data, theirs.flatMap { $0 }).allSatisfy { abs($0 - $1) < 1e-6 })
        let base = try embedder.forward(columns[0], cache: false, dropout: nil).0
        #expect(base != ours)
    }
}

enum TinyRandom {
    /// Nudges every parameter so an export of the base model cannot pass for the trained one.
    static func perturb(_ m: inout BertModel) {
        var i: UInt64 = 0
        m.visit("") { _, t in
            for j in t.data.indices { i &+= 1; t.data[j] += Float(Int64(bitPattern: Dropout.mix(i) >> 1) % 1000) * 1e-5 }
        }
    }
}
