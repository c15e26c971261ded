// libFuzzer harness: a model folder's JSON files from the input. The input is read as
// `config.json` (`BertConfig`), then, in a copy of the tests' tiny BERT folder, as each of
// `config_sentence_transformers.json`, `sentence_bert_config.json`, `modules.json` and
// `1_Pooling/config.json` in turn, the folder read whole as a `ModelDirectory`. Run from the
// repository root (scripts/fuzz.sh does), where the tiny model is.
import Foundation
import FuzzSupport
import Transformers

let model = Scratch.folder + "/model"
let original = "Tests/TransformersTests/Fixtures/tiny-bert"
try? FileManager.default.removeItem(atPath: model)
try! FileManager.default.copyItem(atPath: original, toPath: model)
let sideFiles = ["config_sentence_transformers.json", "sentence_bert_config.json", "modules.json", "1_Pooling/config.json"]
let kept = Dictionary(uniqueKeysWithValues: sideFiles.map { ($0, FileManager.default.contents(atPath: "\(original)/\($0)")) })

func fuzzModelConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? BertConfig(url: URL(fileURLWithPath: Scratch.file("config.json", data, size)))
    for name in sideFiles {
        let path = Scratch.file(name, data, size, in: model)
        _ = try? ModelDirectory(URL(fileURLWithPath: model))
        if let original = kept[name] ?? nil { FileManager.default.createFile(atPath: path, contents: original) } else { unlink(path) }
    }
    return 0
}

runFuzzer(fuzzModelConfig)
