/// The held-out split of CVs: a pure function of seed, fraction and CV id, so every stage (pair
/// mining, training, evaluation) agrees on it without storing a list.
///
/// A CV is held out when a 64-bit hash of (seed, id) — FNV-1a over the id's UTF-8 bytes, seeded
/// with the seed and finished with SplitMix64's mixer — falls below `fraction × 2⁶⁴`. Held-out CVs
/// never appear in mined training pairs and are the queries of `jobmatch eval`.
///
/// ```swift
/// let split = HeldOutSplit()                 // 10%, seed 42
/// split.isHeldOut("cv-000123")               // true for about one CV in ten
/// ```
public struct HeldOutSplit: Sendable, Hashable, Codable {
    /// Share of CVs held out, in [0, 1].
    public var fraction: Double
    public var seed: UInt64

    public static let defaultFraction = 0.1
    public static let defaultSeed: UInt64 = 42

    public init(fraction: Double = HeldOutSplit.defaultFraction, seed: UInt64 = HeldOutSplit.defaultSeed) {
        self.fraction = fraction
        self.seed = seed
    }

    /// Whether the CV with this id is held out of training.
    public func isHeldOut(_ cvID: String) -> Bool {
        guard fraction > 0 else { return false }
        guard fraction < 1 else { return true }
        return unitValue(cvID) < fraction
    }

    /// The id's position in [0, 1): uniform over ids, fixed for a seed.
    public func unitValue(_ cvID: String) -> Double {
        Double(Self.hash(cvID, seed: seed) >> 11) * 0x1.0p-53
    }

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
