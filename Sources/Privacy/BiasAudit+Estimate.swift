import Foundation
import JobMatchCore

/// Rates, impact ratios and their bootstrap intervals: one function (``estimate``) computes a
/// calculation from per-CV weights; the point estimate gives every CV weight 1, a bootstrap
/// replicate the number of times the resample drew it.
extension BiasAudit {
    /// What one CV brings to a calculation.
    enum Value {
        case score(Double)
        case selected(Bool)
    }

    /// A dimension's categories, fixed by the full sample: names in order, each CV's category
    /// (-1: unknown), and which categories are under the minimum share.
    struct Layout {
        var names: [String]
        var category: [Int]
        var counts: [Int]
        var known: Int
        var excluded: [Bool]
    }

    /// One calculation's figures for some weighting of the CVs.
    struct Estimate {
        var median: Double?
        var selected: Int
        /// Per dimension, per category: CVs (weighted), selected, rate, impact ratio.
        var cells: [[(count: Int, selected: Int, rate: Double?, ratio: Double?)]]
        /// Per dimension: the reference category.
        var reference: [Int?]
    }

    static func metric(name: String, kind: String, description: String, units: [(AuditGroups.Person, Value)],
                       settings: BiasAuditReport.Settings, generator: inout SplitMix64) -> BiasAuditReport.Metric {
        let layouts = dimensions.map { dimension -> Layout in
            let raw = units.map { dimension.category($0.0) }
            let names = Set(raw.compactMap { $0 }).sorted()
            let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            let category = raw.map { $0.flatMap { position[$0] } ?? -1 }
            var counts = [Int](repeating: 0, count: names.count)
            for c in category where c >= 0 { counts[c] += 1 }
            let known = counts.reduce(0, +)
            return Layout(names: names, category: category, counts: counts, known: known,
                          excluded: counts.map { known > 0 && Double($0) / Double(known) < settings.minShare })
        }
        let values = units.map(\.1)
        let order = values.indices.sorted { score(values[$0]) < score(values[$1]) }
        let point = estimate(values, layouts, order, weights: [Int](repeating: 1, count: units.count))

        // Bootstrap: per dimension, per category, the replicates' rates and ratios.
        var rates = layouts.map { [[Double]](repeating: [], count: $0.names.count) }
        var ratios = rates
        if !units.isEmpty {
            var weights = [Int](repeating: 0, count: units.count)
            for _ in 0..<settings.replicates {
                for i in weights.indices { weights[i] = 0 }
                for _ in 0..<units.count { weights[Int(generator.next() % UInt64(units.count))] += 1 }
                let e = estimate(values, layouts, order, weights: weights)
                for (d, cells) in e.cells.enumerated() {
                    for (c, cell) in cells.enumerated() {
                        if let r = cell.rate { rates[d][c].append(r) }
                        if let r = cell.ratio { ratios[d][c].append(r) }
                    }
                }
            }
        }
        let alpha = 1 - settings.confidence
        func interval(_ samples: [Double]) -> [Double]? {
            guard !samples.isEmpty else { return nil }
            let sorted = samples.sorted()
            return [quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2)]
        }
        let tables = layouts.enumerated().map { d, layout in
            let rows = layout.names.enumerated().map { c, name in
                let cell = point.cells[d][c]
                return BiasAuditReport.Row(
                    category: name, count: cell.count, share: Double(cell.count) / Double(layout.known), selected: cell.selected,
                    rate: cell.rate ?? 0, rateInterval: interval(rates[d][c]), impactRatio: cell.ratio,
                    impactRatioInterval: cell.ratio == nil ? nil : interval(ratios[d][c]),
                    excluded: layout.excluded[c], reference: point.reference[d] == c)
            }
            return BiasAuditReport.Table(dimension: dimensions[d].name, rows: rows, unknown: units.count - layout.known)
        }
        return BiasAuditReport.Metric(name: name, kind: kind, description: description, medianScore: point.median,
                                      count: units.count, selected: point.selected, tables: tables)
    }

    /// The calculation with CV `i` counted `weights[i]` times.
    static func estimate(_ values: [Value], _ layouts: [Layout], _ order: [Int], weights: [Int]) -> Estimate {
        var median: Double?
        var positive = [Bool](repeating: false, count: values.count)
        if case .score = values.first {
            median = weightedMedian(values, order, weights)
            for i in values.indices { positive[i] = median.map { score(values[i]) > $0 } ?? false }
        } else {
            for i in values.indices { if case .selected(true) = values[i] { positive[i] = true } }
        }
        var selected = 0
        for i in values.indices where positive[i] { selected += weights[i] }
        var cells: [[(count: Int, selected: Int, rate: Double?, ratio: Double?)]] = []
        var references: [Int?] = []
        for layout in layouts {
            var count = [Int](repeating: 0, count: layout.names.count), hits = count
            for i in values.indices where layout.category[i] >= 0 {
                count[layout.category[i]] += weights[i]
                if positive[i] { hits[layout.category[i]] += weights[i] }
            }
            let rate = count.indices.map { count[$0] > 0 ? Double(hits[$0]) / Double(count[$0]) : nil }
            // The highest rate among the categories not excluded (the first in name order on a tie).
            var reference: Int?
            for c in rate.indices where !layout.excluded[c] {
                if let r = rate[c], reference.flatMap({ rate[$0] }).map({ r > $0 }) ?? true { reference = c }
            }
            let top = reference.flatMap { rate[$0] } ?? 0
            cells.append(rate.indices.map { c in
                (count[c], hits[c], rate[c], !layout.excluded[c] && top > 0 ? rate[c].map { $0 / top } : nil)
            })
            references.append(top > 0 ? reference : nil)
        }
        return Estimate(median: median, selected: selected, cells: cells, reference: references)
    }

    static func score(_ value: Value) -> Double {
        if case .score(let s) = value { return s }
        return 0
    }

    /// The median of the multiset in which score `i` appears `weights[i]` times (`order` sorts
    /// the scores): the middle value, or the mean of the two middle values; nil when empty.
    static func weightedMedian(_ values: [Value], _ order: [Int], _ weights: [Int]) -> Double? {
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        let lowRank = (total - 1) / 2, highRank = total / 2
        var seen = 0
        var low: Double?
        for i in order where weights[i] > 0 {
            seen += weights[i]
            if low == nil, seen > lowRank { low = score(values[i]) }
            if seen > highRank { return (low! + score(values[i])) / 2 }
        }
        return low
    }

    /// The `p` quantile of sorted values, linearly interpolated between order statistics
    /// (R's type 7, NumPy's default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
