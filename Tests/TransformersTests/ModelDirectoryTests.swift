import Foundation
import Testing
@testable import Transformers

/// Bad model folders: each is a copy of the tiny BERT with one file broken, and must fail with a
/// one-line error naming the file and the field, never a trap.
@Suite("ModelDirectory errors")
struct ModelDirectoryTests {
    /// A fresh copy of the tiny model folder, changed by `edit`.
    func brokenCopy(_ edit: (URL) throws -> Void) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.tinyBert, to: dir)
        try edit(dir)
        return dir
    }

    func editJSON(_ dir: URL, _ file: String, _ change: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent(file)
        var obj = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        change(&obj)
        try JSONSerialization.data(withJSONObject: obj).write(to: url)
    }

    /// Loads the folder and returns the error's text (fails the test when loading succeeds).
    func failure(_ dir: URL) -> String {
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try SentenceEncoder(directory: dir)
            Issue.record("loading \(dir.lastPathComponent) should fail")
            return ""
        } catch {
            #expect(error is TransformersError, "\(type(of: error)): \(error)")
            return "\(error)"
        }
    }

    @Test("missing folder and missing files name the path")
    func missingFiles() throws {
        #expect(failure(URL(fileURLWithPath: "/nonexistent/model")).contains("/nonexistent/model"))
        for file in ["config.json", "model.safetensors"] {
            let msg = failure(try brokenCopy { try FileManager.default.removeItem(at: $0.appendingPathComponent(file)) })
            #expect(msg.contains(file) && msg.contains("not found"), "\(msg)")
        }
        let msg = failure(try brokenCopy { try FileManager.default.removeItem(at: $0.appendingPathComponent("vocab.txt")) })
        #expect(msg.contains("vocab.txt"), "\(msg)")
    }

    @Test("config.json: bad fields are named")
    func badConfig() throws {
        var msg = failure(try brokenCopy { try editJSON($0, "config.json") { $0["num_attention_heads"] = 3 } })
        #expect(msg.contains("config.json") && msg.contains("num_attention_heads"), "\(msg)")
        msg = failure(try brokenCopy { try editJSON($0, "config.json") { $0["hidden_act"] = "relu" } })
        #expect(msg.contains("hidden_act") && msg.contains("relu"), "\(msg)")
        msg = failure(try brokenCopy { try editJSON($0, "config.json") { $0.removeValue(forKey: "hidden_size") } })
        #expect(msg.contains("hidden_size") && msg.contains("missing"), "\(msg)")
        msg = failure(try brokenCopy { try "{not json".write(to: $0.appendingPathComponent("config.json"), atomically: true, encoding: .utf8) })
        #expect(msg.contains("config.json") && msg.contains("JSON"), "\(msg)")
    }

    @Test("weights that disagree with config.json name the tensor and both shapes")
    func weightShapes() throws {
        let msg = failure(try brokenCopy { try editJSON($0, "config.json") { $0["intermediate_size"] = 48 } })
        #expect(msg.contains("model.safetensors") && msg.contains("intermediate.dense.weight") && msg.contains("[44, 20]"), "\(msg)")
    }

    @Test("a truncated or garbled safetensors file is refused")
    func brokenSafetensors() throws {
        var msg = failure(try brokenCopy { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            let data = try Data(contentsOf: url)
            try data.prefix(data.count / 2).write(to: url)
        })
        #expect(msg.contains("model.safetensors") && msg.contains("data_offsets"), "\(msg)")
        msg = failure(try brokenCopy { try Data([1, 2, 3]).write(to: $0.appendingPathComponent("model.safetensors")) })
        #expect(msg.contains("model.safetensors"), "\(msg)")
        msg = failure(try brokenCopy { dir in
            var d = Data(count: 8)
            d[0] = 200  // header length 200, then no header
            try d.write(to: dir.appendingPathComponent("model.safetensors"))
        })
        #expect(msg.contains("header length"), "\(msg)")
    }

    @Test("pooling, max_seq_length, modules and prompts that do not fit are named")
    func sentenceTransformersFiles() throws {
        var msg = failure(try brokenCopy { try editJSON($0, "1_Pooling/config.json") { $0["word_embedding_dimension"] = 21 } })
        #expect(msg.contains("1_Pooling/config.json") && msg.contains("word_embedding_dimension"), "\(msg)")
        msg = failure(try brokenCopy { try editJSON($0, "1_Pooling/config.json") { $0["pooling_mode_max_tokens"] = true } })
        #expect(msg.contains("pooling_mode_max_tokens") && msg.contains("unsupported"), "\(msg)")
        msg = failure(try brokenCopy { try editJSON($0, "sentence_bert_config.json") { $0["max_seq_length"] = 1000 } })
        #expect(msg.contains("sentence_bert_config.json") && msg.contains("max_seq_length"), "\(msg)")
        msg = failure(try brokenCopy { try editJSON($0, "config_sentence_transformers.json") { $0["default_prompt_name"] = "nope" } })
        #expect(msg.contains("default_prompt_name"), "\(msg)")
        msg = failure(try brokenCopy { dir in
            let modules: [[String: Any]] = [["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
                                            ["idx": 1, "name": "1", "path": "2_Dense", "type": "sentence_transformers.models.Dense"]]
            try JSONSerialization.data(withJSONObject: modules).write(to: dir.appendingPathComponent("modules.json"))
        })
        #expect(msg.contains("modules.json") && msg.contains("Dense"), "\(msg)")
    }

    @Test("unknown prompt names list the known ones")
    func unknownPrompt() throws {
        let encoder = try SentenceEncoder(directory: Fixtures.tinyBert)
        #expect(throws: TransformersError.self) { try encoder.prompt(named: "nope") }
        #expect(try encoder.prompt(named: "passage") == "passage: ")
    }
}
