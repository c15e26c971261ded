// libFuzzer harness: SafeTensors maps any bytes as a .safetensors file and reads every tensor.
import Foundation
import FuzzSupport
import Transformers

func fuzzSafeTensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let url = URL(fileURLWithPath: Scratch.file("model.safetensors", data, size))
    do {
        let file = try SafeTensors(url: url)
        for key in file.entries.keys.sorted() {
            _ = try? file.tensor(key)
        }
    } catch {}
    return 0
}

runFuzzer(fuzzSafeTensors)
