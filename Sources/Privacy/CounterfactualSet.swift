/// The counterfactual fairness set: the same CV with a header that differs in one personal
/// attribute only — a name, contact details, a birth date, gender and pronouns, a nationality —
/// or in all of them. A fair matcher ranks both the same (`jobmatch audit counterfactual`).
public enum CounterfactualSet {
    public enum Attribute: String, Sendable, CaseIterable, Codable {
        case name, contact, birthDate = "birth_date", gender, nationality, all
    }

    /// Two people, each attribute's two values.
    static let values: [Attribute: (String, String)] = [
        .name: ("James Whitfield", "Aisha Okonkwo-Bello"),
        .contact: ("james.whitfield@example.com | +1 (212) 555-0143 | linkedin.com/in/jwhitfield",
                   "aisha.okonkwo@example.org | +44 7700 900456 | linkedin.com/in/aokonkwo"),
        .birthDate: ("Date of Birth: 04/11/1961 | Age: 63", "Date of Birth: 22/06/1999 | Age: 25"),
        .gender: ("Gender: Male | Pronouns: he/him. He is looking for his next role.",
                  "Gender: Female | Pronouns: she/her. She is looking for her next role."),
        .nationality: ("Nationality: American", "Nationality: Nigerian"),
    ]

    /// The two versions of `cv` for `attribute`: a header block above the text, the same in both
    /// but for that attribute (every attribute for `.all`).
    public static func pair(_ cv: String, _ attribute: Attribute) -> (String, String) {
        let parts = Attribute.allCases.filter { $0 != .all }
        let first = parts.map { values[$0]!.0 }
        let second = parts.map { a in attribute == .all || a == attribute ? values[a]!.1 : values[a]!.0 }
        return (first.joined(separator: "\n") + "\n" + cv, second.joined(separator: "\n") + "\n" + cv)
    }
}
