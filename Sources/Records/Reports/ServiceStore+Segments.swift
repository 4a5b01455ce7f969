import Foundation
import GroundedCore
import Storage

extension ServiceStore {
    /// The segments a bias audit compares, in order: region, locale, plan, channel (of the
    /// conversation's first turn; of the answer for answers) and tenure band.
    public static let segmentDimensions = ["region", "locale", "plan", "channel", "tenure"]

    /// A customer's tenure band on `today` from their `customerSince` date: under a year, one to
    /// three years, three or more, or `unknown`.
    public static func tenureBand(since: String?, today: Date) -> String {
        guard let since, let start = day(since) else { return "unknown" }
        let years = today.timeIntervalSince(start) / (365.25 * 86_400)
        return years < 1 ? "<1y" : years < 3 ? "1-3y" : "3y+"
    }

    /// A `YYYY-MM-DD` date at midnight UTC; nil when it is not one.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// Counts of answers, conversations, handoffs, route decisions and QA scores per segment
    /// group (`segmentDimensions`), over every known customer. Customers with no value for a
    /// dimension count under `unknown`.
    /// - Throws: `DatabaseError` when the store cannot be read.
    public func segmentCounts(today: Date = Date()) throws -> [SegmentCounts] {
        var profiles: [String: [String: String]] = [:]
        for row in try database.query("SELECT id, profile FROM customers") {
            let p = try RecordCoding.decode(CustomerProfile.self, row["profile"].string)
            profiles[row["id"].string ?? ""] = [
                "region": p.region?.uppercased() ?? "unknown", "locale": p.locale ?? "unknown",
                "plan": p.plan ?? "unknown", "tenure": Self.tenureBand(since: p.customerSince, today: today),
            ]
        }
        var counts: [String: SegmentCounts] = [:]
        func add(_ customer: String, channel: String, _ change: (inout SegmentCounts) -> Void) {
            guard var segments = profiles[customer] else { return }
            segments["channel"] = channel
            for (dimension, group) in segments {
                let key = dimension + "\u{1F}" + group
                var c = counts[key] ?? SegmentCounts(dimension: dimension, group: group)
                change(&c)
                counts[key] = c
            }
        }
        for row in try database.query(
            """
            SELECT a.customer_id AS customer, a.channel AS channel, a.status AS status, q.score AS score
            FROM answers a LEFT JOIN qa_scores q ON q.answer_id = a.id WHERE a.customer_id IS NOT NULL
            """)
        {
            let status = row["status"].string ?? ""
            let score = row["score"].double
            add(row["customer"].string ?? "", channel: row["channel"].string ?? "none") { c in
                c.answers += 1
                if status == "answered" { c.answered += 1 }
                if status == "declined" { c.declined += 1 }
                if status == "clarify" { c.clarified += 1 }
                if let score {
                    c.qaScores += 1
                    c.qaSum += score
                    c.qaSumOfSquares += score * score
                }
            }
        }
        var conversationChannel: [String: (customer: String, channel: String)] = [:]
        for row in try database.query(
            """
            SELECT c.id AS id, c.customer_id AS customer, t.channel AS channel FROM conversations c
            LEFT JOIN turns t ON t.conversation_id = c.id AND t.idx = 0
            """)
        {
            conversationChannel[row["id"].string ?? ""] = (
                row["customer"].string ?? "", row["channel"].string ?? "none"
            )
        }
        let handedOff = Set(
            try database.query("SELECT DISTINCT conversation_id AS c FROM handoffs").map { $0["c"].string ?? "" })
        for (id, c) in conversationChannel {
            add(c.customer, channel: c.channel) { s in
                s.conversations += 1
                if handedOff.contains(id) { s.handedOff += 1 }
            }
        }
        for row in try database.query(
            "SELECT conversation_id AS c, action FROM route_decisions WHERE conversation_id IS NOT NULL")
        {
            guard let c = conversationChannel[row["c"].string ?? ""] else { continue }
            let person = row["action"].string == "person"
            add(c.customer, channel: c.channel) { s in
                s.routes += 1
                if person { s.routedToPerson += 1 }
            }
        }
        return counts.values.sorted { ($0.dimension, $0.group) < ($1.dimension, $1.group) }
    }
}
