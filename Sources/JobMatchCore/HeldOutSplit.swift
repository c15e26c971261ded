/// The held-out split of CVs and of jobs: a pure function of seed, fraction and id, so every stage
/// (pair mining, training, evaluation) agrees on it without storing a list.
///
/// A CV is held out when a 64-bit hash of (seed, id) — FNV-1a over the id's UTF-8 bytes, seeded
/// with the seed and finished with SplitMix64's mixer — falls below `fraction × 2⁶⁴`. Held-out CVs
/// never appear in mined training pairs and are the queries of `jobmatch eval`. Jobs are split the
/// same way (`jobFraction`, another stream of the same seed): held-out jobs are never a mined
/// positive or negative and are the corpus of the evaluation, so no judged job of a held-out CV
/// was seen in training.
///
/// ```swift
/// let split = HeldOutSplit()                 // 10%, seed 42
/// split.isHeldOut("cv-000123")               // true for about one CV in ten
/// ```
public struct HeldOutSplit: Sendable, Hashable, Codable {
    /// Share of CVs held out, in [0, 1].
    public var fraction: Double
    public var seed: UInt64
    /// Share of jobs held out, in [0, 1).
    public var jobFraction: Double

    public static let defaultFraction = 0.1
    public static let defaultJobFraction = 0.2
    public static let defaultSeed: UInt64 = 42

    public init(fraction: Double = HeldOutSplit.defaultFraction, seed: UInt64 = HeldOutSplit.defaultSeed,
                jobFraction: Double = HeldOutSplit.defaultJobFraction) {
        self.fraction = fraction
        self.seed = seed
        self.jobFraction = jobFraction
    }

    enum CodingKeys: String, CodingKey { case fraction, seed, jobFraction }

    /// Settings recorded before jobs were split read as splitting no job.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fraction = try c.decode(Double.self, forKey: .fraction)
        seed = try c.decode(UInt64.self, forKey: .seed)
        jobFraction = try c.decodeIfPresent(Double.self, forKey: .jobFraction) ?? 0
    }

    /// Whether the job with this id is held out of training (the evaluation's corpus).
    public func isHeldOutJob(_ jobID: String) -> Bool {
        guard jobFraction > 0 else { return false }
        return Self.unit(jobID, seed: seed ^ Self.jobStream) < jobFraction
    }

    /// Whether the CV with this id is held out of training.
    public func isHeldOut(_ cvID: String) -> Bool {
        guard fraction > 0 else { return false }
        guard fraction < 1 else { return true }
        return unitValue(cvID) < fraction
    }

    /// The id's position in [0, 1): uniform over ids, fixed for a seed.
    public func unitValue(_ cvID: String) -> Double { Self.unit(cvID, seed: seed) }

    /// Jobs draw from another stream of the seed ("jobs" in ASCII), so an id is not held out on
    /// both sides by one draw.
    static let jobStream: UInt64 = 0x6A6F_6273

    static func unit(_ id: String, seed: UInt64) -> Double { Double(hash(id, seed: seed) >> 11) * 0x1.0p-53 }

    /// FNV-1a 64 over the bytes, seeded, then SplitMix64's finaliser (so nearby ids spread out).
    public static func hash(_ id: String, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var z = h &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
