import Foundation

/// A bias audit's figures in Local Law 144's form (6 RCNY §5-301), as `jobmatch audit groups`
/// writes them to JSON (these keys) and HTML (``html``).
///
/// Per direction of matching: the scoring table (median score of every scored CV, each
/// category's scoring rate — the share of its CVs scored above that median — and impact ratios
/// against the highest category) and one selection table per outcome (selection rate, impact
/// ratio), each for sex, race/ethnicity and their intersection, with bootstrap intervals, the
/// count of CVs whose category is unknown, and categories under the minimum share flagged.
public struct BiasAuditReport: Sendable, Codable, Equatable {
    /// One category of one dimension in one calculation.
    public struct Row: Sendable, Codable, Equatable {
        public var category: String
        /// CVs of the category in this calculation.
        public var count: Int
        /// Its share of the CVs whose category in this dimension is known.
        public var share: Double
        /// CVs selected (or scored above the median).
        public var selected: Int
        /// selected / count: the selection or scoring rate.
        public var rate: Double
        /// The bootstrap percentile interval of the rate.
        public var rateInterval: [Double]?
        /// rate / the highest rate among categories not excluded; nil when excluded or when
        /// no category was selected at all.
        public var impactRatio: Double?
        public var impactRatioInterval: [Double]?
        /// Under the minimum share: reported, left out of the impact ratios (§5-301 lets an
        /// auditor exclude a category under 2% of the data, stating why and its count and rate).
        public var excluded: Bool
        /// The category whose rate the impact ratios divide by.
        public var reference: Bool

        enum CodingKeys: String, CodingKey {
            case category, count, share, selected, rate, excluded, reference
            case rateInterval = "rate_interval", impactRatio = "impact_ratio", impactRatioInterval = "impact_ratio_interval"
        }
    }

    /// One dimension (sex, race/ethnicity, intersection) of one calculation.
    public struct Table: Sendable, Codable, Equatable {
        public var dimension: String
        public var rows: [Row]
        /// CVs of the calculation whose category is unknown: counted, not in any rate.
        public var unknown: Int
    }

    /// One calculation: scoring, or one selection outcome.
    public struct Metric: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        public var description: String
        /// The median score of every CV scored (scoring only).
        public var medianScore: Double?
        /// CVs in the calculation, unknown categories included.
        public var count: Int
        /// Of those, selected (or above the median).
        public var selected: Int
        public var tables: [Table]

