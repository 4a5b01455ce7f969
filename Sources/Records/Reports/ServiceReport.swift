import Foundation
import Storage

/// The outcomes that matter to a service team, per channel and per variant: how often self-service
/// resolved the conversation, how often it went to a person, whether the customer had to come
/// back, whether agents took the suggestions, and how well answers were supported.
public struct ServiceReport: Sendable, Hashable, Codable {
    /// One group's figures (rates in percent; nil when the group has nothing to count).
    public struct Row: Sendable, Hashable, Codable {
        public var group: String
        public var conversations: Int
        /// Conversations the bot answered in without a handoff.
        public var deflectionRate: Double?
        /// Conversations handed to a person.
        public var escalationRate: Double?
        /// Conversations resolved without a handoff and without the customer starting another
        /// within the repeat window.
        public var firstContactResolution: Double?
        /// Conversations followed by another from the same customer within the repeat window.
        public var repeatContactRate: Double?
        /// Agent suggestions accepted, of those given feedback: a suggestion counts once, by the
        /// agent's last word on it — used, edited or thumbs-up accept it; ignored or thumbs-down
        /// do not (a draft used and then voted down is not accepted).
        public var suggestionAcceptance: Double?
        /// Of the suggestions put into a reply (used or edited), those the agent edited first.
        public var suggestionEditRate: Double? = nil
        /// The mean QA score of the bot's scored answers, 0 … 1.
        public var meanQAScore: Double?
        /// The counts behind the rates, for intervals and tests: conversations deflected and
        /// escalated, QA scores and their standard deviation, thumbs on the bot's answers.
        public var deflections = 0
        public var escalations = 0
        public var qaScores = 0
        public var qaStandardDeviation: Double? = nil
        public var thumbsUp = 0
        public var thumbsDown = 0
    }

    public var byChannel: [Row]
    public var byVariant: [Row]
    public var overall: Row
}

