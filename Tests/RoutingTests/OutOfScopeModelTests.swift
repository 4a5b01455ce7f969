import Foundation
import GroundedCore
import Testing

@testable import Routing

@Suite("The out-of-scope decision")
struct OutOfScopeModelTests {
    /// Seeded signals: in-scope messages are confident and near their examples; out-of-scope ones
    /// are less confident and farther, with overlap, so no threshold is perfect.
    static func sample(inScope: Int, outOfScope: Int, seed: UInt64 = 1) -> (signals: [OutOfScopeSignals], oos: [Bool]) {
        var rng = SplitMix64(seed: seed)
        func noise() -> Float { Float(rng.nextUnitDouble()) - 0.5 }
        var signals: [OutOfScopeSignals] = []
        for i in 0..<(inScope + outOfScope) {
            let outside = i >= inScope
            signals.append(
                OutOfScopeSignals(
                    confidence: min(0.999, max(0.01, (outside ? 0.55 : 0.85) + 0.5 * noise())),
                    outOfScopeProbability: max(0.001, (outside ? 0.2 : 0.02) + 0.1 * noise()),
                    margin: (outside ? 0.5 : 2) + 2 * noise(),
                    nearestExample: (outside ? 0.45 : 0.7) + 0.4 * noise(), nearestExamples: 0.5 + 0.1 * noise(),
                    nearestOutOfScopeExample: 0.4 + 0.1 * noise(), intentCentroid: 0.6 + 0.1 * noise()))
        }
        return (signals, (0..<(inScope + outOfScope)).map { $0 >= inScope })
    }

    @Test("fitted out of fold, it ranks out-of-scope messages above in-scope ones on unseen signals")
    func ranks() throws {
        let train = Self.sample(inScope: 600, outOfScope: 60)
        let model = try #require(
            OutOfScopeModel.fit(
                train.signals, outOfScope: train.oos, correct: train.oos.map { !$0 }, maxInScopeRejection: 0.05))
        #expect(model.signals.count == OutOfScopeSignal.allCases.count)
        // The informative signals carry weight in the right direction: low confidence and a far
        // nearest example mean "out of scope"; a probable out-of-scope class too.
        let weight = Dictionary(uniqueKeysWithValues: zip(model.signals, model.weights))
        #expect(weight[.confidence]! < 0 && weight[.nearestExample]! < 0 && weight[.outOfScopeClass]! > 0)
        let test = Self.sample(inScope: 300, outOfScope: 300, seed: 2)
        let scores = test.signals.map(model.score)
        var pairs = 0
        var ordered = 0
        for i in 0..<300 {
            for j in 300..<600 {
                pairs += 1
                if scores[j] > scores[i] { ordered += 1 }
            }
        }
        #expect(Double(ordered) / Double(pairs) > 0.9, "AUC \(Double(ordered) / Double(pairs))")
    }

    @Test("with a budget, the threshold rejects at most that share of in-scope examples, and no more than needed")
    func budget() throws {
        let train = Self.sample(inScope: 500, outOfScope: 50)
        for budget in [0.0, 0.02, 0.1, 0.3] {
            let model = try #require(
                OutOfScopeModel.fit(
                    train.signals, outOfScope: train.oos, correct: train.oos.map { !$0 }, maxInScopeRejection: budget))
            let rejected = zip(train.signals, train.oos).filter { !$1 && model.score($0) > model.threshold }.count
            #expect(rejected == Int(budget * 500), "budget \(budget): rejects \(rejected) of 500")
            #expect(abs(model.inScopeRejected - Double(rejected) / 500) < 1e-9)
            #expect(model.outOfScopeRecall >= 0 && model.outOfScopeRecall <= 1)
        }
    }

    @Test("without a budget, the threshold maximises the mean of in-scope accuracy and out-of-scope recall")
    func balanced() throws {
        let scores: [Float] = [0.1, 0.2, 0.3, 0.9, 0.4, 0.8, 0.35]
        let outside = [false, false, false, true, false, true, true]
        let correct = [true, true, false, true, true, true, true]
        let t = OutOfScopeModel.threshold(
            scores: scores, outOfScope: outside, correct: correct, maxInScopeRejection: nil)
        func value(_ t: Float) -> Double {
            let accepted = scores.indices.filter { !outside[$0] && correct[$0] && scores[$0] <= t }.count
            let caught = scores.indices.filter { outside[$0] && scores[$0] > t }.count
            return (Double(accepted) / 4 + Double(caught) / 3) / 2
        }
        for candidate in scores + [0, 1] { #expect(value(t) >= value(candidate), "threshold \(t) vs \(candidate)") }
        // Rejecting above 0.3 (or 0.2) catches all three out-of-scope messages and keeps two of the
        // three right in-scope ones: better than keeping all three and catching two.
        let best: Double = (2.0 / 4 + 1) / 2
        #expect(value(t) == best)
    }

    @Test("the deciding signal is the one that pushed hardest towards out of scope")
    func deciding() throws {
        let train = Self.sample(inScope: 400, outOfScope: 40)
        let model = try #require(
            OutOfScopeModel.fit(
                train.signals, outOfScope: train.oos, correct: train.oos.map { !$0 }, maxInScopeRejection: 0.02))
        var far = train.signals[0]
        far.nearestExample = -0.5
        #expect(model.decidingSignal(far) == .nearestExample)
        var unsure = train.signals[0]
        unsure.confidence = 0.01
        #expect(model.decidingSignal(unsure) == .confidence)
    }

    @Test("no out-of-scope examples, or only them: nothing to fit")
    func nothingToFit() {
        let train = Self.sample(inScope: 20, outOfScope: 0)
        #expect(
            OutOfScopeModel.fit(train.signals, outOfScope: train.oos, correct: train.oos, maxInScopeRejection: 0.1)
                == nil)
        let only = Self.sample(inScope: 0, outOfScope: 5)
        #expect(
            OutOfScopeModel.fit(only.signals, outOfScope: only.oos, correct: only.oos, maxInScopeRejection: 0.1) == nil)
    }

    @Test("the logistic fit recovers the direction of a noisy linear rule, and solves a small system exactly")
    func logistic() throws {
        var rng = SplitMix64(seed: 9)
        var x: [[Double]] = []
        var y: [Bool] = []
        for _ in 0..<2000 {
            let a = rng.nextUnitDouble() * 4 - 2
            let b = rng.nextUnitDouble() * 4 - 2
            x.append([a, b])
            // True log-odds 2a − b + 0.5.
            let odds: Double = 2 * a - b + 0.5
            let p: Double = 1 / (1 + exp(-odds))
            y.append(rng.nextUnitDouble() < p)
        }
        let beta = LogisticFit.fit(x, labels: y, ridge: 0.01)
        #expect((1.5...2.5).contains(beta[0]), "\(beta)")
        #expect((-1.4 ... -0.6).contains(beta[1]), "\(beta)")
        let solved = try #require(LogisticFit.solve([[2, 1], [1, 3]], [3, 5]))
        #expect(abs(solved[0] - 0.8) < 1e-12 && abs(solved[1] - 1.4) < 1e-12)
        #expect(LogisticFit.solve([[1, 2], [2, 4]], [1, 1]) == nil)
    }
}
