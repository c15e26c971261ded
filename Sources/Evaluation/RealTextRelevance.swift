/// The relevance rule of the real-text evaluation: a real resume (UpdatedResumeDataSet.csv) is
/// relevant to a real job title (LinkedIn `job_title`) when the title contains one of the
/// keywords written down here for the resume's Category.
///
/// The Category column is used only here, as evaluation ground truth — never to mine pairs,
/// train or tune. Matching: the title is lower-cased, every character other than a letter, a
/// digit, `.`, `#` or `+` becomes a space, and a keyword matches as whole space-separated words.
public enum RealTextRelevance {
    /// Category → title keywords.
    public static let keywords: [String: [String]] = [
        "Advocate": ["attorney", "lawyer", "legal", "counsel", "paralegal", "advocate"],
        "Arts": ["artist", "art", "arts", "graphic designer", "illustrator", "museum"],
        "Automation Testing": ["automation", "test", "tester", "testing", "qa", "quality assurance"],
        "Blockchain": ["blockchain", "web3", "crypto", "solidity"],
        "Business Analyst": ["business analyst", "business analysis", "business systems analyst"],
        "Civil Engineer": ["civil engineer", "civil", "structural engineer"],
        "Data Science": ["data scientist", "data science", "machine learning", "data analyst", "analytics"],
        "Database": ["database", "dba", "sql", "data architect"],
        "DevOps Engineer": ["devops", "site reliability", "sre", "cloud engineer", "platform engineer"],
        "DotNet Developer": [".net", "dotnet", "c#", "asp.net"],
        "ETL Developer": ["etl", "data warehouse", "data engineer", "informatica"],
        "Electrical Engineering": ["electrical engineer", "electrical", "electronics"],
        "HR": ["hr", "human resources", "recruiter", "recruiting", "talent acquisition", "people operations"],
        "Hadoop": ["hadoop", "big data", "spark", "data engineer"],
        "Health and fitness": ["fitness", "personal trainer", "wellness", "nutrition", "dietitian", "health coach"],
        "Java Developer": ["java", "java developer", "j2ee"],
        "Mechanical Engineer": ["mechanical engineer", "mechanical", "mechanical design"],
        "Network Security Engineer": ["network", "network security", "security engineer", "cybersecurity", "firewall"],
        "Operations Manager": ["operations manager", "operations", "plant manager"],
        "PMO": ["pmo", "project manager", "program manager", "project management", "project coordinator"],
        "Python Developer": ["python", "django"],
        "SAP Developer": ["sap", "abap"],
        "Sales": ["sales", "account executive", "business development"],
        "Testing": ["test", "tester", "testing", "qa", "quality assurance"],
        "Web Designing": ["web designer", "web developer", "front end", "frontend", "ui", "ux", "web design"],
    ]

    /// " title words " for whole-word matching.
    public static func normalize(_ title: String) -> String {
        var out = " "
        for ch in title.lowercased() {
            out.append(ch.isLetter || ch.isNumber || ch == "." || ch == "#" || ch == "+" ? ch : " ")
        }
        return out.split(separator: " ").joined(separator: " ").isEmpty ? " " : " " + out.split(separator: " ").joined(separator: " ") + " "
    }

    /// Whether a job title is relevant to a resume of this category (false for an unknown category).
    public static func isRelevant(title: String, category: String) -> Bool {
        guard let words = keywords[category] else { return false }
        let t = normalize(title)
        return words.contains { t.contains(" \($0) ") }
    }
}
