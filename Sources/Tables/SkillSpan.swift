/// Where processing found a skill in a text: characters `start..<end` of the normalised text
/// (Swift `Character` offsets), and the canonical skill id.
///
/// Stored in the `skill_spans` column of the jobs and CVs tables as `"start:end:skill_id"`
/// strings; this type is the only place that writes or parses that form.
public struct SkillSpan: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int
    public var skillID: String

    public init(start: Int, end: Int, skillID: String) {
        self.start = start
        self.end = end
        self.skillID = skillID
    }

    public var range: Range<Int> { start..<end }

    /// The stored form, `"start:end:skill_id"`.
    public var stored: String { "\(start):\(end):\(skillID)" }

    /// Parses the stored form; nil when it is not `int:int:id` with `start <= end`.
    public init?(stored s: String) {
        let parts = s.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), a <= b else { return nil }
        self.init(start: a, end: b, skillID: String(parts[2]))
    }

    /// Spans grouped by skill id, in order of appearance within each skill.
    public static func bySkill(_ spans: [SkillSpan]) -> [String: [Range<Int>]] {
        var out: [String: [Range<Int>]] = [:]
        for s in spans { out[s.skillID, default: []].append(s.range) }
        return out
    }
}
