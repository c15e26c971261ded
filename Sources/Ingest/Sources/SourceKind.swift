import JobMatchCore

/// The kinds of input file JobMatch reads, recognised by their header (CSV) or first record (JSONL).
public enum SourceKind: String, Sendable, CaseIterable {
    case linkedinPostings = "linkedin_postings"
    case linkedinSkills = "linkedin_skills"
    case linkedinSummaries = "linkedin_summaries"
    case glassdoorJobs = "glassdoor_jobs"
    case indeedJobs = "indeed_jobs"
    case resumeCSV = "resume_csv"
    case cvJSONL = "cv_jsonl"
    case labelsJSONL = "labels_jsonl"
    /// Relevance judgments in TREC qrels format (`cv_id 0 job_id grade` per line, no header).
    case qrels
    /// A CV as sent: a PDF or a DOCX (by content), read with Documents into one CV.
    case cvDocument = "cv_document"
    case genericCSV = "csv"
    case genericJSONL = "jsonl"

    /// Columns that identify a CSV kind (all must be present).
    var signature: [String] {
        switch self {
        case .linkedinPostings: LinkedInPostingsReader.columns
        case .linkedinSkills: ["job_link", "job_skills"]
        case .linkedinSummaries: ["job_link", "job_summary"]
        case .glassdoorJobs: GlassdoorReader.columns
        case .indeedJobs: IndeedReader.columns
        case .resumeCSV: ["Category", "Resume"]
        default: []
        }
    }

    /// The CSV kind whose signature the header carries, or `.genericCSV`.
    public static func detect(csvHeader header: [String]) -> SourceKind {
        let have = Set(header)
        for kind in [SourceKind.linkedinPostings, .linkedinSkills, .linkedinSummaries, .glassdoorJobs, .indeedJobs, .resumeCSV]
        where kind.signature.allSatisfy(have.contains) {
            return kind
        }
        return .genericCSV
    }
}

/// Splits LinkedIn's `job_skills` string ("Python, SQL, Data Analysis") into trimmed, non-empty skills.
public func splitSkillList(_ s: String) -> [String] {
    s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
}

/// A stable 64-bit FNV-1a hash as 16 hex digits: ids for sources that have none.
public func stableID(_ parts: String...) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ 0x1f) &* 0x100_0000_01b3
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

extension String {
    /// nil for empty strings and the sources' "unknown" markers (`-1`, `NA`, `null`).
    var nonEmpty: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty || t == "-1" || t == "NA" || t == "null" ? nil : t
    }
}
