import JobMatchCore

/// Fills sentence templates and assembles posting and CV texts of a target length.
struct Composer {
    let world: World

    struct Slots {
        var title = "", company = "", city = ""
        var skills: [String] = []
        var duties: [String] = []
        var years = 3
        /// How often a CV's `{D}` says a duty with another verb than the taxonomy's (`Paraphrase`).
        var paraphrase = 0.0
        /// The share of a CV's filler bullets that any CV could hold.
        var generic = 0.0
    }

    /// One template filled in; skills are spelled through `World.surface`.
    func fill(_ template: String, _ slots: Slots, _ rng: inout SeededGenerator) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + 40)
        var rest = Substring(template)
        var lastSkill = ""
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = rest[rest.index(after: open)..<close]
            switch key {
            case "s", "s2":
                var skill = slots.skills.isEmpty ? "Teamwork" : rng.pick(slots.skills)
                if key == "s2", skill == lastSkill, slots.skills.count > 1 {
                    skill = slots.skills.first { $0 != lastSkill }!
                }
                lastSkill = skill
                out += world.surface(skill, &rng)
            case "d": out += slots.duties.isEmpty ? "support the team" : rng.pick(slots.duties)
            case "D": out += Paraphrase.pastTense(slots.duties.isEmpty ? "support the team" : rng.pick(slots.duties), rate: slots.paraphrase, &rng)
            case "t":
                // "a Asesor" -> "an Asesor"
                if out.hasSuffix(" a "), let first = slots.title.lowercased().first, "aeiou".contains(first) {
                    out.removeLast(2)
                    out += "an "
                }
                out += slots.title
            case "c": out += slots.company
            case "city": out += slots.city.split(separator: ",").first.map(String.init) ?? slots.city
            case "n": out += String(slots.years)
            case "lo": out += String(30 + Int.random(in: 0...60, using: &rng))
            case "hi": out += String(95 + Int.random(in: 0...80, using: &rng))
            default: out += key
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// Words as a reader counts them: runs of non-whitespace (the texts hold ASCII whitespace only).
    static func wordCount(_ s: String) -> Int {
        var count = 0, inWord = false
        for b in s.utf8 {
            let space = b == 32 || (b >= 9 && b <= 13)
            if !space, !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    /// A multi-paragraph posting text of at least `words` words (when `maxWords` allows) and
    /// never more than `maxWords`, `prefix` (a paragraph in another language) included.
    func postingText(_ slots: Slots, words: Int, maxWords: Int, prefix: String? = nil, html: Bool, plainUse: String?,
                     _ rng: inout SeededGenerator) -> String {
        var paragraphs: [String] = []
        var count = 0
        func add(_ p: String) { paragraphs.append(p); count += Self.wordCount(p) }
        if let prefix { add(prefix) }
        add(fill(rng.pick(Phrases.intro), slots, &rng) + " " + fill(rng.pick(Phrases.about), slots, &rng))
        var duties = "Responsibilities:"
        for d in slots.duties.shuffled(using: &rng) { duties += "\n- " + d.prefix(1).uppercased() + d.dropFirst() + "." }
        for _ in 0..<Int.random(in: 2...4, using: &rng) { duties += "\n- " + fill(rng.pick(Phrases.skillUse), slots, &rng) }
        add(duties)
        var req = "Qualifications:"
        for _ in 0..<Int.random(in: 3...5, using: &rng) {
            req += "\n- " + fill(rng.pick(rng.chance(0.6) ? Phrases.skillUse : Phrases.requirement), slots, &rng)
        }
        add(req)
        if let plainUse { add(plainUse) }
        let closing = fill(rng.pick(Phrases.benefits), slots, &rng) + " " + fill(rng.pick(Phrases.closing), slots, &rng)
        let closingWords = Self.wordCount(closing)
        // Filler, a sentence at a time, in paragraphs of a few sentences, within the budget.
        let pool = [Phrases.about, Phrases.skillUse, Phrases.benefits, Phrases.requirement]
        var paragraph = "", filler = 0
        while count + filler + closingWords < words {
            let sentence = fill(rng.pick(rng.pick(pool)), slots, &rng)
            let n = Self.wordCount(sentence)
            if count + filler + n + closingWords > maxWords { break }
            paragraph += (paragraph.isEmpty ? "" : " ") + sentence
            filler += n
            if Int.random(in: 0..<4, using: &rng) == 0 {
                paragraphs.append(paragraph)
                paragraph = ""
            }
        }
        if !paragraph.isEmpty { paragraphs.append(paragraph) }
        count += filler
        add(closing)
        var text = paragraphs.joined(separator: "\n\n")
        if html {
            text = text.replacingOccurrences(of: " and ", with: " &amp; ")
                .replacingOccurrences(of: "\n- ", with: "\n" + rng.pick(Phrases.htmlBreaks) + " ")
                .replacingOccurrences(of: "'", with: "&#39;")
        }
        return text
    }

    /// A CV text of at least `words` words and at most `maxWords`: summary, experience, skills,
    /// education.
    /// `skillsSection` false leaves the "Skills" list out: the skills then appear only where the
    /// experience mentions them, as in many real CVs.
    func cvText(name: String, headline: String, slots: Slots, history: [(title: String, company: String, from: Int, to: Int, duties: [String])],
                education: String, skillsSection: Bool = true, words: Int, maxWords: Int, _ rng: inout SeededGenerator) -> String {
        var text = name + "\n" + headline + "\n" + slots.city + "\n\nSummary\n" + fill(rng.pick(Phrases.cvSummary), slots, &rng)
        text += " " + fill(rng.pick(Phrases.cvSummary), slots, &rng) + "\n\nExperience"
        let skills = skillsSection ? "\n\nSkills\n" + slots.skills.map { world.surface($0, &rng) }.joined(separator: ", ") : ""
        let tail = skills + "\n\nEducation\n" + education
        var count = Self.wordCount(text) + Self.wordCount(tail)
        var jobs: [String] = []
        for h in history {
            var s = Slots()
            s.skills = slots.skills
            s.duties = h.duties
            s.paraphrase = slots.paraphrase
            var block = "\(h.title) - \(h.company) (\(h.from)-\(h.to == 2024 ? "Present" : String(h.to)))"
            for _ in 0..<Int.random(in: 3...5, using: &rng) { block += "\n- " + fill(rng.pick(Phrases.cvBullet), s, &rng) }
            jobs.append(block)
            count += Self.wordCount(block)
        }
        var i = 0
        // Generic bullets come from a shuffled deck: none twice before all have been used.
        var deck = Phrases.cvGeneric.shuffled(using: &rng)
        while count < words, !jobs.isEmpty {
            var s = Slots()
            s.skills = slots.skills
            s.duties = history[i % history.count].duties
            s.paraphrase = slots.paraphrase
            // Past the first bullets of each job, mostly words any CV holds (`Phrases.cvGeneric`).
            if deck.isEmpty { deck = Phrases.cvGeneric.shuffled(using: &rng) }
            let template = rng.chance(slots.generic) ? deck.removeLast() : rng.pick(Phrases.cvBullet)
            let bullet = "\n- " + fill(template, s, &rng)
            if count + Self.wordCount(bullet) > maxWords { break }
            jobs[i % jobs.count] += bullet
            count += Self.wordCount(bullet)
            i += 1
        }
        return text + "\n" + jobs.joined(separator: "\n\n") + tail
    }
}
