import Foundation

extension SkillVocabulary {
    /// The TSV header `build_skills.py` writes (after one `#` comment line).
    static let tsvColumns = ["id", "name", "category", "type", "rule", "industries", "aliases"]

    /// Reads the vocabulary's TSV: `#` comment lines, a header, then one entry per line
    /// (`id name category type rule industries aliases`; lists joined with `|`).
    /// - Parameter file: the name used in error messages.
    /// - Throws: `SkillsError.malformed` naming the file and line.
    public init(tsv text: String, file: String) throws {
        var skills: [Skill] = []
        var sawHeader = false
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !sawHeader {
                guard fields == Self.tsvColumns else {
                    throw SkillsError(.malformed, "\(file):\(lineNumber): expected the header \(Self.tsvColumns.joined(separator: " ")), got \(fields.prefix(8).joined(separator: " "))")
                }
                sawHeader = true
                continue
            }
            guard fields.count == Self.tsvColumns.count else {
                throw SkillsError(.malformed, "\(file):\(lineNumber): expected \(Self.tsvColumns.count) tab-separated fields, got \(fields.count)")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty else {
                throw SkillsError(.malformed, "\(file):\(lineNumber): empty id or name")
            }
            guard let category = SkillCategory(rawValue: fields[2]) else {
                throw SkillsError(.malformed, "\(file):\(lineNumber): unknown category '\(fields[2])'")
            }
            var type: SkillType?
            if !fields[3].isEmpty {
                guard let t = SkillType(rawValue: fields[3]) else {
                    throw SkillsError(.malformed, "\(file):\(lineNumber): unknown type '\(fields[3])'")
                }
                type = t
            }
            func list(_ s: String) -> [String] { s.isEmpty ? [] : s.split(separator: "|").map(String.init) }
            skills.append(Skill(id: fields[0], name: fields[1], aliases: list(fields[6]), category: category,
                                type: type, industries: list(fields[5])))
        }
        guard sawHeader else { throw SkillsError(.malformed, "\(file): no header line") }
        do {
            try self.init(skills: skills)
        } catch let error as SkillsError {
            throw SkillsError(error.kind, "\(file): \(error.message)")
        }
    }

    /// Reads a vocabulary TSV file.
    /// - Throws: `SkillsError.missingFile` or `.malformed`, naming the file.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SkillsError(.missingFile, "\(url.path): cannot read the skills vocabulary")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SkillsError(.malformed, "\(url.path): not UTF-8")
        }
        try self.init(tsv: text, file: url.path)
    }
}
