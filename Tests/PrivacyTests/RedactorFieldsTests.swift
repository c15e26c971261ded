import Privacy
import Testing

/// The redactor's rules for what CVs carry beyond a name line: personal-details blocks, ids,
/// addresses, names with accents and particles, phone formats — and the look-alikes that stay.
@Suite struct RedactorFieldsTests {
    static func gone(_ text: String, _ values: [String], _ kinds: [Redactor.Kind: Int] = [:]) {
        let r = Redactor.redact(text)
        for v in values { #expect(!r.text.contains(v), "'\(v)' is still there in: \(r.text)") }
        for (k, n) in kinds { #expect(r.found[k] == n, "\(k): \(r.found[k] ?? 0), not \(n)") }
        #expect(r.text.utf16.count == text.utf16.count, "positions are kept")
    }

    @Test func personalDetailsBlockAndIds() {
        Self.gone("""
            PERSONAL DETAILS
            Father's Name: Franck Dupré
            Fatherâ\u{80}\u{99}s Name :Mr. Tirlok Aggarwal
            Passport No: J1409038
            PAN: AWVPB7123N
            Aadhaar: 6188 4472 9409
            SSN: 425-45-0026
            Permanent Address: Bandra West, Mumbai 400 050
            Date of Birth(Gender):1993-12-20
            Gender: Female
            """, ["Franck", "Dupré", "Tirlok", "Aggarwal", "J1409038", "AWVPB7123N", "6188 4472 9409", "425-45-0026", "Bandra",
                  "400 050", "1993-12-20", "Female"],
            [.nationalID: 4, .address: 1, .birthDate: 1, .gender: 1])
    }

    @Test func namesAfterATitleLineWithParticlesAndTheirRepetitions() {
        Self.gone("CURRICULUM VITAE\nEnzo Gabriel da Cunha\nPhone: +33 (0)2 29 02 03 83 x123\nNurse.\nPlace: Lyon\n(Enzo Gabriel da Cunha)",
                  ["Enzo", "Gabriel", " da ", "Cunha", "29 02 03 83", "x123"])
        Self.gone("Date: / / Name: Dongare Mandakini Murlidhar Signature: Education Details\nEducation Details",
                  ["Dongare", "Mandakini", "Murlidhar"])
        #expect(Redactor.redact("Date: / / Name: Dongare Murlidhar Signature: Education Details").text.contains("Education Details"),
                "the name ends at the first word that is not part of one")
    }

    @Test func addressesWithoutAFieldName() {
        Self.gone("Julia Nash\njulia.nash@example.com | 03 56 23 37 35\n4529 Mary Plaza Apt. 845, Briantown, SC 32326\nWelder",
                  ["Mary Plaza", "32326", "03 56 23 37 35"], [.address: 1, .phone: 1])
        Self.gone("Aron van Dam\nContact me at aron@example.nl. Based at Maximdreef 6, 2111LV, Oudega.\nDriver", ["Maximdreef", "2111LV", "Oudega"])
    }

    @Test func photoCaptions() {
        Self.gone("Dana Okafor\n[Photo: Dana at the 2019 nursing awards]\nPhotograph attached\nPicture - smiling, blue scrubs\nNurse",
                  ["nursing awards", "attached", "smiling"], [.photo: 3])
        #expect(Redactor.redact("Photography, Photoshop and photo editing for the clinic's newsletter").found[.photo] == nil)
    }

    @Test func lookAlikesStay() {
        for text in ["Windows, Ms. OfficeEducation Details", "Slender Gender: Done diploma in Spa Management",
                     "Project Name: Coaching Management System", "2006-2007 2008-2009 2009-2012 2012-2013 2013",
                     "January 2012 BE Electronics Mumbai, Maharashtra Mumbai University", "Network Address Translation (NAT)",
                     "pan card tracker; IP and MAC addressing"] {
            #expect(Redactor.redact(text).text == text, "'\(text)' was changed to '\(Redactor.redact(text).text)'")
        }
    }

    @Test func findingsNameTheirKindAndPlace() {
        let text = "Name: Jo Bloggs\nPAN: AWVPB7123N"
        let r = Redactor.redact(text)
        let utf16 = Array(text.utf16)
        let kinds = r.findings.map { ($0.kind, String(decoding: utf16[$0.range], as: UTF16.self)) }
        #expect(kinds.map(\.0) == [.name, .nationalID], "\(kinds)")
        #expect(kinds[1].1 == "PAN: AWVPB7123N")
    }
}
