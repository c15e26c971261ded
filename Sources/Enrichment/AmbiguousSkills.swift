import Skills

/// Disambiguation of skill words that are also plain English words (`precise` mode).
///
/// A one-token match whose lower-cased text is such a word ("react", "go", "swift", "r", "c",
/// "excel", "spring", "docker", "containers") is kept only when a technical cue lies within
/// `window` tokens on either side, within the same sentence: a cue word ("programming", "framework", "spreadsheet", …) or
/// another matched skill that is unambiguously technical (Python, SQL, Kubernetes, …).
/// Multi-token matches ("Spring Boot", "MS Excel", "R programming") are always kept.
struct AmbiguousSkills {
    static let plainWords: Set<String> = ["react", "go", "swift", "r", "c", "excel", "spring", "docker", "containers"]
    static let window = 8
    /// Tokens that end a sentence: the context window does not cross them.
    static let sentenceEnds: Set<String> = [".", "!", "?", ";"]
    static let cueWords: Set<String> = [
        "programming", "programmer", "programmers", "language", "languages", "framework", "frameworks",
        "library", "libraries", "developer", "developers", "development", "develop", "software", "code",
        "coding", "engineer", "engineers", "engineering", "stack", "frontend", "backend", "front-end",
        "back-end", "api", "apis", "app", "apps", "ios", "android", "web", "mobile", "microservices",
        "services", "cloud", "devops", "ci", "cd", "deploy", "deployment", "kubernetes", "compiler",
        "embedded", "firmware", "scripts", "scripting", "statistical", "statistics", "analytics",
        "spreadsheet", "spreadsheets", "pivot", "vlookup", "formulas", "macros", "vba", "powerpoint",
        "outlook", "microsoft", "ms", "dashboards", "reporting", "reports", "data", "xcode",
        "swiftui", "uikit", "hooks", "redux", "components", "boot", "hibernate", "maven", "gradle",
        "containerized", "container", "image", "images", "typescript", "javascript", "python", "java",
        "kotlin", "sql", "html", "css", "rust", "ruby", "php", "scala", "c++", "c#", "linux", "git",
        "aws", "azure", "gcp", "terraform", "jenkins", "objective-c", "node.js", "golang", "rstudio",
        "tidyverse", "ggplot2", "pandas", "numpy", "skills", "proficiency", "proficient", "experience",
    ]
    /// Canonical ids whose presence nearby is a technical cue.
    static let technicalSkillIDs: Set<String> = [
        "python", "java", "javascript", "typescript", "sql", "kubernetes", "aws", "linux", "git",
        "html", "css", "node_js", "kotlin", "rust", "ruby", "php", "scala", "c_plus_plus", "c_sharp",
        "microsoft_word", "microsoft_powerpoint", "data_analysis", "machine_learning",
        "postgresql", "mysql", "mongodb", "redis", "terraform", "jenkins", "ci_cd", "rest_apis", "graphql",
        "objective_c", "xcode", "ios_development", "android_development", "tableau", "power_bi",
    ]

    private let ambiguousSkills: Set<Int>
    private let technicalSkills: Set<Int>
    private var plainIDs = Set<Int32>()
    private var cueIDs = Set<Int32>()
    private var stopIDs = Set<Int32>()

    /// Words that need token ids for `filter`.
    static var words: Set<String> { plainWords.union(cueWords).union(sentenceEnds) }

    /// - Parameter ids: the phrase matcher's token ids (which must include `words`).
    init(vocabulary: SkillVocabulary, ids: [String: Int32]) {
        plainIDs = Set(Self.plainWords.compactMap { ids[$0] })
        cueIDs = Set(Self.cueWords.compactMap { ids[$0] })
        stopIDs = Set(Self.sentenceEnds.compactMap { ids[$0] })
        var amb = Set<Int>()
        for id in ["react", "go", "swift", "r", "c", "microsoft_excel", "spring_boot", "docker"] {
            if let i = vocabulary.indexByID[id] { amb.insert(i) }
        }
        ambiguousSkills = amb
        technicalSkills = Set(Self.technicalSkillIDs.compactMap { vocabulary.indexByID[$0] })
            .union(Self.technologyOnlySkills(vocabulary)).subtracting(amb)
    }

    /// Skills the taxonomy lists for Technology occupations and for no other industry (the
    /// vocabulary's `industries` column, from the same taxonomy).
    static func technologyOnlySkills(_ vocabulary: SkillVocabulary) -> Set<Int> {
        Set(vocabulary.skills.indices.filter { vocabulary.skills[$0].industries == ["Technology"] })
    }

    /// Drops one-token matches of plain words without technical context; `ids` are the text's token ids.
    func filter(_ matches: [SkillMatch], ids: [Int32]) -> [SkillMatch] {
        matches.filter { m in
            guard ambiguousSkills.contains(m.skill), m.endToken - m.startToken == 1,
                  plainIDs.contains(ids[m.startToken]) else { return true }
            return hasTechnicalContext(m, matches: matches, ids: ids)
        }
    }

    private func hasTechnicalContext(_ m: SkillMatch, matches: [SkillMatch], ids: [Int32]) -> Bool {
        var lo = m.startToken, hi = m.endToken
        while lo > max(0, m.startToken - Self.window), !stopIDs.contains(ids[lo - 1]) { lo -= 1 }
        while hi < min(ids.count, m.endToken + Self.window), !stopIDs.contains(ids[hi]) { hi += 1 }
        for i in lo..<hi where i != m.startToken && cueIDs.contains(ids[i]) { return true }
        for other in matches where other.startToken != m.startToken && other.endToken > lo && other.startToken < hi {
            if technicalSkills.contains(other.skill) { return true }
            if !ambiguousSkills.contains(other.skill) { continue }
            if other.endToken - other.startToken > 1 { return true }  // "Spring Boot", "MS Excel"
        }
        return false
    }
}
