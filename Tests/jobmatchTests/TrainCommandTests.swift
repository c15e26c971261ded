import Foundation
import Testing
import Parquet
import TestSupport
import Transformers
@testable import Training

/// Writes a pairs file from the fixture's triplets: `copies` × 6 pairs, a third without a negative.
func writePairs(_ url: URL, copies: Int, drop: String? = nil, emptyAnchorRow: Int? = nil) throws {
    let triplets = try TrainingCLIFixtures.parity()["triplets"] as! [[String]]
    var cv: [String?] = [], job: [String?] = [], a: [String?] = [], p: [String?] = [], n: [String?] = []
    for k in 0..<copies {
        for (i, t) in triplets.enumerated() {
            cv.append("cv\(k)-\(i)"); job.append("job\(k)-\(i)")
            a.append(t[0] + " \(k)"); p.append(t[1] + " \(k)"); n.append((k + i) % 3 == 0 ? nil : t[2] + " \(k)")
        }
    }
    if let r = emptyAnchorRow { a[r] = "  " }
    var fields: [ParquetField] = [], columns: [ColumnData] = []
    for (name, values) in [("cv_id", cv), ("job_id", job), ("anchor", a), ("positive", p), ("negative", n)] where name != drop {
        fields.append(.column(name, .string))
        columns.append(.strings(values))
    }
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let writer = try ParquetWriter(url: url, schema: ParquetSchema(fields))
    try writer.write(columns)
    try writer.close()
}

@Suite("jobmatch train (the built binary)")
struct TrainCommandTests {
    let base = TrainingCLIFixtures.tinyBert.path

    func arguments(_ ws: URL) -> [String] {
        ["train", "--workspace", ws.path, "--base", base, "--batch-size", "4", "--epochs", "20", "--lr", "1e-3",
         "--matryoshka-dims", "20,12,8", "--checkpoint-every", "10", "--name", "m"]
    }

    @Test("SIGKILL mid-run, then --resume: the same final weights as an uninterrupted run, byte for byte")
    func killAndResume() async throws {
        let a = TestPaths.tempFolder(), b = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        for ws in [a, b] { try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 8) }

        let whole = try await TestProcess.jobmatch(arguments(a))
        #expect(whole.status == 0, "\(whole.stderr)")

