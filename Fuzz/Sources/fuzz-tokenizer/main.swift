// libFuzzer harness: BertTokenizer loads any bytes as tokenizer.json, then encodes a few texts.
import Foundation
import FuzzSupport
import Transformers

func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let url = URL(fileURLWithPath: Scratch.file("tokenizer.json", data, size))
    guard let tokenizer = try? BertTokenizer(tokenizerJSON: url) else { return 0 }
    let texts = [
        "Senior Data Scientist — Python, SQL; 5+ yrs. [MASK] naïve café 東京 🙂",
        "[CLS] unaffable [SEP] ##ing x\u{0}y\u{301}",
    ]
    for text in texts { _ = tokenizer.encode(text, maxLength: 16) }
    _ = tokenizer.pad([tokenizer.encode(texts[0], pair: texts[1], maxLength: 12)], to: 20)
    return 0
}

runFuzzer(fuzzTokenizer)
