import Documents
import Foundation
import JobMatchCore

extension SourceKind {
    /// The kind of the file at `path`, by its content, whatever its name: a PDF or a DOCX by its
    /// first bytes (a CV as sent, ``cvDocument``), a JSON Lines file by
    /// its first record's keys (`id` and `text`: CVs; `kind` and `occupation`: the generator's
    /// labels), a file whose first line (after `#` comments) is four fields `query 0 document grade` as TREC qrels,
    /// any other file by its CSV header (`detect(csvHeader:)`).
    /// - Throws: the reader's error naming the file when it cannot be opened.
    public static func detect(fileAt path: String) throws -> SourceKind {
        if let handle = FileHandle(forReadingAtPath: path) {
            let head = (try? handle.read(upToCount: 1_024)) ?? Data()
            try? handle.close()
            if let format = DocumentText.format(of: head), format != .text { return .cvDocument }
        }
        let jsonLines = [".jsonl", ".ndjson", ".json"].contains { path.lowercased().hasSuffix($0) } || startsWithBrace(path)
        if jsonLines {
            return detect(jsonKeys: try firstJSONKeys(path))
        }
        if isQrels(firstLine: try firstLine(path)) { return .qrels }
        return detect(csvHeader: try CSVReader(path: path, rejects: RejectLog(file: nil)).header)
    }

    /// The kind a JSON Lines file's first record's keys say.
    public static func detect(jsonKeys keys: [String]) -> SourceKind {
        let have = Set(keys)
        if have.contains("text") && have.contains("id") { return .cvJSONL }
        if have.contains("occupation") && have.contains("kind") { return .labelsJSONL }
        return .genericJSONL
    }

    /// The keys of the first JSON object of a JSON Lines file, sorted (empty when it is not one).
    public static func firstJSONKeys(_ path: String) throws -> [String] {
        let probe = try LineReader(path: path, rejects: RejectLog(file: nil))
        guard try probe.next(), let object = try? JSONSerialization.jsonObject(with: Data(probe.bytes)) as? [String: Any] else { return [] }
        return object.keys.sorted()
    }

    /// Whether a line is a TREC qrels line: four whitespace-separated fields, the second and the
    /// fourth integers (`cv-17 0 job-42 2`).
    public static func isQrels(firstLine line: String) -> Bool {
        let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return f.count == 4 && Int(f[1]) != nil && Int(f[3]) != nil
    }

    /// The first line that is neither blank nor a `#` comment (qrels files may open with one),
    /// looking at most 16 lines in.
    static func firstLine(_ path: String) throws -> String {
        let probe = try LineReader(path: path, rejects: RejectLog(file: nil))
        for _ in 0..<16 {
            guard try probe.next() else { return "" }
            let line = String(decoding: probe.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty && !line.hasPrefix("#") { return line }
        }
        return ""
    }

    static func startsWithBrace(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return head.first { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) } == UInt8(ascii: "{")
    }

    /// Where the workspace keeps a file of this kind (`raw/…`); nil for kinds no stage reads.
    public var rawFile: RawFile? {
        switch self {
        case .linkedinPostings: .linkedinPostings
        case .linkedinSkills: .linkedinSkills
        case .linkedinSummaries: .linkedinSummaries
        case .glassdoorJobs: .glassdoorJobs
        case .indeedJobs: .indeedJobs
        case .resumeCSV: .resumesCSV
        case .cvJSONL: .cvs
        case .labelsJSONL: .labels
        case .qrels: .qrels
        case .genericCSV, .genericJSONL, .cvDocument: nil
        }
    }
}
