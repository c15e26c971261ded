import Matching
import Pipeline
import Tensor
import Testing

/// The index stage's fingerprinted settings: changing `--precision` must rerun it.
@Suite("IndexStage settings")
struct IndexStageSettingsTests {
    @Test("the precision is part of the settings, so another precision reruns the stage")
    func precisionFingerprinted() {
        var o = JobIndexer.Options()
        let fp32 = IndexStage(model: "m", options: o).settings
        o.precision = .int8
        let int8 = IndexStage(model: "m", options: o).settings
        #expect(fp32["precision"] == "fp32")
        #expect(int8["precision"] == "int8")
        #expect(fp32 != int8)
    }
}