        enum CodingKeys: String, CodingKey {
            case name, kind, description, count, selected, tables
            case medianScore = "median_score"
        }
    }

    /// One direction of matching.
    public struct Direction: Sendable, Codable, Equatable {
        public var name: String
        public var description: String
        /// Requests of this direction in the period.
        public var requests: Int
        /// CVs audited in this direction (the denominator of the selection rates).
        public var cvs: Int
        /// Of those, CVs with a recorded score (the scoring calculation).
        public var cvsScored: Int
        /// CVs the groups file lists that no request of this direction recorded.
        public var listedNotSeen: Int
        /// CVs the requests recorded that the groups file does not list (unknown categories).
        public var seenNotListed: Int
        public var scoring: Metric
        public var selection: [Metric]

        enum CodingKeys: String, CodingKey {
            case name, description, requests, cvs, scoring, selection
            case cvsScored = "cvs_scored", listedNotSeen = "listed_not_seen", seenNotListed = "seen_not_listed"
        }
    }

    /// Model, index and ranking versions of the requests audited, with their counts.
    public struct Versions: Sendable, Codable, Equatable {
        public var direction: String
        public var modelVersion: String
        public var indexVersion: String
        public var rankingVersion: String?
        public var requests: Int

        public init(direction: String, modelVersion: String, indexVersion: String, rankingVersion: String?, requests: Int) {
            self.direction = direction
            self.modelVersion = modelVersion
            self.indexVersion = indexVersion
            self.rankingVersion = rankingVersion
            self.requests = requests
        }

        enum CodingKeys: String, CodingKey {
            case direction, requests
            case modelVersion = "model_version", indexVersion = "index_version", rankingVersion = "ranking_version"
        }
    }

    /// The period asked for and the one the requests cover (ISO 8601, UTC).
    public struct Period: Sendable, Codable, Equatable {
        public var since: String?
        public var until: String?
        public var firstRequest: String?
        public var lastRequest: String?

        public init(since: String?, until: String?, firstRequest: String?, lastRequest: String?) {
            self.since = since
            self.until = until
            self.firstRequest = firstRequest
            self.lastRequest = lastRequest
        }

        enum CodingKeys: String, CodingKey {
            case since, until
            case firstRequest = "first_request", lastRequest = "last_request"
        }
    }

    /// The groups file: how many CVs it lists, and how many of those with an unknown category.
    public struct Groups: Sendable, Codable, Equatable {
        public var file: String?
        public var cvs: Int
        public var sexUnknown: Int
        public var raceEthnicityUnknown: Int

        enum CodingKeys: String, CodingKey {
            case file, cvs
            case sexUnknown = "sex_unknown", raceEthnicityUnknown = "race_ethnicity_unknown"
        }
    }

    /// What the calculation used.
    public struct Settings: Sendable, Codable, Equatable {
        /// "Shown in the top N" means a rank at most this.
        public var top: Int
        /// Categories under this share of the known CVs are flagged and left out of impact ratios.
        public var minShare: Double
        /// Bootstrap replicates (0: no intervals).
        public var replicates: Int
        public var seed: UInt64
        /// The intervals' coverage.
        public var confidence: Double

        public init(top: Int = 10, minShare: Double = 0.02, replicates: Int = 1_000, seed: UInt64 = 1, confidence: Double = 0.95) {
            self.top = top
            self.minShare = minShare
            self.replicates = replicates
            self.seed = seed
            self.confidence = confidence
        }

        enum CodingKeys: String, CodingKey {
            case top, replicates, seed, confidence
            case minShare = "min_share"
        }
    }

    /// Requests that cannot be attributed to anyone in the groups file.
    public struct Unattributable: Sendable, Codable, Equatable {
        /// Requests for jobs made with a pasted CV (no CV id).
        public var pastedCVRequests: Int
        /// Distinct pasted CVs among them (by their SHA-256).
        public var pastedCVs: Int

        public init(pastedCVRequests: Int, pastedCVs: Int) {
            self.pastedCVRequests = pastedCVRequests
            self.pastedCVs = pastedCVs
        }

        enum CodingKeys: String, CodingKey {
            case pastedCVRequests = "pasted_cv_requests", pastedCVs = "pasted_cvs"
        }
    }

    public var tool: String
    public var rules: String
    public var generatedAt: String
    public var period: Period
    public var versions: [Versions]
    public var groups: Groups
    public var settings: Settings
    public var directions: [Direction]
    public var unattributable: Unattributable
    /// What the report cannot know, in sentences, for the reader.
    public var limits: [String]

    enum CodingKeys: String, CodingKey {
        case tool, rules, period, versions, groups, settings, directions, unattributable, limits
        case generatedAt = "generated_at"
    }

    /// The report as JSON (sorted keys, pretty printed).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

// Every key is written, `null` when a value is absent, so a reader sees the same keys in every
// row (synthesised encoding would leave absent optionals out).
extension BiasAuditReport.Row {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(category, forKey: .category)
        try c.encode(count, forKey: .count)
        try c.encode(share, forKey: .share)
        try c.encode(selected, forKey: .selected)
        try c.encode(rate, forKey: .rate)
        try c.encode(rateInterval, forKey: .rateInterval)
        try c.encode(impactRatio, forKey: .impactRatio)
        try c.encode(impactRatioInterval, forKey: .impactRatioInterval)
        try c.encode(excluded, forKey: .excluded)
        try c.encode(reference, forKey: .reference)
    }
}

extension BiasAuditReport.Metric {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(description, forKey: .description)
        try c.encode(medianScore, forKey: .medianScore)
        try c.encode(count, forKey: .count)
        try c.encode(selected, forKey: .selected)
        try c.encode(tables, forKey: .tables)
    }
}

extension BiasAuditReport.Versions {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(direction, forKey: .direction)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(indexVersion, forKey: .indexVersion)
        try c.encode(rankingVersion, forKey: .rankingVersion)
        try c.encode(requests, forKey: .requests)
    }
}

extension BiasAuditReport.Period {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(since, forKey: .since)
        try c.encode(until, forKey: .until)
        try c.encode(firstRequest, forKey: .firstRequest)
        try c.encode(lastRequest, forKey: .lastRequest)
    }
}

extension BiasAuditReport.Groups {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(cvs, forKey: .cvs)
        try c.encode(sexUnknown, forKey: .sexUnknown)
        try c.encode(raceEthnicityUnknown, forKey: .raceEthnicityUnknown)
    }
}
