import Foundation

extension SkillVocabulary {
    /// The file name of the built-in vocabulary in the module's resources.
    static let resourceName = "skills.tsv"

    /// The built-in vocabulary (`Resources/skills.tsv`), read once.
    ///
    /// Found through SwiftPM's resource bundle (`Bundle.module`: `JobMatch_Skills.resources`
    /// next to the `jobmatch` binary or the test bundle), or `JOBMATCH_SKILLS_FILE` when set.
    /// - Throws: `SkillsError` naming the places looked at, or the file and line that is wrong.
    public static var builtIn: SkillVocabulary {
        get throws { try builtInResult.get() }
    }

    private static let builtInResult: Result<SkillVocabulary, SkillsError> = {
        do {
            return .success(try SkillVocabulary(contentsOf: try resourceURL()))
        } catch let error as SkillsError {
            return .failure(error)
        } catch {
            return .failure(SkillsError(.malformed, "\(error)"))
        }
    }()

    /// Where the built-in vocabulary file is.
    ///
    /// `Bundle.module` traps when its bundle is missing, so the bundle's folder is checked first
    /// (where SwiftPM puts it: beside the executable); a copy of the binary without its bundle
    /// falls back to the source tree it was built from, and then fails with a one-line error.
    static func resourceURL() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["JOBMATCH_SKILLS_FILE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let fm = FileManager.default
        var places: [URL] = []
        for dir in [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()].compactMap({ $0 }) {
            places.append(dir.appendingPathComponent("JobMatch_Skills.resources"))
            places.append(dir.appendingPathComponent("JobMatch_Skills.bundle"))
        }
        if places.contains(where: { fm.fileExists(atPath: $0.path) }),
           let url = Bundle.module.url(forResource: "skills", withExtension: "tsv") {
            return url
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources").appendingPathComponent(resourceName)
        if fm.fileExists(atPath: source.path) { return source }
        throw SkillsError(.missingFile, "the skills vocabulary \(resourceName) is missing: looked in \((places.map(\.path) + [source.path]).joined(separator: ", ")) (set JOBMATCH_SKILLS_FILE)")
    }
}
