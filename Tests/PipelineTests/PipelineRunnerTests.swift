import Foundation
import JobMatchCore
import Pipeline
import Testing
import TestSupport

/// A stage that copies `a.txt` into `b.txt` with a suffix, counting its runs.
struct CopyStage: Stage {
    let name: String
    let from: String, to: String
    var suffix: String
    let runs: Counter
    var failAfterWrite = false

    func inputs(_ ws: Workspace) -> [URL] { [ws.root.appendingPathComponent(from)] }
    func outputs(_ ws: Workspace) -> [URL] { [ws.root.appendingPathComponent(to)] }
    var settings: [String: String] { ["suffix": suffix] }

    func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        runs.add(name)
        let text = try String(contentsOf: ws.root.appendingPathComponent(from), encoding: .utf8)
        try DurableFile.write(Data((text + suffix).utf8), to: ws.root.appendingPathComponent(to))
        if failAfterWrite { throw PipelineError("\(name) died after writing its output") }
        return StageResult(lines: ["\(name) ok"])
    }
}

final class Counter: @unchecked Sendable {
    private var names: [String] = []
    private let lock = NSLock()
    func add(_ n: String) { lock.lock(); names.append(n); lock.unlock() }
    func take() -> [String] { lock.lock(); defer { names = []; lock.unlock() }; return names }
}

@Suite("PipelineRunner")
struct PipelineRunnerTests {
    let ws = Workspace(TestPaths.tempFolder().path)
    let runs = Counter()

    func stages(suffix2: String = "!", fail2: Bool = false) -> [any Stage] {
        [CopyStage(name: "one", from: "a.txt", to: "b.txt", suffix: "1", runs: runs),
         CopyStage(name: "two", from: "b.txt", to: "c.txt", suffix: suffix2, runs: runs, failAfterWrite: fail2),
         CopyStage(name: "three", from: "c.txt", to: "d.txt", suffix: "3", runs: runs)]
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: ws.root.appendingPathComponent(name))
    }

    @Test("a second run does nothing; an input change reruns only what depends on it")
    func skipsWhatIsUpToDate() throws {
        try write("a.txt", "x")
        _ = try PipelineRunner(workspace: ws, stages: stages()).run()
        #expect(runs.take() == ["one", "two", "three"])
        let again = try PipelineRunner(workspace: ws, stages: stages()).run()
        #expect(runs.take().isEmpty && again.allSatisfy { $0.outcome == .skipped })
        // A new setting of stage two reruns two, and three because c.txt changed.
        _ = try PipelineRunner(workspace: ws, stages: stages(suffix2: "?")).run()
        #expect(runs.take() == ["two", "three"])
        #expect(try String(contentsOf: ws.root.appendingPathComponent("d.txt"), encoding: .utf8) == "x1?3")
        // Rewriting a.txt with the same bytes (new mtime) changes nothing: fingerprints are of content.
        try write("a.txt", "x")
        _ = try PipelineRunner(workspace: ws, stages: stages(suffix2: "?")).run()
        #expect(runs.take().isEmpty)
        try write("a.txt", "y")
        _ = try PipelineRunner(workspace: ws, stages: stages(suffix2: "?")).run()
        #expect(runs.take() == ["one", "two", "three"])
    }

    @Test("a stage that dies after writing is not taken as done; a changed or deleted output reruns")
    func failedStageReruns() throws {
        try write("a.txt", "x")
        _ = try PipelineRunner(workspace: ws, stages: stages()).run()
        _ = runs.take()
        try write("a.txt", "z")
        #expect(throws: PipelineError.self) { try PipelineRunner(workspace: ws, stages: stages(fail2: true)).run() }
        #expect(runs.take() == ["one", "two"])
        #expect(Manifest.load(ws).stages["two"] == nil, "no entry for a stage that did not finish")
        _ = try PipelineRunner(workspace: ws, stages: stages()).run()
        #expect(runs.take() == ["two", "three"])
        try FileManager.default.removeItem(at: ws.root.appendingPathComponent("d.txt"))
        _ = try PipelineRunner(workspace: ws, stages: stages()).run()
        #expect(runs.take() == ["three"])
        // An output edited by hand is rewritten; what reads it stays skipped, since its input's
        // content is back to what it was built from.
        try write("c.txt", "edited by hand")
        _ = try PipelineRunner(workspace: ws, stages: stages()).run()
        #expect(runs.take() == ["two"])
        #expect(try String(contentsOf: ws.root.appendingPathComponent("d.txt"), encoding: .utf8) == "z1!3")
    }

    @Test("--from, --until and --force")
    func ranges() throws {
        try write("a.txt", "x")
        _ = try PipelineRunner(workspace: ws, stages: stages()).run(until: "two")
        #expect(runs.take() == ["one", "two"])
        _ = try PipelineRunner(workspace: ws, stages: stages()).run(from: "two", force: true)
        #expect(runs.take() == ["two", "three"])
        #expect(throws: PipelineError.self) { try PipelineRunner(workspace: ws, stages: stages()).run(from: "nope") }
        #expect(throws: PipelineError.self) { try PipelineRunner(workspace: ws, stages: stages()).run(from: "three", until: "one") }
        try FileManager.default.removeItem(at: ws.root.appendingPathComponent("a.txt"))
        let e = #expect(throws: PipelineError.self) { try PipelineRunner(workspace: ws, stages: stages()).run(force: true) }
        #expect(e?.message.contains("a.txt does not exist") == true)
    }
}
