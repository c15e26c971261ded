import Foundation
import Testing
@testable import Transformers

@Suite("SafeTensors")
struct SafeTensorsTests {
    @Test("half-precision bit patterns convert exactly", arguments: [
        (UInt16(0x3C00), Float(1)), (0xC000, -2), (0x0000, 0), (0x8000, -0.0), (0x0001, 0x1p-24),
        (0x03FF, 1023 * 0x1p-24), (0x7BFF, 65504), (0x7C00, .infinity), (0xFC00, -.infinity), (0x3555, 0.333251953125),
    ])
    func halfToFloat(bits: UInt16, value: Float) {
        #expect(SafeTensors.halfToFloat(bits) == value)
    }

    @Test("the tiny model's file: dtypes, prefixed keys and the shapes they declare")
    func tinyModel() throws {
        let f = try SafeTensors(url: Fixtures.tinyBert.appendingPathComponent("model.safetensors"))
        #expect(f.entries["bert.embeddings.word_embeddings.weight"]?.dtype == "F16")
        #expect(f.entries["bert.embeddings.position_embeddings.weight"]?.dtype == "BF16")
        #expect(f.entries["bert.encoder.layer.0.attention.self.query.weight"]?.shape == [20, 20])
        #expect(try WeightReader(f).prefix == "bert.")
        #expect(throws: TransformersError.self) { try f.tensor("bert.encoder.layer.0.attention.self.query.weight", shape: [20, 21]) }
        #expect(throws: TransformersError.self) { try f.tensor("no.such.key") }
    }
}
