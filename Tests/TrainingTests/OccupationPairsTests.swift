import Foundation
import JobMatchCore
import Testing
@testable import Training

/// Occupation taxonomy → (duties → name) pairs, in both layouts, with bad rows named.
@Suite("occupation pairs")
struct OccupationPairsTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-occupations-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("ESCO's own CSV: the label is the positive, the description without its subject the anchor; bad rows are named by line")
    func escoLayout() throws {
        let path = try write("""
            conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description,code
            Occupation,http://data.europa.eu/esco/occupation/a1,4222,call centre supervisor,"call center supervisor
            contact centre supervisor","Call centre supervisors oversee call centre employees, manage projects.",4222.1
            Occupation,http://data.europa.eu/esco/occupation/a2,2631,economist,,,2631.1
            Occupation,http://data.europa.eu/esco/occupation/a3,7512,secretary,,"Secretaries keep diaries and answer calls.",7512.1
            Occupation,http://data.europa.eu/esco/occupation/a4,1111,foreman,,"Foremen lead crews on building sites.",1111.1
            Occupation,http://data.europa.eu/esco/occupation/a5,2222,nurse,,"Registered nurses care for patients.",2222.1

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rejects = RejectLog(file: nil)
        let rows = try OccupationPairs.read(path: path, rejects: rejects)
        #expect(rows.map(\.label) == ["call centre supervisor", "secretary", "foreman"])
        #expect(rows[0].duties == "Oversee call centre employees, manage projects.")
        #expect(rows[1].duties == "Keep diaries and answer calls.")
        #expect(rows[2].duties == "Lead crews on building sites.")
        #expect(rejects.first.map(\.line) == [4, 7] && rejects.first[0].reason == "no description", "\(rejects.first)")
        #expect(rejects.first[1].reason.contains("does not open with"))
        let pairs = OccupationPairs.pairs(rows)
        #expect(pairs[0].positive == "Call centre supervisor." && pairs[0].anchor == rows[0].duties)
        #expect(pairs[0].cvID == "occupation:a1" && pairs[0].jobID == "http://data.europa.eu/esco/occupation/a1")
    }

    @Test("labels and description in one field: the description opens where its subject repeats the first label")
    func labelsAndDescriptionLayout() throws {
        let path = try write("""
            id,description
            http://x/o1,"technical director technical manager head of technical Technical directors realise the artistic visions of the creators."
            http://x/o2,"head chef kitchen manager master Chef sous chef Head chefs manage the kitchen."
            http://x/o3,"ICT security administrator CISO network security administrator ICT security administrators plan security measures."
            http://x/o4,"masseur/masseuse thai massage therapist Masseurs/masseuses perform massages."
            http://x/o5,"no capital anywhere here"

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rejects = RejectLog(file: nil)
        let rows = try OccupationPairs.read(path: path, rejects: rejects)
        #expect(rows.map(\.label) == ["technical director", "head chef", "ICT security administrator"])
        #expect(rows.map(\.duties) == ["Realise the artistic visions of the creators.", "Manage the kitchen.", "Plan security measures."])
        #expect(rejects.first.map(\.line) == [5, 6], "\(rejects.first)")
    }

    @Test("a header of neither layout is one error naming the file")
    func unknownHeader() throws {
        let path = try write("title,text\na,b\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try OccupationPairs.read(path: path, rejects: RejectLog(file: nil)) } throws: { e in
            "\(e)".contains(path) && "\(e)".contains("neither")
        }
    }

    @Test("plurals in running text name the label's words", arguments: [
        ("supervisors", "supervisor", true), ("boxes", "box", true), ("secretaries", "secretary", true),
        ("foremen", "foreman", true), ("Nurse,", "nurse", true), ("nursery", "nurse", false), ("chef", "cook", false),
    ])
    func plurals(word: String, label: String, same: Bool) {
        #expect(OccupationPairs.sameWord(word, label) == same)
    }
}
