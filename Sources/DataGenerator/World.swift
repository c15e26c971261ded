import JobMatchCore

/// The taxonomy prepared for fast sampling: cumulative weights, alias lists, company names.
struct World: Sendable {
    let taxonomy: Taxonomy
    let occupationCumulative: [Double]
    let skillCumulative: [[Double]]
    let aliases: [String: [String]]
    let countryCumulative: [Double]
    let occupationIndex: [String: Int]
    /// Plain-word uses of skill words, grouped by skill in sorted order: never iterate a
    /// Dictionary while generating, its order changes from process to process.
    let plainUses: [[String]]

    init(_ taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
        // Occupations follow a gentle Zipf law in taxonomy order (nurses, developers, retail first).
        occupationCumulative = Self.cumulative(taxonomy.occupations.indices.map { 1 / Double($0 + 2).squareRoot() })
        skillCumulative = taxonomy.occupations.map { o in Self.cumulative(o.skills.map(\.weight)) }
        aliases = taxonomy.aliasesByName
        countryCumulative = Self.cumulative(taxonomy.countries.map(\.weight))
        occupationIndex = Dictionary(uniqueKeysWithValues: taxonomy.occupations.enumerated().map { ($1.id, $0) })
        plainUses = taxonomy.ambiguousPlainUses.keys.sorted().compactMap { taxonomy.ambiguousPlainUses[$0] }.filter { !$0.isEmpty }
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }

    /// An index drawn with probability proportional to its weight.
    static func draw(_ cumulative: [Double], _ rng: inout SeededGenerator) -> Int {
        let x = Double.random(in: 0..<cumulative[cumulative.count - 1], using: &rng)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    func occupation(_ rng: inout SeededGenerator) -> Int { Self.draw(occupationCumulative, &rng) }

    /// `count` distinct canonical skills of occupation `o`, heavier skills likelier; with
    /// probability `borrow` per skill, one from another occupation of the same industry.
    func skills(of o: Int, count: Int, borrow: Double = 0.08, _ rng: inout SeededGenerator) -> [String] {
        let occ = taxonomy.occupations[o]
        var chosen: [String] = []
        var tries = 0
        while chosen.count < min(count, occ.skills.count), tries < count * 20 {
            tries += 1
            var source = o
            if rng.chance(borrow) { source = neighbour(of: o, &rng) ?? o }
            let name = taxonomy.occupations[source].skills[Self.draw(skillCumulative[source], &rng)].name
            if !chosen.contains(name) { chosen.append(name) }
        }
        return chosen
    }

    /// Another occupation of `o`'s industry, nil when it is the only one.
    func neighbour(of o: Int, _ rng: inout SeededGenerator) -> Int? {
        let industry = taxonomy.occupations[o].industry
        let peers = taxonomy.occupations.indices.filter { $0 != o && taxonomy.occupations[$0].industry == industry }
        return peers.isEmpty ? nil : rng.pick(peers)
    }

    /// A posting's duties and skills: its occupation's, and with probability `rate` some of a
    /// neighbour's too (a charge nurse posting that also wants a nursing assistant's work).
    func duties(of o: Int, count: Int, neighbourRate rate: Double, borrow: Double, _ rng: inout SeededGenerator) -> (duties: [String], skills: [String]) {
        let occ = taxonomy.occupations[o]
        var skills = skills(of: o, count: count, borrow: borrow, &rng)
        guard rng.chance(rate), let n = neighbour(of: o, &rng) else { return (occ.duties, skills) }
        let other = taxonomy.occupations[n]
        let borrowed = other.duties.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
        for s in self.skills(of: n, count: Int.random(in: 2...4, using: &rng), borrow: 0, &rng) where !skills.contains(s) { skills.append(s) }
        return (occ.duties + borrowed, skills)
    }

    /// How a text spells a skill: the canonical name, often an alias, sometimes another casing.
    func surface(_ skill: String, _ rng: inout SeededGenerator) -> String {
        var s = skill
        if let a = aliases[skill], !a.isEmpty, rng.chance(0.3) { s = rng.pick(a) }
        let r = Double.random(in: 0..<1, using: &rng)
        if r < 0.06 { s = s.lowercased() } else if r < 0.08, s.count <= 12 { s = s.uppercased() }
        return s
    }

    func company(industry: String, _ rng: inout SeededGenerator) -> String {
        let suffixes = taxonomy.companySuffixes[industry] ?? ["Group"]
        return rng.pick(taxonomy.companyPrefixes) + " " + rng.pick(suffixes)
    }

    func place(_ rng: inout SeededGenerator) -> (country: String, city: String) {
        let c = taxonomy.countries[Self.draw(countryCumulative, &rng)]
        return (c.name, rng.pick(c.cities))
    }

    func personName(_ rng: inout SeededGenerator) -> String {
        rng.pick(taxonomy.firstNames) + " " + rng.pick(taxonomy.lastNames)
    }
}
