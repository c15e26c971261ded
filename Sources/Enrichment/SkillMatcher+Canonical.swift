import Tables

extension SkillMatcher {
    /// A text's canonical skills as both finishers record them: the listed skills found in the
    /// vocabulary first, then those matched in the text, each once; where the text names each one;
    /// and the display names of the first `names` skills (what the embedding template shows).
    public struct CanonicalSkills: Sendable {
        public var ids: [String]
        public var spans: [SkillSpan]
        public var names: [String]
    }

    /// - Parameters:
    ///   - listed: skills as the source lists them.
    ///   - matches: `match(text)` of the text the spans point into.
    public func canonical(listed: [String], matches: [SkillMatch], names count: Int = 20) -> CanonicalSkills {
        var ids: [String] = []
        var seen = Set<String>()
        for l in listed {
            if let i = listedSkill(l), seen.insert(vocabulary.skills[i].id).inserted { ids.append(vocabulary.skills[i].id) }
        }
        for id in skillIDs(matches) where seen.insert(id).inserted { ids.append(id) }
        let spans = matches.map { SkillSpan(start: $0.startChar, end: $0.endChar, skillID: vocabulary.skills[$0.skill].id) }
        let names = ids.prefix(count).map { vocabulary.skills[vocabulary.indexByID[$0]!].name }
        return CanonicalSkills(ids: ids, spans: spans, names: names)
    }
}