extension ServiceStore {
    /// The service report over every conversation. A conversation's channel is that of its first
    /// turn; its variant is `variant(customerID)` (an A/B arm), when given.
    public func report(variant: ((String) -> String)? = nil) throws -> ServiceReport {
        struct Item {
            var channel = "none", customer = "", started = 0.0
            var answered = false, handedOff = false, repeated = false
            var accepted = 0, rated = 0, replied = 0, edited = 0, up = 0, down = 0
            var qa: [Double] = []
        }
        var items: [String: Item] = [:]
        for row in try database.query("SELECT id, customer_id, started_at FROM conversations") {
            items[row["id"].string ?? ""] = Item(
                customer: row["customer_id"].string ?? "", started: row["started_at"].double ?? 0)
        }
        for row in try database.query(
            """
            SELECT t.conversation_id AS c, t.channel AS channel FROM turns t
            WHERE t.idx = (SELECT MIN(idx) FROM turns WHERE conversation_id = t.conversation_id)
            """)
        {
            items[row["c"].string ?? ""]?.channel = row["channel"].string ?? "none"
        }
        for row in try database.query(
            "SELECT DISTINCT conversation_id AS c FROM turns WHERE author = 'bot' AND answer_id IS NOT NULL")
        {
            items[row["c"].string ?? ""]?.answered = true
        }
        for row in try database.query("SELECT DISTINCT conversation_id AS c FROM handoffs") {
            items[row["c"].string ?? ""]?.handedOff = true
        }
        // Each suggestion once, by its latest feedback.
        for row in try database.query(
            """
            SELECT s.conversation_id AS c, f.action AS action
            FROM suggestion_feedback f JOIN suggestions s ON s.id = f.suggestion_id
            WHERE f.id = (SELECT MAX(id) FROM suggestion_feedback WHERE suggestion_id = f.suggestion_id)
            """)
        {
            items[row["c"].string ?? ""]?.rated += 1
            if ["used", "edited", "thumbs-up"].contains(row["action"].string ?? "") {
                items[row["c"].string ?? ""]?.accepted += 1
            }
        }
        // Each suggestion put into a reply once, edited if any of its uses was.
        for row in try database.query(
            """
            SELECT s.conversation_id AS c, MAX(CASE WHEN f.action = 'edited' THEN 1 ELSE 0 END) AS edited
            FROM suggestion_feedback f JOIN suggestions s ON s.id = f.suggestion_id
            WHERE f.action IN ('used', 'edited') GROUP BY s.id, s.conversation_id
            """)
        {
            items[row["c"].string ?? ""]?.replied += 1
            items[row["c"].string ?? ""]?.edited += row["edited"].int ?? 0
        }
        for row in try database.query(
            """
            SELECT t.conversation_id AS c, q.score AS score FROM qa_scores q JOIN turns t ON t.answer_id = q.answer_id
            """)
        {
            items[row["c"].string ?? ""]?.qa.append(row["score"].double ?? 0)
        }
        for row in try database.query(
            """
            SELECT t.conversation_id AS c, f.rating AS rating FROM feedback f JOIN turns t ON t.answer_id = f.target_id
            WHERE f.target_kind = 'answer' AND f.rating IS NOT NULL
            """)
        {
            if row["rating"].string == "up" { items[row["c"].string ?? ""]?.up += 1 }
            if row["rating"].string == "down" { items[row["c"].string ?? ""]?.down += 1 }
        }
        // Repeat contact: another conversation of the same customer within the window.
        let byCustomer = Dictionary(grouping: items.values.map { ($0.customer, $0.started) }, by: \.0).mapValues {
            $0.map(\.1).sorted()
        }
        for (id, item) in items {
            items[id]?.repeated = (byCustomer[item.customer] ?? []).contains {
                $0 > item.started && $0 <= item.started + ConversationStore.repeatContactWindow
            }
        }

        func row(_ group: String, _ list: [Item]) -> ServiceReport.Row {
            func rate(_ n: Int, _ d: Int) -> Double? { d == 0 ? nil : 100 * Double(n) / Double(d) }
            let n = list.count
            let rated = list.map(\.rated).reduce(0, +)
            let accepted = list.map(\.accepted).reduce(0, +)
            let qa = list.flatMap(\.qa)
            var row = ServiceReport.Row(
                group: group, conversations: n,
                deflectionRate: rate(list.filter { $0.answered && !$0.handedOff }.count, n),
                escalationRate: rate(list.filter(\.handedOff).count, n),
                firstContactResolution: rate(list.filter { !$0.handedOff && !$0.repeated && $0.answered }.count, n),
                repeatContactRate: rate(list.filter(\.repeated).count, n),
                suggestionAcceptance: rate(accepted, rated),
                meanQAScore: qa.isEmpty ? nil : qa.reduce(0, +) / Double(qa.count))
            row.suggestionEditRate = rate(list.map(\.edited).reduce(0, +), list.map(\.replied).reduce(0, +))
            row.deflections = list.filter { $0.answered && !$0.handedOff }.count
            row.escalations = list.filter(\.handedOff).count
            row.qaScores = qa.count
            if qa.count >= 2, let mean = row.meanQAScore {
                row.qaStandardDeviation = (qa.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(qa.count - 1))
                    .squareRoot()
            }
            row.thumbsUp = list.map(\.up).reduce(0, +)
            row.thumbsDown = list.map(\.down).reduce(0, +)
            return row
        }
        let all = Array(items.values)
        let channels = Dictionary(grouping: all, by: \.channel).sorted { $0.key < $1.key }.map { row($0.key, $0.value) }
        let variants =
            variant.map { v in
                Dictionary(grouping: all) { v($0.customer) }.sorted { $0.key < $1.key }.map { row($0.key, $0.value) }
            } ?? []
        return ServiceReport(byChannel: channels, byVariant: variants, overall: row("all", all))
    }
}
