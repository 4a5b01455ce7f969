/// What happened to one segment of customers (`region` `GB`, `plan` `plus`, `tenure` `1-3y`…):
/// the counts a bias audit turns into rates. Answers are the bot's replies to the segment's
/// customers; conversations, their conversations; routes, the route decisions in those.
public struct SegmentCounts: Sendable, Hashable, Codable {
    public var dimension: String
    public var group: String
    public var answers = 0
    public var answered = 0
    public var declined = 0
    public var clarified = 0
    public var conversations = 0
    public var handedOff = 0
    public var routes = 0
    public var routedToPerson = 0
    public var qaScores = 0
    public var qaSum = 0.0
    public var qaSumOfSquares = 0.0

    public init(dimension: String, group: String) {
        self.dimension = dimension
        self.group = group
    }
}
