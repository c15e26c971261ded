import Foundation
import Enrichment
import JobMatchCore
import Tables

/// Writes `tables/cvs.parquet` (`CVsTable`) from finished rows, in the order given (CVs are deduplicated by id
/// before, in the join: the last record of an id wins, see `JoinRules`).
public final class CVTableWriter {
    private let writer: CVsTable.Writer
    public private(set) var written = 0
    public private(set) var withSkills = 0
    public private(set) var dropped: [String: Int] = [:]

    public init(url: URL) throws {
        writer = try CVsTable.Writer(url: url)
    }

    func append(_ finished: Result<Finished<CVRow>, DropReason>) throws {
        switch finished {
        case .failure(let drop): dropped[drop.reason, default: 0] += 1
        case .success(let row):
            try writer.append(row.row)
            written += 1
            if !row.row.skills.isEmpty { withSkills += 1 }
        }
    }

    func countDropped(_ reason: String, _ n: Int) {
        if n > 0 { dropped[reason, default: 0] += n }
    }

    public func close() throws { try writer.close() }
}
