import ArgumentParser
import CommandLineSupport
import Foundation
import Parquet
import Ingest
import JobMatchCore

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report a file's kind, row count, columns and rejects.",
        discussion: """
            Recognises the LinkedIn, Indeed and Glassdoor CSVs, CV CSV and JSON Lines, labels, any \
            other CSV or JSON Lines file, and Parquet. Reads the whole file with the same readers \
            the pipeline uses, so the counts are the pipeline's counts.
            """)

    @Argument(help: "The file to inspect.") var file: String
    @Flag(help: "Print one JSON object (rows, rejected, columns, kind, rejects).") var json = false

    func run() throws {
        if FileInspector.isParquet(path: file) {
            print(try runReportingErrors { try inspectParquet(path: file, json: json) })
            return
        }
        let report = try runReportingErrors { try FileInspector.inspect(path: file) }
        print(json ? report.json : report.text)
    }
}

/// What `jobmatch inspect` found in a CSV or JSON Lines file.
struct InspectionReport {
    var path: String
    var format: String
    var kind: SourceKind
    var rows = 0
    var blankLines = 0
    var columns: [String] = []
    var rejects: RejectLog

    var text: String {
        var out = "\(path): \(kind.rawValue) (\(format))\n"
        out += "  rows: \(rows)  rejected: \(rejects.count)"
        if blankLines > 0 { out += "  blank lines: \(blankLines)" }
        out += "\n  columns (\(columns.count)): \(columns.joined(separator: ", "))"
        for r in rejects.first { out += "\n  reject: line \(r.line): \(r.reason)" }
        if rejects.count > rejects.first.count { out += "\n  … and \(rejects.count - rejects.first.count) more" }
        return out
    }

    var json: String {
        let rejectList = rejects.first.map { "{\"line\":\($0.line),\"reason\":\(JSONText.quoted($0.reason))}" }
        let byReason = rejects.countsByCategory.sorted { $0.key < $1.key }.map { "\(JSONText.quoted($0.key)):\($0.value)" }
        return "{\"path\":\(JSONText.quoted(path)),\"format\":\"\(format)\",\"kind\":\"\(kind.rawValue)\",\"rows\":\(rows),"
            + "\"rejected\":\(rejects.count),\"blank_lines\":\(blankLines),\"columns\":\(JSONText.array(columns)),"
            + "\"rejects\":[\(rejectList.joined(separator: ","))],\"rejects_by_reason\":{\(byReason.joined(separator: ","))}}"
    }
}

enum FileInspector {
    /// True when the file starts with Parquet's magic `PAR1`.
    static func isParquet(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("PAR1".utf8)
    }

    static func inspect(path: String) throws -> InspectionReport {
        let rejects = RejectLog(file: nil, keep: 10)
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".json") {
            return try inspectJSONL(path: path, rejects: rejects)
        }
        let header = try CSVReader(path: path, rejects: RejectLog(file: nil)).header
        var report = InspectionReport(path: path, format: "csv", kind: SourceKind.detect(csvHeader: header), columns: header, rejects: rejects)
        let csv: CSVReader
        switch report.kind {
        case .linkedinPostings:
            let r = try LinkedInPostingsReader(path: path, rejects: rejects); csv = r.csv
            while try r.next() != nil { report.rows += 1 }
        case .linkedinSkills, .linkedinSummaries:
            let r = try LinkedInPartReader(path: path, valueColumn: report.kind == .linkedinSkills ? "job_skills" : "job_summary", rejects: rejects)
            csv = r.csv
            while try r.next() != nil { report.rows += 1 }
        case .glassdoorJobs:
            let r = try GlassdoorReader(path: path, rejects: rejects); csv = r.csv
            while try r.next() != nil { report.rows += 1 }
        case .indeedJobs:
            let r = try IndeedReader(path: path, rejects: rejects); csv = r.csv
            while try r.next() != nil { report.rows += 1 }
        case .resumeCSV:
            let r = try ResumeCSVReader(path: path, rejects: rejects); csv = r.csv
            while try r.next() != nil { report.rows += 1 }
        default:
            csv = try CSVReader(path: path, rejects: rejects)
            while try csv.next() { report.rows += 1 }
        }
        report.blankLines = csv.blankLines
        return report
    }

    /// CV JSON Lines are read as CVs; any other JSON Lines file line by line as JSON objects.
    static func inspectJSONL(path: String, rejects: RejectLog) throws -> InspectionReport {
        let firstKeys = try SourceKind.firstJSONKeys(path)
        let kind = SourceKind.detect(jsonKeys: firstKeys)
        let isCV = kind == .cvJSONL
        var report = InspectionReport(path: path, format: "jsonl", kind: kind, columns: firstKeys, rejects: rejects)
        if isCV {
            let r = try ResumeJSONLReader(path: path, rejects: rejects)
            while try r.next() != nil { report.rows += 1 }
            report.blankLines = r.lines.blankLines
            report.columns = ["id", "name", "headline", "text", "skills", "years_experience", "education", "location"]
            return report
        }
        let lines = try LineReader(path: path, rejects: rejects)
        var keys = Set<String>()
        while try lines.next() {
            if let object = try? JSONSerialization.jsonObject(with: Data(lines.bytes)) as? [String: Any] {
                keys.formUnion(object.keys)
                report.rows += 1
            } else {
                rejects.record(Rejection(source: path, line: lines.line, reason: "not a JSON object"), raw: lines.bytes)
            }
        }
        report.blankLines = lines.blankLines
        report.columns = keys.sorted()
        return report
    }
}
