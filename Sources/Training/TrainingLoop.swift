import Foundation
import Transformers

/// The one training loop of the bi-encoder and the cross-encoder: no-duplicate batches over the
/// epochs (cut at `maxSteps`), AdamW with linear warm-up and decay, clipping by global norm, a
/// non-finite loss stopped with the batch's ids, checkpoints every `checkpointEvery` steps and at
/// the end, and `resume` from the latest one to the same final weights as an uninterrupted run.
/// What differs between the two trainers is one step's loss and gradient (`compute`).
struct TrainingLoop {
    let pairs: [TrainingPair]
    let settings: TrainingSettings
    let checkpoints: URL

    /// Every epoch's batches, cut at `maxSteps`.
    func plan() -> [[Int]] {
        let sampler = NoDuplicatesBatchSampler(batchSize: settings.batchSize, seed: settings.seed)
        var all: [[Int]] = []
        for e in 0..<settings.epochs { all += sampler.batches(pairs, epoch: e) }
        if let m = settings.maxSteps { all = Array(all.prefix(m)) }
        return all
    }

    /// Trains `model` to the end of the plan.
    /// - Parameter compute: one step's mean loss and gradient for the batch (pair indices) at `step`,
    ///   with the model as it is now.
    /// - Throws: `TrainingError.nonFiniteLoss` naming the step, the batch's ids and the last good
    ///   checkpoint; `TrainingError.invalidSetting` when resuming under other settings or data.
    func run<Model: ParameterContainer>(
        _ model: inout Model, resume: Bool, progress: (Trainer.Progress) -> Void,
        compute: (_ model: Model, _ step: Int, _ batch: [Int]) throws -> (loss: Double, gradient: Model)
    ) throws -> Trainer.Result {
        let batches = plan()
        let total = batches.count
        let schedule = LinearSchedule(peak: settings.learningRate, warmup: Int((Float(total) * settings.warmupRatio).rounded(.up)), total: total)
        var optimizer = AdamW(for: model, weightDecay: settings.weightDecay)
        var history: [Checkpoint.HistoryPoint] = []
        var step = 0
        var resumedFrom: Int?
        var last: URL?
        let fingerprint = TrainingPair.fingerprint(pairs)
        if resume, let folder = Checkpoint.latest(in: checkpoints) {
            let (opt, state) = try Checkpoint.resume(folder, into: &model, settings: settings, pairsFingerprint: fingerprint)
            optimizer = opt
            step = state.step
            history = state.history
            resumedFrom = step
            last = folder
        }
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        let started = Date()
        var pairsSeen = 0
        var saving = 0.0
        func save() throws {
            let began = Date()
            defer { saving += Date().timeIntervalSince(began) }
            let state = Checkpoint.State(step: step, settings: settings, pairsFingerprint: fingerprint, history: history)
            last = try Checkpoint.write(root: checkpoints, model: model, optimizer: optimizer, state: state)
        }
        while step < total {
            var (loss, gradient) = try compute(model, step, batches[step])
            let norm = clipGradientNorm(&gradient, maxNorm: settings.maxGradNorm)
            guard loss.isFinite, norm.isFinite else {
                throw TrainingError.nonFiniteLoss(step: step, ids: batches[step].map { "\(pairs[$0].cvID)/\(pairs[$0].jobID)" }, lastCheckpoint: last?.path)
            }
            let lr = schedule.rate(at: step)
            optimizer.update(&model, gradient: gradient, lr: lr)
            step += 1
            pairsSeen += batches[step - 1].count
            history.append(.init(step: step, loss: loss, lr: lr))
            let elapsed = Date().timeIntervalSince(started) - saving
            let rate = Double(pairsSeen) / max(elapsed, 1e-9)
            let left = batches[step...].reduce(0) { $0 + $1.count }
            progress(Trainer.Progress(step: step, totalSteps: total, loss: loss, lr: lr, pairsPerSecond: rate, secondsLeft: Double(left) / max(rate, 1e-9)))
            if settings.checkpointEvery > 0, step % settings.checkpointEvery == 0, step < total { try save() }
        }
        if last == nil || Checkpoint.latest(in: checkpoints)?.lastPathComponent != Checkpoint.folderName(step: step) { try save() }
        return Trainer.Result(steps: step, history: history, lastCheckpoint: last!, resumedFrom: resumedFrom,
                              seconds: Date().timeIntervalSince(started), checkpointSeconds: saving, pairsSeen: pairsSeen)
    }
}
