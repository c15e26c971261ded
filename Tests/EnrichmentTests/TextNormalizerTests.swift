import Testing
@testable import Enrichment

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("Senior&nbsp;Nurse &amp; Educator", "Senior Nurse & Educator"),
        ("<p>We <b>build</b> things.</p><br/>Join us", "We build things. Join us"),
        ("CafÃ© manager â€“ dayâ€™s shift", "Café manager – day’s shift"),
        // Latin-1 mojibake as in UpdatedResumeDataSet.csv (the bullet's bytes E2 80 A2), beside
        // text that is not mojibake (a real "é", Japanese) and a lone "Â" that is left alone.
        ("Skills: \u{E2}\u{80}\u{A2} Java \u{E2}\u{80}\u{A2} SQL, café, 東京, Â", "Skills: • Java • SQL, café, 東京, Â"),
        ("naÃ¯ve rÃ©sumÃ© 東京", "naïve résumé 東京"),
        ("  lots \n\n of\t space  ", "lots of space"),
        ("a < b and c > d", "a < b and c > d"),
        ("&#233;t&#xE9; &unknown; &", "été &unknown; &"),
        ("<!-- note -->", ""),
    ])
    func normalises(input: String, expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
    }

    @Test func languages() {
        #expect(LanguageGuesser.guess("We are looking for a nurse to join our team and you will work with the best.") == "en")
        #expect(LanguageGuesser.guess("Nous recherchons une infirmière pour rejoindre notre équipe et vous aurez des avantages.") == "fr")
        #expect(LanguageGuesser.guess("Buscamos una enfermera para nuestro equipo y con experiencia en el hospital.") == "es")
        #expect(LanguageGuesser.guess("Wir suchen eine Pflegekraft für unser Team und die Station mit Erfahrung.") == "de")
        #expect(LanguageGuesser.guess("Nurse") == "unknown")
    }
}
