import DataGenerator
import Foundation

/// The skills vocabulary: canonical skills with their aliases, each a phrase pattern.
///
/// The default is the generator's taxonomy (`Taxonomy.builtIn`: 4,429 canonical skills and their
/// aliases, built by scripts/taxonomy/build_taxonomy.py from the real LinkedIn skill rows), read
/// at run time. Phrases are matched case-insensitively on tokens; when two skills share a phrase
/// (after lower-casing), the first skill in vocabulary order keeps it, names before aliases.
public struct SkillVocabulary: Sendable {
    public struct Skill: Sendable, Hashable, Codable {
        /// Canonical id (`microsoft_excel`).
        public let id: String
        /// Canonical name (`Microsoft Excel`).
        public let name: String
        /// Other spellings (`Excel`, `MS Excel`).
        public let aliases: [String]

        public init(id: String, name: String, aliases: [String]) {
            self.id = id
            self.name = name
            self.aliases = aliases
        }
    }

    public let skills: [Skill]
    /// Skill index by id.
    public let indexByID: [String: Int]
    private let byLowerPhrase: [String: Int]

    /// - Throws: `ProcessingError.invalidArgument` for an empty vocabulary or duplicate ids.
    public init(skills: [Skill]) throws {
        guard !skills.isEmpty else { throw ProcessingError(.invalidArgument, "the skills vocabulary is empty") }
        var index: [String: Int] = [:]
        for (i, s) in skills.enumerated() {
            guard index[s.id] == nil else { throw ProcessingError(.invalidArgument, "duplicate skill id '\(s.id)'") }
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

    /// The vocabulary built from the generator's taxonomy.
    public static let builtIn: SkillVocabulary = {
        let skills = Taxonomy.builtIn.skills.map { Skill(id: $0.id, name: $0.name, aliases: $0.aliases) }
        return try! SkillVocabulary(skills: skills)  // the taxonomy's ids are unique (DataGeneratorTests)
    }()

    /// Every (phrase, skill index) pair: all names first, then all aliases, in vocabulary order.
    public var phrases: [(phrase: String, skill: Int)] {
        var out: [(String, Int)] = []
        for (i, s) in skills.enumerated() { out.append((s.name, i)) }
        for (i, s) in skills.enumerated() { for a in s.aliases { out.append((a, i)) } }
        return out
    }

    /// The skill a listed skill string names (case-insensitive match on a name or alias), if any.
    public func lookup(_ listed: String) -> Int? {
        byLowerPhrase[listed.lowercased().trimmingCharacters(in: .whitespaces)]
    }
}
