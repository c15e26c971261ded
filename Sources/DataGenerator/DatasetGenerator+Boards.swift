import Foundation
import Ingest
import JobMatchCore

extension DatasetGenerator {
    /// `indeed_jobs.csv` (60% of `boardJobs`) and `glassdoor_jobs.csv` (40%, in Glassdoor's schema).
    func writeBoards(_ ws: Workspace, _ labels: LabelWriter, _ report: inout Report) throws {
        let glassdoorCount = config.boardJobs * 2 / 5
        let indeedCount = config.boardJobs - glassdoorCount
        let indeed = try CSVWriter(path: ws.rawFile(.indeedJobs).path, header: [
            "job_id", "job_title", "company", "location", "country", "job_type", "date_posted", "salary", "job_url",
            "job_description",
        ])
        for i in 0..<indeedCount {
            var rng = rng(3, i)
            let p = boardPosting(&rng)
            let id = String(rng.next() & 0xFFFF_FFFF_FFFF, radix: 16)
            let salary = rng.chance(0.4) ? "" : rng.chance(0.5)
                ? "$\(Int.random(in: 15...45, using: &rng)) an hour"
                : "$\(Int.random(in: 35...90, using: &rng)),000 - $\(Int.random(in: 95...160, using: &rng)),000 a year"
            try indeed.write([id, p.title, p.company, p.city, p.country, rng.pick(["Full-time", "Part-time", "Contract", "Temporary"]),
                              "2024-01-\(Int.random(in: 10...28, using: &rng))", salary,
                              "https://www.indeed.com/viewjob?jk=\(id)", p.summary])
            try labels.write(kind: "job", id: "indeed:" + id, occupation: world.taxonomy.occupations[p.occupation])
            report.indeed += 1
        }
        try indeed.close()
        let glassdoor = try CSVWriter(path: ws.rawFile(.glassdoorJobs).path, header: [
            "Job Title", "Job Description", "Rating", "Company Name", "Location", "Headquarters", "Size", "Founded",
            "Type of ownership", "Industry", "Sector", "Revenue", "Competitors",
        ])
        for i in 0..<glassdoorCount {
            var rng = rng(4, i)
            let p = boardPosting(&rng)
            let rating = rng.chance(0.1) ? "-1" : String(format: "%.1f", Double.random(in: 2.5...5, using: &rng))
            let company = rating == "-1" ? p.company : p.company + "\n" + rating
            let occ = world.taxonomy.occupations[p.occupation]
            try glassdoor.write([p.title, p.summary, rating, company, p.city, rng.chance(0.2) ? "-1" : world.place(&rng).city,
                                 rng.pick(Phrases.glassdoorSizes), rng.chance(0.2) ? "-1" : String(Int.random(in: 1850...2018, using: &rng)),
                                 rng.pick(Phrases.glassdoorOwnership), occ.industry, occ.industry, rng.pick(Phrases.glassdoorRevenue),
                                 rng.chance(0.7) ? "-1" : world.company(industry: occ.industry, &rng)])
            let id = "glassdoor:" + stableID(p.title, p.company, p.city, p.summary)
            try labels.write(kind: "job", id: id, occupation: occ)
            report.glassdoor += 1
        }
        try glassdoor.close()
    }

    private func boardPosting(_ rng: inout SeededGenerator) -> (title: String, company: String, city: String, country: String, summary: String, occupation: Int) {
        let o = world.occupation(&rng)
        let occ = world.taxonomy.occupations[o]
        let place = rng.chance(0.9) ? (country: "United States", city: rng.pick(world.taxonomy.countries[0].cities)) : world.place(&rng)
        var slots = Composer.Slots()
        slots.title = rng.pick(Phrases.seniorityPrefixes) + rng.pick(occ.titles)
        slots.company = world.company(industry: occ.industry, &rng)
        slots.city = place.city
        let asked = world.duties(of: o, count: Int.random(in: 6...16, using: &rng), neighbourRate: config.neighbourRate,
                                 borrow: config.borrowRate, &rng)
        slots.skills = asked.skills
        slots.duties = asked.duties
        slots.years = Int.random(in: 1...10, using: &rng)
        let text = composer.postingText(slots, words: Int.random(in: 200...600, using: &rng), maxWords: 650, html: rng.chance(0.1), plainUse: nil, &rng)
        return (slots.title, slots.company, place.city, place.country, text, o)
    }

    /// `cvs.jsonl`: one resume per line with id, name, headline, text, skills, years_experience,
    /// education, location. About one CV in ten has changed careers within its industry.
    func writeCVs(_ ws: Workspace, _ labels: LabelWriter, _ report: inout Report) throws {
        let out = try CSVWriter(path: ws.rawFile(.cvs).path, header: [])
        let tax = world.taxonomy
        for i in 0..<config.cvs {
            var rng = rng(5, i)
            let o = world.occupation(&rng)
            let occ = tax.occupations[o]
            let id = String(format: "cv-%06d", i + 1)
            let name = world.personName(&rng)
            let years = Int.random(in: 0...25, using: &rng)
            let place = world.place(&rng)
            let title = rng.pick(occ.titles)
            var slots = Composer.Slots()
            slots.title = title
            slots.city = place.city
            slots.skills = world.skills(of: o, count: Int.random(in: 5...16, using: &rng), borrow: config.borrowRate, &rng)
            slots.duties = occ.duties
            slots.years = max(years, 1)
            slots.paraphrase = config.paraphraseRate
            slots.generic = config.genericBulletRate
            var history: [(title: String, company: String, from: Int, to: Int, duties: [String])] = []
            var end = 2024
            for k in 0..<Int.random(in: 1...4, using: &rng) {
                var past = occ
                if k > 0, rng.chance(0.3) {  // an earlier job in a neighbouring occupation
                    let peers = tax.occupations.filter { $0.industry == occ.industry }
                    past = rng.pick(peers)
                }
                let start = end - Int.random(in: 1...max(1, min(8, years / 2 + 1)), using: &rng)
                history.append((rng.pick(past.titles), world.company(industry: past.industry, &rng), start, end, past.duties))
                end = start
            }
            let education = rng.pick(tax.education[occ.industry] ?? tax.education["default"]!)
            let role = rng.chance(config.cvTitleRate) ? title : "\(rng.pick(Phrases.cvRoles)) \(occ.industry.lowercased()) professional"
            let headline = "\(role) | \(years) years of experience"
            let listsSkills = rng.chance(config.cvSkillsListRate)
            let text = composer.cvText(name: name, headline: headline, slots: slots, history: history, education: education,
                                       skillsSection: listsSkills, words: Int.random(in: 200...680, using: &rng), maxWords: 700, &rng)
            let skills = listsSkills ? slots.skills.map { world.surface($0, &rng) } : []
            var line = "{\"id\":\"\(id)\",\"name\":\(JSONText.quoted(name)),\"headline\":\(JSONText.quoted(headline)),"
            line += "\"text\":\(JSONText.quoted(text)),\"skills\":\(JSONText.array(skills)),\"years_experience\":\(years),"
            line += "\"education\":\(JSONText.quoted(education)),\"location\":\(JSONText.quoted(place.city)),"
            line += "\"open_to_recruiters\":\(rng.chance(config.openToRecruitersRate))}\n"
            try out.writeRaw(Array(line.utf8))
            try labels.write(kind: "cv", id: id, occupation: occ)
            report.cvs += 1
        }
        try out.close()
    }
}
