/// What a vocabulary entry is: a skill, or one of the kinds of non-skill that LinkedIn's skill
/// lists and posting texts are full of.
///
/// The rules that assign categories live in `scripts/taxonomy/skill_rules.tsv` (applied by
/// `scripts/taxonomy/build_skills.py`): a reviewed keep list, a reviewed stop list per category,
/// occupation titles and their plurals, then patterns per category; the rest are skills.
public enum SkillCategory: String, Sendable, CaseIterable, Codable {
    /// A skill a recruiter would accept: an activity, method, tool, credential, language, field.
    case skill
    /// Pay and benefits ("Paid Time Off", "Dental Insurance", "Tuition reimbursement").
    case benefit
    /// Employment terms and posting boilerplate ("Equal Opportunity Employer", "Night Shift",
    /// "Fast paced environment", "Background Check").
    case boilerplate
    /// Physical demands and working conditions ("Lifting", "Standing and walking", "Noise level").
    case condition
    /// Generic education levels, not credentials ("GED", "College Education", "BSN").
    case education
    /// Job titles and their plurals ("Nurses", "Registered Nurse", "Assistant Manager").
    case title
    /// Personality traits and virtues ("Energetic", "Integrity", "Team player").
    case trait
    /// Vague words and bare fields ("Knowledge", "Culture", "Quality", "Tools", "Healthcare").
    case generic
}

/// The kind of a skill, where the data lets us say.
public enum SkillType: String, Sendable, CaseIterable, Codable {
    /// Programming languages, engineering and data methods ("Python", "Machine Learning", "HVAC").
    case technical
    /// Named software and products ("Epic", "Salesforce", "AutoCAD", "Microsoft Excel").
    case tool
    /// Certifications and licences ("BLS", "CPA", "Forklift Certification").
    case certification
    /// Spoken languages ("Spanish", "Bilingual").
    case language
    /// Interpersonal and self-management skills ("Communication", "Time Management").
    case soft
    /// Everything else: the occupation's own knowledge and practice ("Wound Care", "Payroll").
    case domain
}
