import Evaluation
import Foundation

/// The `jobmatch train` run report: loss and learning-rate curves, settings, and the evaluation.
public enum TrainReport {
    public static func html(name: String, history: [Checkpoint.HistoryPoint], settings: TrainingSettings, facts: [(String, String)],
                            evaluation: (set: EvaluationSet, results: [RetrievalEvaluator.Result])?) -> String {
        var body = HTMLReport.lineChart(history.map { (Double($0.step), $0.loss) }, title: "training loss")
        body += HTMLReport.lineChart(history.map { (Double($0.step), Double($0.lr)) }, title: "learning rate", color: "#f28e2b")
        var rows = facts.map { [$0.0, $0.1] }
        let s = settings
        rows += [
            ["epochs", "\(s.epochs)"], ["batch size", "\(s.batchSize)"], ["mini-batch (GradCache)", s.miniBatch.map(String.init) ?? "none"],
            ["learning rate", "\(s.learningRate)"], ["warm-up ratio", "\(s.warmupRatio)"], ["weight decay", "\(s.weightDecay)"],
            ["max grad norm", "\(s.maxGradNorm)"], ["Matryoshka dims", s.matryoshkaDims.isEmpty ? "none" : s.matryoshkaDims.map(String.init).joined(separator: ", ")],
            ["scale", "\(s.scale)"], ["symmetric", "\(s.symmetric)"], ["dropout", "\(s.dropout)"], ["max seq length", "\(s.maxSeqLength)"],
            ["seed", "\(s.seed)"], ["max steps", s.maxSteps.map(String.init) ?? "all"],
        ]
        body += "<h2>Settings</h2>" + HTMLReport.table(header: ["setting", "value"], rows: rows)
        if let e = evaluation {
            body += "<h2>Evaluation</h2><p>\(HTMLReport.escape(e.set.name)): \(e.set.queries.count) queries, \(e.set.corpus.count) documents.</p>"
            body += HTMLReport.barChart(series: e.results.map { ($0.name, $0.metrics.values) }, metrics: RetrievalMetrics.names)
            body += EvalReport.section(e.results)
        } else {
            body += "<h2>Evaluation</h2><p>No evaluation ran (pass --eval, or run jobmatch eval).</p>"
        }
        return HTMLReport.page(title: "jobmatch train: \(name)", body: body)
    }
}
