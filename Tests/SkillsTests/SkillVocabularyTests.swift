import Foundation
import Testing
@testable import Skills

@Suite struct SkillVocabularyTests {
    /// Case and punctuation folding, as scripts/taxonomy/build_skills.py merges duplicates.
    static func fold(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "+" || $0 == "#" }.map(Character.init))
    }

    @Test func builtInLoadsFromTheResource() throws {
        let v = try SkillVocabulary.builtIn
        #expect(v.skills.count > 4000)
        let excel = try #require(v.lookup("MS Excel"))
        #expect(v.skills[excel].id == "microsoft_excel" && v.skills[excel].type == .tool)
        #expect(v.skills[try #require(v.lookup("python"))].type == .technical)
        #expect(v.skills[try #require(v.lookup("BLS"))].type == .certification)
        #expect(v.skills[try #require(v.lookup("Spanish"))].type == .language)
        #expect(v.skills[try #require(v.lookup("Teamwork"))].type == .soft)
        #expect(v.skills[try #require(v.lookup("Wound Care"))].type == .domain)
        #expect(v.skills.allSatisfy { $0.isSkill == ($0.type != nil) })
    }

    /// No two entries fold to one name, and no alias folds to another entry's name.
    @Test func duplicatesAreMerged() throws {
        let v = try SkillVocabulary.builtIn
        var byFold: [String: String] = [:]
        for s in v.skills {
            let key = Self.fold(s.name)
            #expect(byFold[key] == nil, "\(s.id) and \(byFold[key] ?? "") fold to '\(key)'")
            byFold[key] = s.id
        }
        #expect(v.indexByID["attention_to_detail_2"] == nil)
        let atd = try #require(v.lookup("Attention to Detail"))
        #expect(v.skills[atd].id == "attention_to_detail" && v.lookup("attention to detail") == atd)
        #expect(v.skills[try #require(v.lookup("Problemsolving"))].id == "problem_solving")
        #expect(v.skills[try #require(v.lookup("Excellent communication skills"))].id == "communication")
        #expect(v.skills[try #require(v.lookup("C#"))].id == "c_sharp")
        #expect(v.skills[try #require(v.lookup("C++"))].id == "c_plus_plus")
        #expect(v.skills.filter { $0.id.range(of: #"_\d+$"#, options: .regularExpression) != nil }.allSatisfy {
            $0.name.range(of: #"\d$"#, options: .regularExpression) != nil  // "ASCE 7", "OSHA 30": digits of the name
        })
    }

    /// The issue's examples of non-skills are non-skills, each with its category.
    @Test(arguments: [
        ("benefits", SkillCategory.benefit), ("paid time off", .benefit), ("Dental Insurance", .benefit),
        ("equal opportunity employer", .boilerplate), ("Night Shift", .boilerplate),
        ("culture", .generic), ("trust", .generic), ("knowledge", .generic), ("environment", .generic),
        ("promotion", .generic), ("codes", .generic), ("nurses", .title), ("Registered Nurse", .title),
        ("Lifting", .condition), ("GED", .education), ("Energetic", .trait), ("It", .generic),
    ])
    func nonSkillsHaveTheirCategory(name: String, category: SkillCategory) throws {
        let v = try SkillVocabulary.builtIn
        let i = try #require(v.lookup(name), "\(name) is in the vocabulary")
        #expect(v.skills[i].category == category)
        #expect(!v.skills[i].isSkill)
    }

    @Test func skillsOnlyDropsNonSkills() throws {
        let v = try SkillVocabulary.builtIn
        let only = try v.skillsOnly()
        #expect(only.skills.allSatisfy(\.isSkill) && only.skills.count == v.skills.filter(\.isSkill).count)
        #expect(only.lookup("paid time off") == nil && only.lookup("python") != nil)
    }

    @Test func badTSVNamesFileAndLine() {
        let header = "id\tname\tcategory\ttype\trule\tindustries\taliases\n"
        func message(_ text: String) -> String? {
            do { _ = try SkillVocabulary(tsv: text, file: "v.tsv"); return nil } catch { return "\(error)" }
        }
        #expect(message(header + "python\tPython\tskill\ttechnical\tdefault\t\tpy\n") == nil)
        #expect(message(header + "python\tPython\tskill\n")?.hasPrefix("v.tsv:2: expected 7") == true)
        #expect(message(header + "python\tPython\tfood\t\tdefault\t\t\n")?.contains("v.tsv:2: unknown category 'food'") == true)
        #expect(message(header + "python\tPython\tskill\tsnake\tdefault\t\t\n")?.contains("unknown type 'snake'") == true)
        #expect(message("# only a comment\n")?.contains("no header") == true)
        #expect(message(header + "a\tA\tskill\tsoft\tx\t\t\na\tB\tskill\tsoft\tx\t\t\n")?.contains("duplicate skill id 'a'") == true)
        #expect(throws: SkillsError.self) { try SkillVocabulary(contentsOf: URL(fileURLWithPath: "/nonexistent/skills.tsv")) }
    }

    @Test func phrasesListNamesBeforeAliases() throws {
        let v = try SkillVocabulary(skills: [
            .init(id: "a", name: "Alpha", aliases: ["A1"]), .init(id: "b", name: "Beta", aliases: ["alpha", "B1"]),
        ])
        #expect(v.phrases.map(\.phrase) == ["Alpha", "Beta", "A1", "alpha", "B1"])
        #expect(v.lookup("ALPHA") == 0 && v.lookup(" b1 ") == 1)
    }
}
