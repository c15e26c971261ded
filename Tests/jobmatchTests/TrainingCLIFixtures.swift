import Foundation
import TestSupport

/// The training fixtures the CLI tests share with TrainingTests, read by path (they are that
/// target's resources): the tiny random BERT and the triplets of the parity fixture.
enum TrainingCLIFixtures {
    static var tinyBert: URL { TestPaths.packageRoot.appendingPathComponent("Tests/TransformersTests/Fixtures/tiny-bert") }

    static func parity() throws -> [String: Any] {
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/TrainingTests/Fixtures/training_parity.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
}
