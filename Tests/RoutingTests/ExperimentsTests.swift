import Routing
import Testing

@Suite("Thompson sampling and A/B assignment")
struct ExperimentsTests {
    @Test("Beta draws are reproducible, inside (0, 1), and average to the mean")
    func beta() {
        var a = BetaSampler(seed: 5)
        var b = BetaSampler(seed: 5)
        let draws = (0..<4000).map { _ in a.next(alpha: 3, beta: 7) }
        #expect(draws == (0..<4000).map { _ in b.next(alpha: 3, beta: 7) })
        #expect(draws.allSatisfy { $0 > 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.3) < 0.01, "mean \(mean)")
        let small = (0..<2000).map { _ in a.next(alpha: 0.5, beta: 0.5) }
        #expect(abs(small.reduce(0, +) / 2000 - 0.5) < 0.03)
    }

    @Test("an unapproved variant is never shown, whatever its record")
    func neverUnapproved() {
        let variants = [
            VariantChooser.Variant(id: "control", approved: true, isControl: true),
            .init(id: "draft", approved: false), .init(id: "b", approved: true),
        ]
        let records = ["draft": VariantChooser.Record(successes: 1000, failures: 0)]
        var sampler = BetaSampler(seed: 1)
        for _ in 0..<500 {
            let choice = VariantChooser().choose(variants, records: records, sampler: &sampler)
            #expect(choice?.id != "draft")
            #expect(choice?.excluded["draft"] == "not approved")
        }
        #expect(VariantChooser().choose([.init(id: "x", approved: false)], records: [:], sampler: &sampler) == nil)
    }

    @Test("simulated traffic converges on the best approved variant; a clear loser is dropped")
    func converges() {
        let truth = ["control": 0.30, "b": 0.45, "c": 0.10]
        let variants = [
            VariantChooser.Variant(id: "control", approved: true, isControl: true),
            .init(id: "b", approved: true), .init(id: "c", approved: true),
        ]
        var records: [String: VariantChooser.Record] = [:]
        var sampler = BetaSampler(seed: 9)
        var world = BetaSampler(seed: 10)
        var lastChoices: [String] = []
        for round in 0..<3000 {
            let choice = VariantChooser().choose(variants, records: records, sampler: &sampler)!
            // The world answers with the variant's true rate (a Beta(1000p, 1000(1−p)) draw is ~p).
            let success = world.next(alpha: 1, beta: 1) < truth[choice.id]!
            if success {
                records[choice.id, default: .init()].successes += 1
            } else {
                records[choice.id, default: .init()].failures += 1
            }
            if round >= 2500 { lastChoices.append(choice.id) }
        }
        let shareB = Double(lastChoices.filter { $0 == "b" }.count) / Double(lastChoices.count)
        #expect(shareB > 0.8, "b was shown \(shareB) of the last 500 times")
        // c drew few trials, as a loser should; once it has enough and trails the control, it is dropped.
        #expect((records["c"]?.trials ?? 0) < (records["b"]?.trials ?? 0) / 10)
        records["c"] = .init(successes: 3, failures: 37)
        let final = VariantChooser().choose(variants, records: records, sampler: &sampler)!
        #expect(final.excluded["c"]?.contains("trails the control") == true && final.draws["c"] == nil)
    }

    @Test("A/B assignment is stable per customer, splits by weight, and reports outcomes per arm")
    func assignment() throws {
        let ab = try ABSwitch(experiment: "refund-wording", arms: ["control", "short"], weights: [3, 1])
        let customers = (0..<8000).map { "cus_\($0)" }
        let arms = customers.map(ab.arm(for:))
        #expect(arms == customers.map(ab.arm(for:)))
        let share = Double(arms.filter { $0 == "short" }.count) / Double(arms.count)
        #expect(abs(share - 0.25) < 0.02, "short got \(share)")
        let other = try ABSwitch(experiment: "other", arms: ["control", "short"], weights: [3, 1])
        #expect(customers.map(other.arm(for:)) != arms, "experiments assign independently")
        let report = ab.report(customers.prefix(100).map { ($0, $0.hasSuffix("7")) })
        #expect(report.values.map(\.trials).reduce(0, +) == 100)
        #expect(report["control"]!.successes + report["short"]!.successes == 10)
        #expect(throws: (any Error).self) { try ABSwitch(experiment: "x", arms: [], weights: []) }
        #expect(throws: (any Error).self) { try ABSwitch(experiment: "x", arms: ["a"], weights: [0]) }
    }
}
