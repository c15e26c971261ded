import JobMatchCore

/// Where a record sits in its input, to decide which of two records with one key wins: the ingest
/// run that published it (0 for raw files and for log records from before runs were numbered),
/// then its position (offset in its log partition, or line in its raw file).
struct RecordStamp: Comparable, Hashable, Sendable {
    var run: Int
    var position: Int64

    static func < (a: RecordStamp, b: RecordStamp) -> Bool {
        (a.run, a.position) < (b.run, b.position)
    }
}

/// One input record of the join as it travels through spill files: a typed row from the raw
/// files, or an event-log value still encoded (decoded by the worker that joins its unit, so the
/// read pass stays a copy).
enum JoinRecord {
    case posting(JobPosting)
    case skills(link: String, [String])
    case summary(link: String, String)
    case cv(Resume)
    /// An `IngestRecord` as JSON, with its topic/partition for rejects (stamp position = offset).
    case logValue(source: String, [UInt8])

    private static let postingTag: UInt8 = 1, skillsTag: UInt8 = 2, summaryTag: UInt8 = 3, cvTag: UInt8 = 4, logTag: UInt8 = 5

    /// Appends the record and its stamp.
    func encode(stamp: RecordStamp, into e: inout RowEncoder) {
        switch self {
        case .posting: e.byte(Self.postingTag)
        case .skills: e.byte(Self.skillsTag)
        case .summary: e.byte(Self.summaryTag)
        case .cv: e.byte(Self.cvTag)
        case .logValue: e.byte(Self.logTag)
        }
        e.int(Int64(stamp.run))
        e.int(stamp.position)
        switch self {
        case .posting(let p): JoinedRow.encode(p, into: &e)
        case .skills(let link, let skills):
            e.string(link)
            e.strings(skills)
        case .summary(let link, let summary):
            e.string(link)
            e.string(summary)
        case .cv(let r):
            for s in [r.id, r.name, r.headline, r.text] { e.string(s) }
            e.strings(r.skills)
            e.double(r.yearsExperience)
            for s in [r.education, r.location, r.category] { e.string(s) }
            e.byte(r.openToRecruiters.map { $0 ? 2 : 1 } ?? 0)
        case .logValue(let source, let value):
            e.string(source)
            e.raw(value)
        }
    }

    static func decode(_ d: inout RowDecoder) throws -> (JoinRecord, RecordStamp) {
        let tag = try d.byte()
        let stamp = RecordStamp(run: Int(try d.int()), position: try d.int())
        switch tag {
        case postingTag: return (.posting(try JoinedRow.decode(&d)), stamp)
        case skillsTag: return (.skills(link: try d.requiredString(), try d.strings()), stamp)
        case summaryTag: return (.summary(link: try d.requiredString(), try d.requiredString()), stamp)
        case cvTag:
            let id = try d.requiredString(), name = try d.string(), headline = try d.string(), text = try d.requiredString()
            let skills = try d.strings(), years = try d.double()
            let education = try d.string(), location = try d.string(), category = try d.string()
            let open: Bool? = switch try d.byte() { case 2: true; case 1: false; default: nil }
            return (.cv(Resume(id: id, name: name, headline: headline, text: text, skills: skills, yearsExperience: years,
                               education: education, location: location, category: category, openToRecruiters: open)), stamp)
        case logTag: return (.logValue(source: try d.requiredString(), Array(try d.raw())), stamp)
        default: throw RowDecoder.Truncated()
        }
    }
}

/// Which record of a key survives, in one place for both inputs and every kind.
///
/// - Records of a later ingest run replace those of an earlier one (a corrected file ingested
///   again wins, whatever its content).
/// - Within one run (one reading of the raw files), postings with one job_link keep the latest
///   `last_processed_time` (`DedupeOrder`: LinkedIn lists a posting again when it re-processes
///   it), the last position on a full tie; skills rows, summary rows and CVs keep the last one
///   read (the last line of the file; in the log, the highest offset).
enum JoinRules {
    /// Whether posting `a` (stamped `sa`) replaces `b` (stamped `sb`).
    static func posting(_ a: JobPosting, _ sa: RecordStamp, replaces b: JobPosting, _ sb: RecordStamp) -> Bool {
        if sa.run != sb.run { return sa.run > sb.run }
        if DedupeOrder.prefers(a, over: b) { return true }
        if DedupeOrder.prefers(b, over: a) { return false }
        return sa.position > sb.position
    }

    /// Whether a skills row, summary row or CV stamped `a` replaces one stamped `b`.
    static func lastWins(_ a: RecordStamp, replaces b: RecordStamp) -> Bool { a > b }
}
