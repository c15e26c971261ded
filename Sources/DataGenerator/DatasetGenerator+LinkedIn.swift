import Foundation
import Ingest
import JobMatchCore

extension DatasetGenerator {
    /// One synthetic LinkedIn posting before it is split over the three files.
    struct Posting {
        var link = "", title = "", company = "", city = "", country = "", searchCity = ""
        var level = "", type = "", firstSeen = "", processed = "", searchPosition = ""
        var skills: [String] = []
        var summary: String?
        var hasSkillsRow = true
        var duplicate = false
        var occupation = 0
    }

    func makePosting(_ i: Int) -> Posting {
        var rng = rng(1, i)
        var p = Posting()
        let tax = world.taxonomy
        var o = world.occupation(&rng)
        let place = world.place(&rng)
        p.country = place.country
        p.city = place.city
        var foreign: Taxonomy.Foreign?
        if rng.chance(config.foreignRate) {
            let candidates = tax.foreign.filter { $0.countries.contains(place.country) }
            foreign = candidates.isEmpty ? rng.pick(tax.foreign) : rng.pick(candidates)
        }
        if let foreign {
            let t = Int.random(in: 0..<foreign.titles.count, using: &rng)
            p.title = foreign.titles[t]
            o = world.occupationIndex[Phrases.foreignTitleOccupations[t % Phrases.foreignTitleOccupations.count]] ?? o
        } else {
            let occ = tax.occupations[o]
            p.title = rng.pick(Phrases.seniorityPrefixes) + (rng.chance(config.genericTitleRate) ? occ.industry + " " + rng.pick(Phrases.vagueTitles) : rng.pick(occ.titles)) + rng.pick(Phrases.titleSuffixes)
        }
        p.occupation = o
        let occ = tax.occupations[o]
        p.company = world.company(industry: occ.industry, &rng)
        if rng.chance(0.01) { p.company += ", Inc." }
        p.searchCity = rng.pick(tax.countries.first { $0.name == place.country }!.cities).split(separator: ",").first.map(String.init) ?? ""
        p.level = rng.chance(0.85) ? "Mid senior" : "Associate"
        p.type = rng.chance(0.9) ? "Onsite" : rng.pick(["Hybrid", "Remote"])
        let day = Int.random(in: 12...19, using: &rng)
        p.firstSeen = "2024-01-\(day)"
        p.processed = String(format: "2024-01-%02d %02d:%02d:%02d.%05d+00", min(day + Int.random(in: 2...7, using: &rng), 31),
                             Int.random(in: 0...23, using: &rng), Int.random(in: 0...59, using: &rng),
                             Int.random(in: 0...59, using: &rng), Int.random(in: 0...99_999, using: &rng))
        p.searchPosition = rng.pick(tax.searchPositions)
        let id = 3_700_000_000 + i * 7 + Int.random(in: 0...6, using: &rng)
        p.link = "https://www.linkedin.com/jobs/view/\(slug(p.title))-at-\(slug(p.company))-\(id)"
        let asked = world.duties(of: o, count: Int.random(in: 6...20, using: &rng), neighbourRate: config.neighbourRate,
                                 borrow: config.borrowRate, &rng)
        p.skills = asked.skills
        p.hasSkillsRow = !rng.chance(config.missingSkillsRate)
        if !rng.chance(config.missingSummaryRate) {
            var slots = Composer.Slots()
            slots.title = p.title
            slots.company = p.company
            slots.city = p.city
            slots.skills = p.skills
            slots.duties = asked.duties
            slots.years = Int.random(in: 1...8, using: &rng)
            var plainUse: String?
            if rng.chance(config.plainUseRate), !world.plainUses.isEmpty {
                plainUse = rng.pick(rng.pick(world.plainUses))
            }
            // 150–500 words, as LinkedIn's job_summary texts; a foreign posting opens in its language.
            let prefix = foreign.map { $0.sentences.shuffled(using: &rng).joined(separator: " ") }
            let text = composer.postingText(slots, words: Int.random(in: 150...480, using: &rng), maxWords: 500, prefix: prefix,
                                            html: rng.chance(config.htmlRate), plainUse: plainUse, &rng)
            p.summary = text
        }
        p.duplicate = rng.chance(config.duplicateRate)
        return p
    }

    func writeLinkedIn(_ ws: Workspace, _ labels: LabelWriter, _ report: inout Report, _ progress: (Int) -> Void) throws {
        let postings = try CSVWriter(path: ws.rawFile(.linkedinPostings).path, header: [
            "job_link", "last_processed_time", "got_summary", "got_ner", "is_being_worked", "job_title", "company",
            "job_location", "first_seen", "search_city", "search_country", "search_position", "job_level", "job_type",
        ], quoting: .all)
        let skills = try CSVWriter(path: ws.rawFile(.linkedinSkills).path, header: ["job_link", "job_skills"])
        let summaries = try CSVWriter(path: ws.rawFile(.linkedinSummaries).path, header: ["job_link", "job_summary"])
        // Skills and summaries come in another order than postings, as in the public dataset:
        // blocks of 512 postings are shuffled before they are written (bounded memory).
        var skillBlock: [[String]] = [], summaryBlock: [[String]] = []
        var blockRNG = SeededGenerator(seed: config.seed, stream: 0xB10C)
        func flushBlocks() throws {
            for row in skillBlock.shuffled(using: &blockRNG) { try skills.write(row) }
            for row in summaryBlock.shuffled(using: &blockRNG) { try summaries.write(row) }
            skillBlock.removeAll(keepingCapacity: true)
            summaryBlock.removeAll(keepingCapacity: true)
        }
        var rng = SeededGenerator(seed: config.seed, stream: 0x5EED)
        for i in 0..<config.jobs {
            let p = makePosting(i)
            let row = [p.link, p.processed, p.summary == nil ? "f" : "t", "t", "f", p.title, p.company, p.city,
                       p.firstSeen, p.searchCity, p.country, p.searchPosition, p.level, p.type]
            try postings.write(row)
            report.postingRows += 1
            report.uniquePostings += 1
            if p.duplicate {  // the same posting processed again later
                var again = row
                again[1] = p.processed.replacingOccurrences(of: "2024-01-", with: "2024-02-")
                if rng.chance(0.5) { again[5] = p.title.uppercased() }
                try postings.write(again)
                report.postingRows += 1
            }
            if p.hasSkillsRow {
                var rowRNG = self.rng(2, i)
                skillBlock.append([p.link, p.skills.map { world.surface($0, &rowRNG) }.joined(separator: ", ")])
                report.skillRows += 1
            }
            if let s = p.summary {
                summaryBlock.append([p.link, s])
                report.summaryRows += 1
            }
            try labels.write(kind: "job", id: p.link, occupation: world.taxonomy.occupations[p.occupation])
            if skillBlock.count + summaryBlock.count >= 1024 { try flushBlocks() }
            if i % 10_000 == 0 { progress(i) }
        }
        try flushBlocks()
        progress(config.jobs)
        try postings.close()
        try skills.close()
        try summaries.close()
    }
}

/// "Senior Nurse (Nights)" -> "senior-nurse-nights", as LinkedIn's job_link slugs.
func slug(_ s: String) -> String {
    var out = ""
    var dash = false
    for ch in s.lowercased().unicodeScalars {
        if ch.isASCII, ch.properties.isAlphabetic || ("0"..."9").contains(ch) {
            out.unicodeScalars.append(ch)
            dash = false
        } else if !dash, !out.isEmpty {
            out += "-"
            dash = true
        }
    }
    return dash ? String(out.dropLast()) : out
}
