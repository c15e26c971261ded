import ArgumentParser
import CommandLineSupport
import Foundation
import JobMatchCore
import Enrichment
import Skills

struct SkillsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills",
        abstract: "Find canonical skills in a text, or print the skills vocabulary.",
        discussion: """
            Prints one match per line: start-end (character offsets), canonical id, matched text. \
            --json prints one JSON object per text. --input reads JSON Lines with a `text` field. \
            --vocabulary prints the vocabulary as JSON Lines (id, name, category, type, aliases). \
            Matches of non-skills (benefits, boilerplate, titles, generic words) are left out \
            unless --non-skills is given; they are then printed with their category.
            """)

    @Option(help: "precise (default) or spacy (spaCy PhraseMatcher parity).") var mode = "precise"
    @Flag(help: "Print JSON.") var json = false
    @Option(help: ArgumentHelp("JSON Lines file with a `text` field per line.", valueName: "file")) var input: String?
    @Flag(help: "Print the vocabulary as JSON Lines.") var vocabulary = false
    @Flag(name: .customLong("non-skills"), help: "Also print matches of non-skills, with their category.") var nonSkills = false
    @Argument(help: "The text to match.") var text: String?

    func validate() throws {
        guard SkillMatchMode(rawValue: mode) != nil else { throw ValidationError("--mode must be precise or spacy") }
        if !vocabulary && (text == nil) == (input == nil) { throw ValidationError("give either TEXT or --input FILE") }
    }

    func run() throws {
        if vocabulary {
            var out = ""
            for s in try runReportingErrors({ try SkillVocabulary.builtIn }).skills {
                out += "{\"id\":\(JSONText.quoted(s.id)),\"name\":\(JSONText.quoted(s.name)),"
                out += "\"category\":\"\(s.category.rawValue)\",\"type\":\(s.type.map { "\"\($0.rawValue)\"" } ?? "null"),\"aliases\":["
                out += s.aliases.map(JSONText.quoted).joined(separator: ",") + "]}\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        let matcher = try runReportingErrors { try SkillMatcher(mode: SkillMatchMode(rawValue: mode)!, includeNonSkills: nonSkills) }
        if let text {
            emit(text, id: nil, matcher)
            return
        }
        guard let data = FileManager.default.contents(atPath: input!) else {
            FileHandle.standardError.write(Data("error: \(input!): cannot read the file\n".utf8))
            throw ExitCode(1)
        }
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let t = obj["text"] as? String else {
                FileHandle.standardError.write(Data("warning: \(input!): line \(n + 1): no `text` field, skipped\n".utf8))
                continue
            }
            emit(t, id: obj["id"].map { "\($0)" }, matcher)
        }
    }

    private func emit(_ text: String, id: String?, _ matcher: SkillMatcher) {
        let scalars = Array(text.unicodeScalars)
        let matches = matcher.match(text)
        func slice(_ m: SkillMatch) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[m.startChar..<m.endChar])
            return String(v)
        }
        if json {
            let items = matches.map { m in
                "{\"start\":\(m.startChar),\"end\":\(m.endChar),\"skill\":\(JSONText.quoted(matcher.vocabulary.skills[m.skill].id)),"
                    + "\"name\":\(JSONText.quoted(matcher.vocabulary.skills[m.skill].name)),"
                    + "\"category\":\"\(matcher.vocabulary.skills[m.skill].category.rawValue)\",\"text\":\(JSONText.quoted(slice(m)))}"
            }
            let head = id.map { "\"id\":\(JSONText.quoted($0))," } ?? ""
            print("{\(head)\"mode\":\"\(matcher.mode.rawValue)\",\"matches\":[\(items.joined(separator: ","))]}")
        } else {
            if let id { print("# \(id)") }
            for m in matches {
                let entry = matcher.vocabulary.skills[m.skill]
                let tag = entry.isSkill ? "" : "\t(\(entry.category.rawValue))"
                print("\(m.startChar)-\(m.endChar)\t\(entry.id)\t\(slice(m))\(tag)")
            }
        }
    }
}
