import Foundation

/// The generator's world: occupations with title variants and weighted skills, a skills
/// vocabulary with aliases, places, names, companies. Built by scripts/taxonomy/build_taxonomy.py
/// from a hand-written occupation list and the real LinkedIn skill rows, compiled in as JSON.
public struct Taxonomy: Decodable, Sendable {
    public struct Occupation: Decodable, Sendable {
        public let id: String
        public let industry: String
        public let titles: [String]
        public let duties: [String]
        /// (canonical skill name, weight), heaviest first.
        public let skills: [WeightedSkill]
    }

    public struct WeightedSkill: Decodable, Sendable {
        public let name: String
        public let weight: Double
        public init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            name = try c.decode(String.self)
            weight = try c.decode(Double.self)
        }
    }

    public struct Skill: Decodable, Sendable {
        public let id: String
        public let name: String
        public let aliases: [String]
    }

    public struct Country: Decodable, Sendable {
        public let name: String
        public let weight: Double
        public let cities: [String]
    }

    public struct Foreign: Decodable, Sendable {
        public let language: String
        public let countries: [String]
        public let titles: [String]
        public let sentences: [String]
    }

    public let occupations: [Occupation]
    public let skills: [Skill]
    public let ambiguousPlainUses: [String: [String]]
    public let countries: [Country]
    public let foreign: [Foreign]
    public let firstNames: [String]
    public let lastNames: [String]
    public let companyPrefixes: [String]
    public let companySuffixes: [String: [String]]
    public let education: [String: [String]]
    public let levels: [String]
    public let types: [String]
    public let searchPositions: [String]

    /// The taxonomy compiled into the binary.
    public static let builtIn: Taxonomy = {
        do {
            return try JSONDecoder().decode(Taxonomy.self, from: Data(taxonomyJSON.utf8))
        } catch {
            fatalError("the built-in taxonomy does not decode: \(error)")  // our bug, caught by tests
        }
    }()

    /// Aliases of each canonical skill name.
    public var aliasesByName: [String: [String]] {
        Dictionary(skills.map { ($0.name, $0.aliases) }, uniquingKeysWith: { a, _ in a })
    }
}
