import Foundation
import Testing
@testable import Transformers

/// Headers that once trapped (shape products overflowing Int, numbers too large for Int) are
/// one-line errors naming the file and the key.
@Suite struct SafeTensorsBoundsTests {
    static func file(header: String, dataBytes: Int = 16) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString.prefix(8)).safetensors")
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) }
        bytes += Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url
    }

    @Test(arguments: [
        #"{"w": {"dtype": "F32", "shape": [4294967296, 4294967296, 4], "data_offsets": [0, 16]}}"#,  // product overflows Int
        #"{"w": {"dtype": "F32", "shape": [-1, -4], "data_offsets": [0, 16]}}"#,  // negatives multiply to a fit
        #"{"w": {"dtype": "F32", "shape": [1e30], "data_offsets": [0, 16]}}"#,  // not an Int
        #"{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 1e300]}}"#,
        #"{"w": {"dtype": "F32", "shape": [4], "data_offsets": [-9223372036854775808, 16]}}"#,
    ])
    func badShapesAreErrorsNamingTheFile(header: String) throws {
        let url = Self.file(header: header)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { _ = try SafeTensors(url: url) } throws: { error in
            let text = "\(error)"
            return text.contains(url.lastPathComponent) && text.contains("w") && !text.contains("\n")
        }
    }

    @Test func aGoodHeaderStillReads() throws {
        let url = Self.file(header: #"{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}"#)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SafeTensors(url: url).tensor("w").shape == [2, 2])
    }
}
