import Foundation

/// The skills vocabulary: canonical entries with their aliases, each a phrase pattern; every entry
/// carries a category (a skill, or a kind of non-skill) and, for skills, a type.
///
/// The built-in vocabulary (`SkillVocabulary.builtIn`) is `Resources/skills.tsv`, made by
/// `scripts/taxonomy/build_skills.py` from the generator's taxonomy sources (the real LinkedIn
/// skill rows, `occupations.py`) and the reviewed rules in `scripts/taxonomy/skill_rules.tsv`:
/// spellings that fold to one name are one entry (`attention_to_detail`), and non-skills
/// (benefits, boilerplate, conditions, education levels, titles, traits, generic words) stay in
/// the vocabulary with their category, so a matcher can match them, and so keep them from
/// being read as parts of other phrases, yet report only `isSkill` entries.
///
/// Phrases are matched case-insensitively on tokens; when two entries share a phrase (after
/// lower-casing), the first entry in vocabulary order keeps it, names before aliases.
///
/// ```swift
/// let vocabulary = try SkillVocabulary.builtIn
/// let i = vocabulary.lookup("MS Excel")!            // microsoft_excel
/// vocabulary.skills[i].type                         // .tool
/// vocabulary.skills[vocabulary.lookup("Paid Time Off")!].category   // .benefit
/// ```
public struct SkillVocabulary: Sendable {
    public struct Skill: Sendable, Hashable, Codable {
        /// Canonical id (`microsoft_excel`).
        public let id: String
        /// Canonical name (`Microsoft Excel`).
        public let name: String
        /// Other spellings (`Excel`, `MS Excel`).
        public let aliases: [String]
        /// A skill, or the kind of non-skill.
        public let category: SkillCategory
        /// The skill's type; nil for non-skills.
        public let type: SkillType?
        /// Industries of the taxonomy's occupations that list this entry (empty: none does).
        public let industries: [String]

        public init(id: String, name: String, aliases: [String], category: SkillCategory = .skill,
                    type: SkillType? = nil, industries: [String] = []) {
            self.id = id
            self.name = name
            self.aliases = aliases
            self.category = category
            self.type = type
            self.industries = industries
        }

        /// True for real skills: what matchers report and explanations show.
        public var isSkill: Bool { category == .skill }
    }

    /// Every entry, skills and non-skills, in vocabulary order.
    public let skills: [Skill]
    /// Entry index by id.
    public let indexByID: [String: Int]
    private let byLowerPhrase: [String: Int]

    /// - Throws: `SkillsError.invalidArgument` for an empty vocabulary or duplicate ids.
    public init(skills: [Skill]) throws {
        guard !skills.isEmpty else { throw SkillsError(.invalidArgument, "the skills vocabulary is empty") }
        var index: [String: Int] = [:]
        for (i, s) in skills.enumerated() {
            guard index[s.id] == nil else { throw SkillsError(.invalidArgument, "duplicate skill id '\(s.id)'") }
            index[s.id] = i
        }
        self.skills = skills
        self.indexByID = index
        var table: [String: Int] = [:]
        for (i, s) in skills.enumerated() where table[s.name.lowercased()] == nil { table[s.name.lowercased()] = i }
        for (i, s) in skills.enumerated() {
            for a in s.aliases where table[a.lowercased()] == nil { table[a.lowercased()] = i }
        }
        self.byLowerPhrase = table
    }

    /// Every (phrase, entry index) pair: all names first, then all aliases, in vocabulary order.
    public var phrases: [(phrase: String, skill: Int)] {
        var out: [(String, Int)] = []
        for (i, s) in skills.enumerated() { out.append((s.name, i)) }
        for (i, s) in skills.enumerated() { for a in s.aliases { out.append((a, i)) } }
        return out
    }

    /// The entry a listed skill string names (case-insensitive match on a name or alias), if any;
    /// it may be a non-skill (check `isSkill`).
    public func lookup(_ listed: String) -> Int? {
        byLowerPhrase[listed.lowercased().trimmingCharacters(in: .whitespaces)]
    }

    /// The same vocabulary without its non-skills (indices change; ids do not).
    /// - Throws: `SkillsError.invalidArgument` when no entry is a skill.
    public func skillsOnly() throws -> SkillVocabulary {
        try SkillVocabulary(skills: skills.filter(\.isSkill))
    }
}
