import Foundation

/// The generator's latent labels (`raw/labels.jsonl`: `{"kind": "job"|"cv", "id", "occupation",
/// "industry"}`): ground truth for the precision of mined pairs and for evaluation only.
public struct GeneratorLabels: Sendable {
    public var jobOccupation: [String: String] = [:]
    public var cvOccupation: [String: String] = [:]

    public init(jobOccupation: [String: String] = [:], cvOccupation: [String: String] = [:]) {
        self.jobOccupation = jobOccupation
        self.cvOccupation = cvOccupation
    }

    /// - Throws: `EvaluationError.invalidInput` naming the file, the line and the field.
    public static func read(_ url: URL) throws -> GeneratorLabels {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvaluationError.invalidInput(path: url.path, field: "file", reason: "cannot read (jobmatch generate writes it)")
        }
        var out = GeneratorLabels()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 13 }) { continue }
            guard let o = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw EvaluationError.invalidInput(path: url.path, field: "line \(lineNumber)", reason: "not a JSON object")
            }
            guard let kind = o["kind"] as? String else {
                throw EvaluationError.invalidInput(path: url.path, field: "kind", reason: "line \(lineNumber): missing")
            }
            guard let id = o["id"] as? String else {
                throw EvaluationError.invalidInput(path: url.path, field: "id", reason: "line \(lineNumber): missing or not a string")
            }
            guard let occupation = o["occupation"] as? String else {
                throw EvaluationError.invalidInput(path: url.path, field: "occupation", reason: "line \(lineNumber): missing")
            }
            switch kind {
            case "job": out.jobOccupation[id] = occupation
            case "cv": out.cvOccupation[id] = occupation
            default: throw EvaluationError.invalidInput(path: url.path, field: "kind", reason: "line \(lineNumber): '\(kind)' is neither job nor cv")
            }
        }
        return out
    }

    /// Whether the CV and the job share an occupation; nil when either is unlabelled.
    public func sameOccupation(cv: String, job: String) -> Bool? {
        guard let a = cvOccupation[cv], let b = jobOccupation[job] else { return nil }
        return a == b
    }
}
