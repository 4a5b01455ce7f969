import Customers
import Engine
import Foundation
import GroundedCore
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import ServiceDesk
import Testing

@testable import Server

/// The bias audit on a synthetic population of 2,000 customers driven through the API, with one
/// planted skew: customers writing in French-Canadian locale ask, half the time, questions the
/// documents do not answer (others a tenth of the time). Every other segment is drawn at random
/// independently of the questions, so the audit must find the locale gap and nothing else.
@Suite("Bias audit")
struct FairnessAuditTests {
    @Test("2,000 synthetic customers, one planted skew: the locale gap in declines is flagged, and only it")
    func plantedSkew() async throws {
        let engine = CorpusFixture.engine
        let suite = try AssistDraftCoverageTests.questions()
        let answerable = Array(suite.filter { try! engine.ask($0.question).status == .answered }.prefix(12))
        let unanswerable = Array(suite.filter { try! engine.ask($0.question).status == .declined }.prefix(6))
        #expect(answerable.count == 12 && unanswerable.count == 6)
        // The population, drawn before it is driven (seeded: the same every run).
        struct Person: Sendable {
            var region, locale, since, plan, channel, question: String
        }
        var random = SplitMix64(seed: 2026)
        func pick<T>(_ xs: [T]) -> T { xs[Int(random.next() % UInt64(xs.count))] }
        var people: [Person] = []
        for _ in 0..<2_000 {
            let locale = pick(["en-US", "en-US", "en-GB", "fr-CA"])
            let region = pick(["US", "CA", "GB"])
            let since = "20\(pick(["18", "20", "23", "25", "26"]))-0\(1 + Int(random.next() % 6))-15"
            let plan = pick(["basic", "plus"])
            let declineShare = locale == "fr-CA" ? 0.5 : 0.1
            let q = random.nextUnitDouble() < declineShare ? pick(unanswerable) : pick(answerable)
            people.append(
                Person(
                    region: region, locale: locale, since: since, plan: plan, channel: pick(["chat", "sms", "email"]),
                    question: q.question))
        }
        let population = people
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for (i, p) in population.enumerated() {
                let who = #""customer": {"email": "pop\#(i)@example.com"}"#
                _ = try await client.post(
                    "/v1/events",
                    json: #"""
                        {\#(who), "type": "profile_updated", "data": {"region": "\#(p.region)",
                         "locale": "\#(p.locale)", "customerSince": "\#(p.since)"}}
                        """#)
                _ = try await client.post(
                    "/v1/events", json: #"{\#(who), "type": "plan_changed", "data": {"plan": "\#(p.plan)"}}"#)
                let message = String(decoding: try JSONEncoder().encode(p.question), as: UTF8.self)
                let answer = try await client.post(
                    "/v1/answer", json: #"{\#(who), "channel": "\#(p.channel)", "message": \#(message)}"#)
                #expect(answer.status == .ok)
            }
            let response = try await client.get("/v1/reports/fairness")
            let report = try response.decode(FairnessReport.self)
            for flag in report.flags { print("flagged: \(flag)") }
            let locale = try #require(report.dimensions.first { $0.name == "locale" })
            let declined = try #require(locale.outcomes.first { $0.name == "declined" })
            for g in declined.groups {
                print(String(format: "declined, %@: %.1f%% [%.1f, %.1f] of %d", g.group, g.value, g.low, g.high, g.n))
            }
            #expect(declined.flagged && declined.highest == "fr-CA", "\(declined)")
            #expect(declined.groups.map(\.n).reduce(0, +) == 2_000, "every answer counted once per dimension")
            let flaggedDimensions = Set(
                report.dimensions.filter { $0.outcomes.contains(where: \.flagged) }.map(\.name))
            #expect(flaggedDimensions == ["locale"], "only the planted skew: \(report.flags)")
        }
    }
}
