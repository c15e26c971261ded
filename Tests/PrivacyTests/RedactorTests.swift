import Privacy
import Testing

/// Personal data blanked out of CVs; the work stays.
@Suite struct RedactorTests {
    static let cv = """
        Dana Okafor
        dana.okafor@example.org | +1 (415) 555-0132 | linkedin.com/in/danaokafor | https://dana.dev
        Date of Birth: 12/03/1988   Gender: Female   Marital status: Married   Nationality: Nigerian
        Pronouns: she/her. Age: 36
        Registered Nurse - Lakeside Clinic (2016-2024)
        - She administered medications; MS Excel and Epic EHR for her shift reports.
        References: Dana Okafor, available on request.
        """

    @Test func personalDataIsBlankedAndTheWorkStays() {
        let r = Redactor.redact(Self.cv)
        for gone in ["Dana", "Okafor", "dana.okafor@example.org", "555-0132", "linkedin.com", "dana.dev", "12/03/1988", "Female",
                     "Married", "Nigerian", "she/her", "36", " She ", " her "] {
            #expect(!r.text.contains(gone), "\(gone) is still there")
        }
        for kept in ["Registered Nurse - Lakeside Clinic (2016-2024)", "administered medications", "MS Excel and Epic EHR", "shift reports"] {
            #expect(r.text.contains(kept), "\(kept) was lost")
        }
        #expect(r.found[.name] == 4 && r.found[.email] == 1 && r.found[.phone] == 1 && r.found[.url] == 2, "\(r.found)")
        #expect(r.found[.birthDate] == 1 && r.found[.gender] == 1 && r.found[.maritalStatus] == 1 && r.found[.nationality] == 1, "\(r.found)")
        #expect(r.text.split(separator: "\n", omittingEmptySubsequences: false).count == Self.cv.split(separator: "\n", omittingEmptySubsequences: false).count,
                "lines are kept")
    }

    @Test func titlesYearsAndSkillsAreNotPersonalData() {
        let text = "Senior Software Engineer\nPython, Go and SQL; 2015 - 2019 at Acme; 2019-2023 at Initech; 120000 requests/s\nMS SQL Server"
        #expect(Redactor.redact(text).text == text, "a title line, year ranges, numbers and skills stay")
        #expect(Redactor.redact("Name: Jo Bloggs\nWelder at Forge & Co, Jo's TIG work").text.contains("Bloggs") == false)
    }
}
