/// What `jobmatch feedback stats` prints: counts per event and click-through by rank.
public struct FeedbackStats: Sendable, Equatable {
    /// Match requests recorded.
    public var requests: Int
    /// Results shown, over every request.
    public var resultsShown: Int
    /// Events recorded, per kind (every kind present, 0 when none).
    public var events: [FeedbackEventKind: Int]
    /// One entry per rank that was shown, top first.
    public var byRank: [RankStats]

    public init(requests: Int, resultsShown: Int, events: [FeedbackEventKind: Int], byRank: [RankStats]) {
        self.requests = requests
        self.resultsShown = resultsShown
        self.events = events
        self.byRank = byRank
    }
}

/// How results shown at one rank were received.
public struct RankStats: Sendable, Equatable {
    public var rank: Int
    /// Results shown at this rank.
    public var shown: Int
    /// Of those, results with at least one like, applied or hired event.
    public var positive: Int
    /// Of those, results with at least one dislike.
    public var disliked: Int

    public init(rank: Int, shown: Int, positive: Int, disliked: Int) {
        self.rank = rank
        self.shown = shown
        self.positive = positive
        self.disliked = disliked
    }

    /// Click-through: the share of shown results that got a positive event (0 when none shown).
    public var clickThrough: Double { shown == 0 ? 0 : Double(positive) / Double(shown) }
}