        // Kill the second run with SIGKILL once it has written a checkpoint past step 30.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.jobmatchBinary)
        process.arguments = arguments(b)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let checkpoints = b.appendingPathComponent("models/m.checkpoints")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            if let latest = Checkpoint.latest(in: checkpoints), latest.lastPathComponent >= Checkpoint.folderName(step: 30) { break }
            usleep(2_000)
        }
        let killedMidRun = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(killedMidRun, "the run finished before it could be killed")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: b.appendingPathComponent("models/m/model.safetensors").path))

        let resumed = try await TestProcess.jobmatch(arguments(b) + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resumed at step"))
        let wa = try Data(contentsOf: a.appendingPathComponent("models/m/model.safetensors"))
        let wb = try Data(contentsOf: b.appendingPathComponent("models/m/model.safetensors"))
        #expect(wa == wb, "resumed weights differ from the uninterrupted run's")
        let base = try Data(contentsOf: URL(fileURLWithPath: self.base).appendingPathComponent("model.safetensors"))
        #expect(wa != base)
    }

    @Test("fp32 records no precision (checkpoints from before --precision resume under the default); bf16 is recorded and a resume under another precision is refused")
    func precisionIsRecordedInTheCheckpoint() async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 2)
        let first = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "2"])
        #expect(first.status == 0, "\(first.stderr)")
        let state = try #require(Checkpoint.latest(in: ws.appendingPathComponent("models/m.checkpoints"))).appendingPathComponent("state.json")
        #expect(!(try String(contentsOf: state, encoding: .utf8)).contains("precision"), "an fp32 checkpoint names a precision")
        let other = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "2", "--resume", "--precision", "bf16"])
        #expect(other.status != 0, "a bf16 resume of an fp32 run was accepted")
        let resumed = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "2", "--resume"])
        #expect(resumed.status == 0 && resumed.stdout.contains("resumed at step 2"), "\(resumed.stderr)")
        let bf16 = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: bf16) }
        try writePairs(bf16.appendingPathComponent("tables/pairs.parquet"), copies: 2)
        let mixed = try await TestProcess.jobmatch(arguments(bf16) + ["--max-steps", "2", "--precision", "bf16"])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        let mixedState = try #require(Checkpoint.latest(in: bf16.appendingPathComponent("models/m.checkpoints"))).appendingPathComponent("state.json")
        #expect((try String(contentsOf: mixedState, encoding: .utf8)).contains("\"precision\" : \"bf16\""))
    }

    @Test("a model trained on shorter texts serves at its base's max_seq_length (the training length is a cost, not the model's)")
    func servedLengthIsTheBases() async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 1)
        let baseLength = try ModelDirectory(URL(fileURLWithPath: base)).maxSeqLength
        let run = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "1", "--max-seq-length", "16"])
        #expect(run.status == 0, "\(run.stderr)")
        let trained = try ModelDirectory(ws.appendingPathComponent("models/m"))
        #expect(baseLength > 16 && trained.maxSeqLength == baseLength, "served at \(trained.maxSeqLength), base \(baseLength)")
    }

    /// WiSE-FT: the exported weights are `a × tuned + (1 − a) × base`, tensor by tensor; the last
    /// checkpoint keeps the tuned weights (what --resume continues from).
    @Test("--wise-ft 0.5 exports the tuned weights averaged with the base's; the checkpoint keeps the tuned ones")
    func wiseFT() async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        try writePairs(ws.appendingPathComponent("tables/pairs.parquet"), copies: 1)
        let run = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "3", "--wise-ft", "0.5"])
        #expect(run.status == 0, "\(run.stderr)")
        let start = try SentenceEncoder(directory: URL(fileURLWithPath: base)).model.trainable().parameters()
        let checkpoint = try #require(Checkpoint.latest(in: ws.appendingPathComponent("models/m.checkpoints")))
        let tuned = try SafeTensors(url: checkpoint.appendingPathComponent("model.safetensors"))
        let exported = try SafeTensors(url: ws.appendingPathComponent("models/m/model.safetensors"))
        var moved = 0, off = 0
        for (key, b) in start {
            let t = try tuned.tensor(key, shape: b.shape), e = try exported.tensor(key, shape: b.shape)
            for i in b.data.indices {
                let want = 0.5 * t.data[i] + 0.5 * b.data[i]
                if abs(e.data[i] - want) > 1e-6 * max(1, abs(want)) { off += 1 }
                if t.data[i] != b.data[i] { moved += 1 }
            }
        }
        #expect(moved > 1000, "training moved \(moved) weights: the check would prove nothing")
        #expect(off == 0, "\(off) exported weights are not the average of the tuned and the base's")
        let card = try String(contentsOf: ws.appendingPathComponent("models/m/README.md"), encoding: .utf8)
        #expect(card.contains("WiSE-FT, 0.5 × the tuned weights"), "\(card)")
        let bad = try await TestProcess.jobmatch(arguments(ws) + ["--max-steps", "1", "--wise-ft", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--wise-ft must be in (0, 1]"), "\(bad.stderr)")
    }

    @Test("bad pairs files and settings are one line naming the file and field", arguments: [
        ("missing column", "anchor"), ("empty text", "anchor"),
    ])
    func badInput(kind: String, field: String) async throws {
        let ws = TestPaths.tempFolder()
        defer { try? FileManager.default.removeItem(at: ws) }
        let url = ws.appendingPathComponent("tables/pairs.parquet")
        if kind == "missing column" { try writePairs(url, copies: 1, drop: "anchor") } else { try writePairs(url, copies: 1, emptyAnchorRow: 3) }
        let r = try await TestProcess.jobmatch(["train", "--workspace", ws.path, "--base", base])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(url.path) && r.stderr.contains("'\(field)'"), "\(r.stderr)")
        if kind == "empty text" { #expect(r.stderr.contains("row 3")) }
        let dims = try await TestProcess.jobmatch(["train", "--workspace", ws.path, "--base", base, "--matryoshka-dims", "64"])
        #expect(dims.status != 0)
    }
}
