// libFuzzer harness: DOCXText reads any bytes as a Word file (zip directory, stored and deflated
// entries, CRC-32, word/document.xml through XMLParser), with the default bounds.
import Documents
import Foundation
import FuzzSupport

func fuzzDOCX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    _ = try? DOCXText.extract(data: Data(bytes: data, count: size), file: "fuzz.docx")
    return 0
}

runFuzzer(fuzzDOCX)
