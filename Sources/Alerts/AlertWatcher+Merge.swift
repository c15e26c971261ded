import Foundation
import JobMatchCore
import Matching
import Tables

/// The segment's side of a merge into the base index (`Indexing.IndexMerge` does the base's):
/// which postings to fold in, and the segment rewritten once they are in.
extension AlertWatcher {
    /// One segment posting as a merge folds it in.
    public struct MergePosting: Sendable {
        public var row: JobRow
        /// At the encoded table's dimension (the model's).
        public var vector: [Float]
        public var version: String
    }

    /// Segment postings not yet folded into a base index (their latest versions).
    public var unmergedCount: Int { segment.values.filter { $0.mergedInto == nil }.count }

    /// The postings a merge folds in now: the latest version of each job only the segment holds,
    /// with the row processing finishes it into (from the join; a posting the join or the
    /// finishing settings now give another version stays in the segment) and its vector at the
    /// model's dimension (encoded again when the index is truncated, which the segment's vectors are).
    public func mergePostings() throws -> [MergePosting] {
        var out: [MergePosting] = []
        for entry in segment.values where entry.mergedInto == nil {
            guard case .success(let posting)? = join.joined(entry.job.jobID), case .success(let finished) = finisher.finish(posting),
                  IndexSegment.version(of: finished.row) == entry.version else { continue }
            out.append(MergePosting(row: finished.row, vector: entry.vector, version: entry.version))
        }
        out.sort { $0.row.jobID < $1.row.jobID }
        let info = matcher.info
        if info.dimension != info.modelDimension, !out.isEmpty {
            let full = try matcher.encoder.encode(out.map(\.row.embeddingText), role: .passage, dimension: nil, maxSeqLength: info.maxSeqLength)
            for i in out.indices { out[i].vector = full[i] }
        }
        return out
    }

    /// After a merge into the base index created at `base` was switched in: the merged versions
    /// are tagged with it, lines an earlier merge folded in (now in this base too) and lines
    /// superseded by later ones are dropped, the rest kept in order. The new segment is written
    /// to a temporary file and renamed into place (a reader sees the old file or the new one).
    public func markMerged(_ merged: [MergePosting], base: String) throws {
        let done = Set(merged.map { "\($0.row.jobID)\u{1F}\($0.version)" })
        let url = workspace.indexSegment
        var kept: [IndexSegment.Entry] = []
        for var e in try IndexSegment(url: url).entries {
            if done.contains("\(e.job.jobID)\u{1F}\(e.version)") {
                e.mergedInto = base
            } else if e.mergedInto != nil {
                continue
            }
            kept.append(e)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for e in kept {
            data.append(try encoder.encode(e))
            data.append(0x0A)
        }
        try DurableFile.write(data, to: url)
        try reopenSegment()
        segment = Dictionary(uniqueKeysWithValues: kept.map { ($0.job.jobID, $0) })
    }
}
