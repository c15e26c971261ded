import Foundation

/// The whole report: every direction audited, with where the figures come from and what they
/// cannot say.
extension BiasAudit {
    /// Where the audited requests come from (read from the feedback store by the caller).
    public struct Provenance: Sendable {
        /// The groups file's path; nil when none was supplied.
        public var groupsFile: String?
        public var period: BiasAuditReport.Period
        public var versions: [BiasAuditReport.Versions]
        public var unattributable: BiasAuditReport.Unattributable
        /// The report's time stamp (ISO 8601).
        public var generatedAt: String
        /// Limits of the caller's data, added to the report's (e.g. where the pool of candidates came from).
        public var notes: [String]

        public init(groupsFile: String?, period: BiasAuditReport.Period, versions: [BiasAuditReport.Versions],
                    unattributable: BiasAuditReport.Unattributable, generatedAt: String, notes: [String] = []) {
            self.groupsFile = groupsFile
            self.period = period
            self.versions = versions
            self.unattributable = unattributable
            self.generatedAt = generatedAt
            self.notes = notes
        }
    }

    /// Audits every direction and states the report's limits.
    /// - Throws: `invalidArgument` for settings out of range.
    public static func report(_ directions: [Direction], groups: AuditGroups, provenance: Provenance,
                              settings: BiasAuditReport.Settings) throws -> BiasAuditReport {
        let audited = try directions.map { try audit($0, groups: groups, settings: settings) }
        let summary = BiasAuditReport.Groups(
            file: provenance.groupsFile, cvs: groups.people.count,
            sexUnknown: groups.people.values.filter { $0.sex == nil }.count,
            raceEthnicityUnknown: groups.people.values.filter { $0.raceEthnicity == nil }.count)
        return BiasAuditReport(
            tool: "jobmatch audit groups",
            rules: "NYC Local Law 144 of 2021; DCWP rules 6 RCNY §5-300 (definitions) and §5-301 (bias audit)",
            generatedAt: provenance.generatedAt, period: provenance.period, versions: provenance.versions, groups: summary,
            settings: settings, directions: audited, unattributable: provenance.unattributable,
            limits: limits(audited, summary, provenance, settings))
    }

    /// What the figures cannot say, stated rather than guessed: fixed limits of the data, and the
    /// ones this run's numbers show.
    static func limits(_ directions: [BiasAuditReport.Direction], _ groups: BiasAuditReport.Groups, _ provenance: Provenance,
                       _ settings: BiasAuditReport.Settings) -> [String] {
        var out: [String] = []
        if groups.file == nil {
            out.append("No groups file was supplied: every CV's sex and race/ethnicity is unknown, so no rate by category and no impact ratio can be computed. Categories are never inferred from CVs; an auditor supplies them (--groups FILE.csv).")
        } else {
            out.append("Sex and race/ethnicity are the self-reported categories of the groups file (\(groups.cvs) CVs; sex unknown for \(groups.sexUnknown), race/ethnicity unknown for \(groups.raceEthnicityUnknown)). Nothing is inferred: a CV the file does not list, or lists without a value, is counted as unknown and left out of the rates.")
        }
        let pasted = provenance.unattributable
        if pasted.pastedCVRequests > 0 {
            out.append("\(pasted.pastedCVRequests) requests for jobs were made with a pasted CV and no CV id (\(pasted.pastedCVs) distinct CVs by their SHA-256): they cannot be attributed to anyone in the groups file and are not in any figure.")
        }
        for d in directions {
            if d.seenNotListed > 0 {
                out.append("\(d.name): \(d.seenNotListed) CVs in the requests are not in the groups file; they are counted as unknown.")
            }
        }
        out += provenance.notes
        // Each direction has its own index (jobs for seekers, CVs for recruiters): mixing is within one.
        for direction in Set(provenance.versions.map(\.direction)).sorted() {
            let mixed = provenance.versions.filter { $0.direction == direction }
            if mixed.count > 1 {
                out.append("\(direction): the period mixes \(mixed.count) model, index or ranking versions (table below); the figures pool them. Audit one version at a time with --since and --until.")
            }
        }
        out.append("Outcomes are what people recorded through the tool (likes, contacts, applications, hires); a hire made outside it is not seen, and 'hired' is not verified. Rows erased on request (feedback forget) or by retention are not in the figures.")
        out.append("Categories under \(percent(settings.minShare)) of the CVs whose category is known are flagged and left out of the impact ratios, as §5-301 allows, with their count and rate shown; small categories give wide intervals.")
        out.append("These figures are computed by the tool; Local Law 144 requires the bias audit itself to be made by an independent auditor, who judges whether these data are the right ones.")
        return out
    }

    static func percent(_ x: Double) -> String {
        let p = x * 100
        return (p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)) + "%"
    }
}
