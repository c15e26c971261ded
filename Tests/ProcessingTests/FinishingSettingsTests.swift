import Foundation
import JobMatchCore
@testable import Processing
import Testing

/// `tables/processing.json`: how `process` finished the tables, read back by `watch`.
@Suite struct FinishingSettingsTests {
    @Test func roundTripsWithTheTemplatesSourceAndNamesADamagedFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jm-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let template = folder.appendingPathComponent("job.mustache")
        try "Posting: {{{title}}}".write(to: template, atomically: true, encoding: .utf8)
        var options = ProcessingOptions()
        options.join = JoinOptions(country: "DE", requireSummary: true)
        options.language = "de"
        options.skillMode = .spacy
        options.jobTemplateFile = template.path
        let settings = try FinishingSettings(options)
        #expect(settings.jobTemplate == "Posting: {{{title}}}" && settings.cvTemplate == nil)
        let url = folder.appendingPathComponent("processing.json")
        #expect(try FinishingSettings.read(url) == nil)
        try settings.write(to: url)
        try FileManager.default.removeItem(at: template)  // the source is recorded, not the file's name
        #expect(try FinishingSettings.read(url) == settings)

        try Data("{\"join\": ".utf8).write(to: url)
        #expect {
            _ = try FinishingSettings.read(url)
        } throws: { error in
            "\(error)".hasPrefix(url.path + ": damaged processing settings")
        }
    }
}
