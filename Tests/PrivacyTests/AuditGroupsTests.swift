import Foundation
@testable import Privacy
import Testing

/// The auditor's groups file: read as written, nothing inferred; every bad line named.
@Suite struct AuditGroupsTests {
    @Test func readsQuotedFieldsUnknownsBOMAndCRLF() throws {
        let text = "\u{FEFF}race_ethnicity, cv_id ,SEX\r\n"
            + "\"Black or African American\",cv-1,Female\r\n"
            + "\"Two or More Races, not Hispanic\",\"cv-2\",Male\r\n"
            + "unknown,cv-3,\r\n"
            + "\r\n"
            + " Asian ,cv-4,UNKNOWN\r\n"
            + "\"He said \"\"hi\"\"\",cv-5,Female\n"
        let groups = try AuditGroups.parse(text, file: "g.csv")
        #expect(groups.people.count == 5, "the empty line is not a record")
        #expect(groups.people["cv-1"] == .init(sex: "Female", raceEthnicity: "Black or African American"))
        #expect(groups.people["cv-2"] == .init(sex: "Male", raceEthnicity: "Two or More Races, not Hispanic"), "a quoted comma")
        #expect(groups.people["cv-3"] == .init(sex: nil, raceEthnicity: nil), "empty and 'unknown' are unknown")
        #expect(groups.people["cv-4"] == .init(sex: nil, raceEthnicity: "Asian"), "trimmed; UNKNOWN in any case")
        #expect(groups.people["cv-5"]?.raceEthnicity == "He said \"hi\"", "a doubled quote")
    }

    @Test(arguments: [
        ("cv_id,sex,race_ethnicity,age\nc1,F,A,40\n", "g.csv:1: unknown column \"age\""),
        ("cv_id,sex\nc1,F\n", "g.csv:1: missing column race_ethnicity"),
        ("cv_id,sex,sex\n", "g.csv:1: column \"sex\" appears twice"),
        ("cv_id,sex,race_ethnicity\nc1,Female,Asian\nc2,Male\n", "g.csv:3: 2 fields; the header has 3"),
        ("cv_id,sex,race_ethnicity\nc1,Female,Asian\n\nc1,Male,White\n", "g.csv:4: cv_id \"c1\" is listed again (first on line 2)"),
        ("cv_id,sex,race_ethnicity\n,Female,Asian\n", "g.csv:2: empty cv_id"),
        ("cv_id,sex,race_ethnicity\nc1,\"Female,Asian\n", "g.csv:2: unterminated quote"),
        ("cv_id,sex,race_ethnicity\nc1,Fe\"male,Asian\n", "g.csv:2: stray quote at column 6"),
        ("cv_id,sex,race_ethnicity\nc1,\"Female\"x,Asian\n", "g.csv:2: text after a closing quote"),
        ("cv_id,sex,race_ethnicity\nc1,Female,Asian\nc2,female,Asian\n", "g.csv:3: sex \"female\" differs from \"Female\" (line 2) only in case"),
        ("", "g.csv:1: empty file"),
    ])
    func badFilesNameTheLineAndTheReason(text: String, message: String) {
        #expect {
            try AuditGroups.parse(text, file: "g.csv")
        } throws: { error in
            guard let e = error as? PrivacyError, e.kind == .badGroupsFile else { return false }
            return e.message.hasPrefix(message)
        }
    }

    @Test func aFileThatIsNotUTF8OrNotThereIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let latin1 = folder.appendingPathComponent("latin1.csv")
        try Data([0x63, 0x76, 0x5F, 0x69, 0x64, 0x0A, 0xE9, 0x0A]).write(to: latin1)
        #expect(throws: PrivacyError(.badGroupsFile, "\(latin1.path): is not UTF-8 text")) { try AuditGroups.read(path: latin1.path) }
        let missing = folder.appendingPathComponent("missing.csv").path
        #expect(throws: PrivacyError(.io, "\(missing): cannot be read")) { try AuditGroups.read(path: missing) }
    }
}
