import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Knowledge
import NIOFoundationEssentialsCompat
import Records
import Routing
import ServiceDesk
import Testing

@testable import Server

@Suite("Access control")
struct AccessControlTests {
    /// `METHOD /path/{param}` for a router route.
    static func operation(_ method: String, _ path: String) -> String {
        let parts = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        return "\(method) /" + parts.joined(separator: "/")
    }

    @Test("the access table lists exactly the routes served, and the OpenAPI document states the same roles")
    func tableCoversEveryRoute() throws {
        let fixture = try ServerFixture()
        let served = Set(
            fixture.service.router().routes.map { Self.operation($0.method.rawValue, $0.path.description) })
        let ruled = Set(AccessRule.table.map { Self.operation($0.method, $0.path) })
        #expect(
            served == ruled, "no rule: \(served.subtracting(ruled)); rule without route: \(ruled.subtracting(served))")
        #expect(AccessRule.table.count == Set(AccessRule.table.map { $0.method + $0.path }).count, "one rule per route")

        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for rule in AccessRule.table {
            let path = rule.path
            let operation = try #require(paths[path]?[rule.method.lowercased()], "\(rule.method) \(path) undocumented")
            if let roles = rule.roles {
                #expect(operation["x-roles"] as? [String] == roles.map(\.rawValue).sorted(), "\(rule.method) \(path)")
                let documented = Set(
                    ((operation["parameters"] as? [[String: Any]]) ?? []).filter { $0["in"] as? String == "query" }
                        .compactMap { $0["name"] as? String })
                #expect(
                    documented == QueryRule.parameters(method: rule.method, path: path),
                    "\(rule.method) \(path): query parameters")
            } else {
                #expect((operation["security"] as? [Any])?.isEmpty == true, "\(rule.method) \(path) is public")
            }
        }
    }

    @Test("a query parameter a route does not take is refused with 400 naming it, on every keyed route")
    func unknownQueries() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for (uri, name) in [
                ("/v1/handoffs?conversaton=x", "conversaton"), ("/v1/policies?kind=routing", "kind"),
                ("/v1/documents/returns-policy?verison=2", "verison"), ("/v1/feedback/report?all=1", "all"),
                ("/v1/audit/verify?from=3", "from"),
            ] {
                let response = try await client.get(uri)
                #expect(
                    response.status == .badRequest && response.text.contains("unknown query parameter `\(name)`"),
                    "\(uri): \(response.text)")
            }
            #expect(try await client.get("/v1/handoffs?conversation=conv_none").status == .ok)
        }
    }

    /// Real ids and bodies for every route, so that an admitted call can succeed.
    struct Targets {
        var answer = "", customer = "", conversation = "", handoff = "", suggestion = "", route = "", document = ""
        var erasable = "", review = ""
        var proposals: [String] = []
    }

    @Test(
        "every route, walked with no key, a bad key, each role it refuses and each role it admits: 401, 401, 403, 2xx")
    func walkEveryRoute() async throws {
        // An experiment runs, so that its report exists to be read; the index is the walk's own,
        // as it promotes a staged build.
        let index = try ServerFixture.privateIndex("walk-index")
        let fixture = try ExperimentAPITests.fixture(engine: try GroundedEngine(index: index))
        let keys = try Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, try fixture.key($0)) })
        let secondLead = try fixture.key(.opsLead, person: "second-lead@example.com")
        let counts = Counts()

        try await fixture.test { client in
            // Ids made with the admin key.
            var t = Targets()
            let handed = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {"customer": {"email": "walk@example.com"}, "message": "I want a person, my lamp arrived \#
                        damaged"}
                        """#
                ))
                .decode(AnswerResponse.self)
            t.answer = handed.id
            t.customer = try #require(handed.customerID)
            t.conversation = try #require(handed.conversationID)
            t.handoff = try #require(handed.handoff?.id)
            let stream = try await client.get("/v1/conversations/\(t.conversation)/assist?limit=1")
            t.suggestion = try #require(try AssistAPITests.events(String(buffer: stream.body)).first?.actions.first?.id)
            t.route = try
                (try await client.post("/v1/route", json: #"{"message": "How long do I have to return an item?"}"#))
                .decode(RecordedRoute.self).id
            // A public document, chosen the same way every run (a dictionary's first value is not:
            // an internal one is rightly 404 to a channel key).
            t.document = try #require(
                CorpusFixture.engine.knowledge.documents.values.filter { $0.metadata.audience == .public }
                    .map(\.metadata.id).sorted().first)
            let other = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {"customer": {"email": "erase-me@example.com"}, "message": "How long do I have to return an \#
                        item?"}
                        """#
                ))
                .decode(AnswerResponse.self)
            t.erasable = try #require(other.customerID)
            // A flagged answer in the review queue (resolved once, before its customer is erased).
            try fixture.service.store.answers.flagForReview(answerID: other.id, score: 0.3, reasons: ["walk"])
            t.review = other.id
            let targets = t

            var version = 0
            func routingProposal() -> String {
                version += 1
                let document = String(
                    decoding: try! JSONEncoder().encode(
                        RoutePolicy(version: "walk-\(version)", answerConfidenceAtLeast: 0.4)), as: UTF8.self)
                return #"{"document": \#(document), "reason": "walk"}"#
            }
            // A proposal by someone other than the approving lead.
            let proposal = try await client.execute(
                uri: "/v1/policies/routing/proposals", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(keys[.knowledgeManager]!)"],
                body: ByteBuffer(string: routingProposal()))
            #expect(proposal.status == .created, "\(proposal.text)")
            let proposalID = try #require(
                (try JSONSerialization.jsonObject(with: Data(buffer: proposal.body)) as? [String: Any])
                    .flatMap { $0["change"] as? [String: Any] }?["id"] as? String)

            func request(_ rule: AccessRule) -> (uri: String, body: String?) {
                var uri = rule.path
                for (name, value) in [("{id}", id(for: rule)), ("{kind}", "routing")] {
                    uri = uri.replacingOccurrences(of: name, with: value)
                }
                if rule.path.hasSuffix("/assist") { uri += "?limit=1" }
                return (uri, body(for: rule))
            }
            func id(for rule: AccessRule) -> String {
                switch rule.path {
                case "/v1/answers/{id}", "/a/{id}": targets.answer
                case "/v1/documents/{id}": targets.document
                case "/v1/routes/{id}": targets.route
                case "/v1/customers/{id}": rule.method == "DELETE" ? targets.erasable : targets.customer
                case "/v1/customers/{id}/consents", "/v1/customers/{id}/outreach": targets.customer
                case "/v1/handoffs/{id}": targets.handoff
                case "/v1/qa/reviews/{id}/assign", "/v1/qa/reviews/{id}/resolve": targets.review
                case "/v1/suggestions/{id}/feedback": targets.suggestion
                case "/v1/policy-changes/{id}", "/v1/policy-changes/{id}/approve": proposalID
                default: targets.conversation
                }
            }
            func body(for rule: AccessRule) -> String? {
                switch (rule.method, rule.path) {
                case ("POST", "/v1/answer"), ("POST", "/v1/route"):
                    #"{"message": "How long do I have to return an item?"}"#
                case ("POST", "/v1/feedback"):
                    #"{"targetKind": "answer", "targetID": "\#(targets.answer)", "who": "walker", "rating": "up"}"#
                case ("POST", "/v1/feedback/reset"):
                    #"{"targetKind": "answer", "targetID": "\#(targets.answer)", "reason": "walk"}"#
                case ("POST", "/v1/events"):
                    #"""
                    {"customer": {"email": "walk@example.com"}, "type": "order_placed", "data": {"product": \#
                    "lumen-hub"}}
                    """#
                case ("PUT", "/v1/customers/{id}/consents"):
                    #"{"purpose": "marketing", "granted": true, "source": "walk"}"#
                case ("POST", "/v1/conversations/{id}/reply"): #"{"agent": "walker", "text": "Happy to help."}"#
                case ("POST", "/v1/suggestions/{id}/feedback"): #"{"agent": "walker", "action": "thumbs-up"}"#
                case ("POST", "/v1/qa/reviews/{id}/assign"): #"{"reviewer": "walker"}"#
                case ("POST", "/v1/qa/reviews/{id}/resolve"): #"{"verdict": "correct"}"#
                case ("POST", "/v1/qa/score"): String(decoding: try! JSONEncoder().encode(other), as: UTF8.self)
                case ("POST", "/v1/policies/{kind}/proposals"): routingProposal()
                case ("POST", "/v1/policies/{kind}/rollback"), ("POST", "/v1/builds/staged/promote"),
                    ("POST", "/v1/builds/staged/discard"):
                    #"{"reason": "walk"}"#
                case ("POST", "/v1/builds/staged/ask"): #"{"question": "How long do I have to return an item?"}"#
                default: rule.method == "GET" || rule.method == "DELETE" ? nil : "{}"
                }
            }
            func call(_ rule: AccessRule, key: String?) async throws -> TestResponse {
                // Promoting and discarding use the staged build up: stage one whenever none is.
                if rule.path.hasPrefix("/v1/builds/staged/"), try Ingestor(index: index).stagedBuild() == nil {
                    _ = try Ingestor(index: index).stage(TestPaths.corpus)
                }
                let (uri, body) = request(rule)
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[.authorization] = key.map { "Bearer \($0)" } ?? ""
                return try await client.execute(
                    uri: uri, method: .init(rule.method)!, headers: headers, body: body.map { ByteBuffer(string: $0) })
            }

            // State-changing routes an admitted role can call only once go last, in order.
            let once: [String] = [
                "POST /v1/policy-changes/{id}/approve", "POST /v1/policies/{kind}/rollback",
                "POST /v1/qa/reviews/{id}/resolve", "DELETE /v1/customers/{id}",
            ]
            let ordered =
                AccessRule.table.filter { !once.contains($0.method + " " + $0.path) }
                + once.compactMap { o in AccessRule.table.first { $0.method + " " + $0.path == o } }
            for rule in ordered {
                let name = "\(rule.method) \(rule.path)"
                guard let roles = rule.roles else {
                    let response = try await call(rule, key: nil)
                    #expect(
                        (200..<300).contains(response.status.code),
                        "\(name) is public: \(response.status) \(response.text)")
                    counts.add(public: 1)
                    continue
                }
                #expect(try await call(rule, key: nil).status == .unauthorized, "\(name) without a key")
                #expect(
                    try await call(rule, key: "gk_000000000000_00000000000000000000000000000000").status
                        == .unauthorized, "\(name) with an unknown key")
                #expect(try await call(rule, key: "not-a-key").status == .unauthorized, "\(name) with a malformed key")
                for role in Role.allCases where !roles.contains(role) {
                    let response = try await call(rule, key: keys[role])
                    #expect(response.status == .forbidden, "\(name) as \(role.rawValue): \(response.status)")
                    counts.add(refused: 1)
                }
                let admitted = once.contains(name) ? [roles.sorted { $0.rawValue < $1.rawValue }.first!] : Array(roles)
                for role in admitted {
                    // The approver must be an ops lead other than the proposer; the walk's lead is.
                    let key = role == .opsLead && name.contains("approve") ? secondLead : keys[role]
                    let response = try await call(rule, key: key)
                    #expect(
                        (200..<300).contains(response.status.code),
                        "\(name) as \(role.rawValue): \(response.status) \(response.text)")
                    counts.add(admitted: 1)
                }
                counts.add(route: 1)
            }
        }
        print(
            "access walk: \(counts.routes) keyed routes and \(counts.publicRoutes) public; \(counts.refused) "
                + "refused-role calls (403), \(counts.admitted) admitted calls (2xx), plus 3 unauthenticated calls "
                + "(401) per keyed route"
        )
        #expect(counts.routes + counts.publicRoutes == AccessRule.table.count)
    }

    @Test("a revoked key is refused at the next request")
    func revokedKey() async throws {
        let fixture = try ServerFixture()
        let key = try fixture.key(.agent)
        try await fixture.test(key: key) { client in
            #expect(try await client.get("/v1/handoffs").status == .ok)
            let id = try APIKey(parsing: key).id
            try fixture.host.access.revoke(id: id)
            let refused = try await client.get("/v1/handoffs")
            #expect(refused.status == .unauthorized && refused.text.contains("revoked"))
            #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }

    @Test("without a key only the public routes answer; unknown paths say 401, not 404, so probing reveals nothing")
    func noKey() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(key: nil) { client async throws in
            #expect(try await client.get("/health").status == .ok)
            #expect(try await client.get("/v1/handoffs").status == .unauthorized)
            #expect(try await client.get("/v1/nothing-here").status == .unauthorized)
        }
        try await fixture.test { client async throws in
            #expect(try await client.get("/v1/nothing-here").status == .notFound)
        }
    }
}

/// Tallies across the walk's async closure.
final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var routes = 0, publicRoutes = 0, refused = 0, admitted = 0

    func add(route: Int = 0, public p: Int = 0, refused r: Int = 0, admitted a: Int = 0) {
        lock.lock()
        defer { lock.unlock() }
        routes += route
        publicRoutes += p
        refused += r
        admitted += a
    }
}
