import Enrichment
import Testing

/// Splitting a CV into the roles it lists (per-role queries).
@Suite struct RoleSectionsTests {
    @Test func datedRolesOfAGeneratedCV() {
        let text = "Dana Okafor Experienced healthcare professional Summary Nurse. Experience "
            + "ICU Registered Nurse - Lakeside Clinic (2019-Present) - Gave medications and treatments. - Covered extra shifts. "
            + "Nursing Assistant - Blue Ridge Care (2015-2019) - Helped patients with bathing and mobility. Skills BLS"
        #expect(RoleSections.split(text) == [
            "Gave medications and treatments. - Covered extra shifts. Nursing Assistant - Blue Ridge Care",
            "Helped patients with bathing and mobility. Skills BLS",
        ])
    }

    @Test func companyLinesOfThePublicResumeDataset() {
        let text = "Skills Python SQL Company Details company - Deloitte USI description - analysed historic deals "
            + "company - Infosys description - built reports in Tableau for retail clients"
        #expect(RoleSections.split(text) == ["Deloitte USI description - analysed historic deals",
                                             "Infosys description - built reports in Tableau for retail clients"])
    }

    @Test func fewerThanTwoRolesIsNone() {
        #expect(RoleSections.split("Welder with TIG and MIG, 2015 - 2020 at Forge & Co, shipyards and bridges.").isEmpty)
        #expect(RoleSections.split("").isEmpty)
    }
}
