/// Sentence templates the generator fills in. `{s}` / `{s2}` are skills, `{d}` a duty, `{t}` a
/// title, `{c}` a company, `{city}` a city, `{n}` a number of years.
enum Phrases {
    static let intro = [
        "{c} is hiring a {t} in {city}.",
        "Join {c} as a {t} and grow your career with a team that cares.",
        "{c} is looking for an experienced {t} to join our team in {city}.",
        "We are seeking a motivated {t} for our {city} location.",
        "Are you a {t} ready for your next challenge? {c} wants to hear from you.",
    ]
    static let about = [
        "{c} has served customers across the region for more than twenty years.",
        "We are a \"people-first\" organization that invests in training and promotes from within.",
        "Our teams are known for quality, safety and respect for every customer.",
        "We are an equal opportunity employer with a culture built on trust.",
        "Founded by a small group of practitioners, {c} now employs thousands of people.",
        "We operate in a fast-paced environment where every day is different.",
        "Our mission is to make a real difference in the communities we serve.",
    ]
    static let skillUse = [
        "Use {s} and {s2} to {d}.",
        "Experience with {s} is required.",
        "Hands-on knowledge of {s} is expected from day one.",
        "You will rely on {s} every day to {d}.",
        "Familiarity with {s} is a plus.",
        "Proficiency in {s} and {s2}.",
        "A strong command of {s} and a willingness to learn {s2}.",
        "Apply {s} to {d}.",
        "Demonstrated ability with {s}.",
    ]
    static let requirement = [
        "{n}+ years of experience as a {t} or in a similar role.",
        "At least {n} years of relevant experience.",
        "A track record of success in a similar position.",
        "Ability to work evenings, weekends and holidays as needed.",
        "Excellent written and verbal communication.",
        "Valid driver's license and reliable transportation.",
        "Able to lift up to 50 pounds.",
    ]
    static let benefits = [
        "We offer competitive pay, medical, dental and vision insurance, and a 401(k) with company match.",
        "Benefits include paid time off, tuition reimbursement and an employee assistance program.",
        "Pay range: ${lo},000 - ${hi},000 per year, depending on experience.",
        "This is a full-time position with a consistent schedule.",
        "Relocation assistance may be available for the right candidate.",
        "We provide ongoing training and clear paths to promotion.",
    ]
    static let closing = [
        "{c} is an Equal Opportunity Employer; all qualified applicants will receive consideration without regard to race, color, religion, sex, national origin, disability or veteran status.",
        "Apply today and a recruiter will contact you within a week.",
        "If this sounds like you, we would love to meet you.",
        "Background check and drug screen required.",
    ]
    static let cvSummary = [
        "{t} with {n} years of experience and a focus on {s}.",
        "Dependable {t} who brings {s} and {s2} to every team.",
        "Results-driven professional with {n} years as a {t}.",
        "Experienced {t} skilled in {s}, {s2} and day-to-day operations.",
    ]
    /// `{D}`: a duty in the CV's own words, past tense (`Paraphrase`).
    static let cvBullet = [
        "{D}.",
        "{D} using {s}.",
        "{D} for a team of {n}.",
        "{D}, day to day.",
        "Met every deadline and mentored {n} new hires.",
        "Named employee of the quarter twice.",
        "Used {s} to {d}.",
        "Managed daily work with {s} and {s2}.",
        "Recognised for the ability to {d}.",
        "Trained new colleagues in {s}.",
        "Improved team results by applying {s}.",
        "Helped to {d} while keeping quality high.",
        "Worked with {s} across several projects.",
    ]
    /// Bullets any CV may hold, whatever the occupation: most of a real CV's length is words like
    /// these, not the occupation's duties said again and again.
    static let cvGeneric = [
        "Onboarded and mentored {n} new team members.",
        "Prepared weekly status updates for management.",
        "Handled escalations calmly and kept customers informed.",
        "Covered extra shifts during peak periods.",
        "Took part in a company-wide process improvement programme.",
        "Kept records accurate and up to date.",
        "Worked closely with colleagues across departments.",
        "Received positive feedback in every annual review.",
        "Helped introduce a new scheduling system.",
        "Led the team's health and safety checks.",
        "Reduced waste by reorganising the shared storage area.",
        "Represented the team at regional meetings.",
        "Volunteered for the local charity drive each year.",
        "Promoted after {n} years.",
        "Answered questions from new starters and visitors.",
        "Supported audits and inspections.",
        "Wrote guides that the team still uses.",
        "Balanced several priorities under tight deadlines.",
    ]
    /// A headline's words for a CV that does not name its title ("Experienced healthcare professional").
    static let cvRoles = ["Experienced", "Dedicated", "Versatile", "Skilled", "Senior"]
    /// What a vague posting title puts after the industry ("Healthcare Specialist").
    static let vagueTitles = ["Specialist", "Team Member", "Associate", "Professional"]
    static let seniorityPrefixes = ["", "", "", "", "Senior ", "Junior ", "Lead ", "Entry Level "]
    static let titleSuffixes = ["", "", "", "", "", " - Full Time", " (Night Shift)", " II", " - Remote", " - Weekend Days"]
    static let htmlBreaks = ["<br>", "<br/>", "<p>", "</p>", "<li>", "<b>"]
    /// Occupations of the translated titles in `Taxonomy.foreign`, in their order.
    static let foreignTitleOccupations = [
        "registered_nurse", "software_engineer", "retail_associate", "accountant", "project_manager",
        "maintenance_technician", "server", "warehouse_associate",
    ]
    static let glassdoorSizes = ["1 to 50 employees", "51 to 200 employees", "201 to 500 employees", "501 to 1000 employees",
                                 "1001 to 5000 employees", "5001 to 10000 employees", "10000+ employees", "-1"]
    static let glassdoorOwnership = ["Company - Private", "Company - Public", "Nonprofit Organization", "Government", "Hospital", "-1"]
    static let glassdoorRevenue = ["Less than $1 million (USD)", "$10 to $25 million (USD)", "$100 to $500 million (USD)",
                                   "$1 to $2 billion (USD)", "$10+ billion (USD)", "Unknown / Non-Applicable"]
}
