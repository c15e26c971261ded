/// A posting served beside the index: one `jobmatch watch` appended to the index's segment
/// since the index was built. ``Matcher/match(_:vector:options:additions:)`` lets it replace the
/// index's posting of the same id and rank among the index's candidates under every order.
public struct AddedJob: Sendable {
    /// The job as a match shows it.
    public var job: JobCatalog.Job
    /// Its embedding text (what the cross-encoder and BM25 read).
    public var text: String
    /// Its vector at the index's dimension, made by the index's model.
    public var vector: [Float]

    public init(job: JobCatalog.Job, text: String, vector: [Float]) {
        self.job = job
        self.text = text
        self.vector = vector
    }
}
