import Foundation

/// One row of `tables/pairs.parquet`: a CV (anchor text), a job it matches (positive text) and
/// optionally a job that looks similar but does not match (hard negative text).
public struct TrainingPair: Sendable, Equatable {
    public var cvID: String
    public var jobID: String
    public var anchor: String
    public var positive: String
    public var negative: String?

    public init(cvID: String, jobID: String, anchor: String, positive: String, negative: String? = nil) {
        self.cvID = cvID
        self.jobID = jobID
        self.anchor = anchor
        self.positive = positive
        self.negative = negative
    }

    /// What may appear only once in a batch: the CV, the job, and every text.
    var uniqueValues: Set<String> {
        var s: Set<String> = ["cv\u{1}" + cvID, "job\u{1}" + jobID, "text\u{1}" + anchor, "text\u{1}" + positive]
        if let n = negative { s.insert("text\u{1}" + n) }
        return s
    }
}

extension TrainingPair {
    /// A fingerprint of pairs (ids and texts, FNV-1a) so a resume with other data is refused.
    public static func fingerprint(_ pairs: [TrainingPair]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }; h = (h ^ 0xff) &* 0x100_0000_01b3 }
        for p in pairs { feed(p.cvID); feed(p.jobID); feed(p.anchor); feed(p.positive); feed(p.negative ?? "\u{0}") }
        return String(format: "%016llx-%d", h, pairs.count)
    }
}
