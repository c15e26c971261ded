import Foundation

/// A candidate model against a baseline on the same queries: the mean per-query difference of a
/// metric and its 95% paired bootstrap interval (the queries resampled together, so the interval
/// speaks to the difference, not to each model's spread).
///
/// The rule the pipeline's serving choice and `jobmatch retrain` share: a candidate is **worse**
/// only when the whole interval lies below zero; a difference the held-out queries cannot tell from
/// noise does not count against it.
public struct Comparison: Codable, Sendable, Equatable {
    public var metric: String
    public var candidate: Double
    public var baseline: Double
    /// Mean of candidate − baseline over queries.
    public var difference: Double
    /// [low, high] of the difference; empty with fewer than two queries.
    public var interval: [Double]

    /// Worse beyond its interval: the interval's high end is below zero.
    public var isWorse: Bool { interval.count == 2 && interval[1] < 0 }

    /// - Precondition: both were scored on the same queries, in the same order.
    public init(metric: String, candidate: [[String: Double]], baseline: [[String: Double]]) {
        precondition(candidate.count == baseline.count, "a paired comparison needs the same queries")
        let a = candidate.map { $0[metric] ?? 0 }, b = baseline.map { $0[metric] ?? 0 }
        let n = Double(max(1, a.count))
        self.metric = metric
        self.candidate = a.reduce(0, +) / n
        self.baseline = b.reduce(0, +) / n
        let d = zip(a, b).map { $0 - $1 }
        difference = d.reduce(0, +) / n
        interval = RetrievalMetrics.bootstrapInterval(d)
    }

    /// "NDCG@10 −0.181 [−0.300, −0.060]".
    public var summary: String {
        let i = interval.count == 2 ? String(format: " [%+.3f, %+.3f]", interval[0], interval[1]) : ""
        return String(format: "%@ %+.3f", metric, difference) + i
    }
}
