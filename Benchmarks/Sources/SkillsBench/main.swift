// Skill matching throughput: SkillMatcher (spacy and precise modes) over the texts of a JSON Lines
// file (`text` field), best of REPEATS passes. Prints one JSON object per mode.
//   SkillsBench FILE.jsonl [REPEATS]
import Foundation
import Enrichment

let args = CommandLine.arguments
guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else {
    FileHandle.standardError.write(Data("usage: SkillsBench FILE.jsonl [REPEATS]\n".utf8))
    exit(64)
}
let repeats = args.count > 2 ? Int(args[2]) ?? 3 : 3
let texts: [String] = data.split(separator: UInt8(ascii: "\n")).compactMap {
    (try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])?["text"] as? String
}
let chars = texts.reduce(0) { $0 + $1.unicodeScalars.count }
for mode in [SkillMatchMode.spacy, .precise] {
    let matcher = try SkillMatcher(mode: mode, includeNonSkills: true)  // every entry, as spaCy matches
    var best = Double.infinity
    var matches = 0
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        matches = 0
        for t in texts { matches += matcher.match(t).count }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print("{\"engine\":\"ours-\(mode.rawValue)\",\"docs\":\(texts.count),\"chars\":\(chars),\"seconds\":\(best),\"matches\":\(matches)}")
}
