import Embeddings
import Foundation
import GroundedCore
import Testing

@testable import Routing

@Suite("Example votes")
struct ExampleVoteTests {
    @Test("a vote 0.02 nearer counts e times as much; shares sum to one; a class without votes gets none")
    func shares() {
        let shares = ExampleVote.shares([(0.90, 2), (0.88, 0), (0.88, 0)], classes: 4)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-6)
        #expect(abs(shares[2] / shares[0] - exp(1) / 2) < 1e-4)
        #expect(shares[1] == 0 && shares[3] == 0)
        #expect(ExampleVote.shares([], classes: 3) == [0, 0, 0])
    }

    @Test("the blend adds weight × log(share + floor); weight 0 or a missing vote leaves the logits alone")
    func blend() {
        var logits: [Float] = [1, 2, 3]
        ExampleVote(count: 5, weight: 0.5).blend(&logits, shares: [0, 1, 0])
        #expect(abs(logits[0] - (1 + 0.5 * log(ExampleVote.floor))) < 1e-5)
        #expect(abs(logits[1] - (2 + 0.5 * log(1 + ExampleVote.floor))) < 1e-5)
        var same: [Float] = [1, 2, 3]
        ExampleVote(count: 5, weight: 0).blend(&same, shares: [0, 1, 0])
        ExampleVote(count: 5, weight: 2).blend(&same, shares: [])
        #expect(same == [1, 2, 3])
    }

    @Test("fitted out of fold: votes that know the answer get weight, votes that are noise get none")
    func fitWeight() {
        var rng = SplitMix64(seed: 3)
        let classes = 4
        let labels = (0..<400).map { _ in Int.random(in: 0..<classes, using: &rng) }
        // Logits that favour the right class only half the time.
        let logits = labels.map { label -> [Float] in
            var row = (0..<classes).map { _ in Float.random(in: 0..<1, using: &rng) }
            if Bool.random(using: &rng) { row[label] += 1 }
            return row
        }
        func oneHot(_ c: Int) -> [Float] { (0..<classes).map { $0 == c ? 1 : 0 } }
        let knowing = labels.map { oneHot($0) }
        let noise = labels.map { _ in oneHot(Int.random(in: 0..<classes, using: &rng)) }
        let helped = ExampleVote.fitWeight(count: 10, logits: logits, shares: knowing, labels: labels)
        let ignored = ExampleVote.fitWeight(count: 10, logits: logits, shares: noise, labels: labels)
        #expect(helped.weight > 0 && helped.count == 10)
        #expect(ignored.weight == 0)
    }

    @Test("the nearest examples vote, out-of-scope ones for the out-of-scope class")
    func neighbours() {
        // Class 0 near x, class 1 near y, out-of-scope examples (class 2) near z.
        let embeddings: [[Float]] = [
            [1, 0, 0], [0.99, 0.14, 0], [0, 1, 0], [0, 0.99, 0.14], [0, 0, 1], [0.14, 0, 0.99],
        ]
        let labels = [0, 0, 1, 1, 2, 2]
        let neighbours = ExampleNeighbors(embeddings: embeddings, labels: labels, classes: 3, outOfScopeClass: 2)
        let measured = neighbours.measure([[0.1, 0, 0.995], [0.995, 0.1, 0]], voters: 2)
        #expect(measured[0].votes.count == 3 && measured[0].votes[2] > 0.99)
        #expect(measured[1].votes[0] > 0.99)
        #expect(neighbours.measure([[1, 0, 0]]).first?.votes == [])
    }

    @Test(
        """
        where intents are not linearly separable in embedding space, the votes carry the decision; with votes off \
        the classifier cannot
        """
    )
    func nonlinearIntents() throws {
        let (train, unseen, embedder) = Self.crossedIntents()
        let voting = try IntentClassifier.train(train, embedder: embedder)
        let vote = try #require(voting.vote)
        #expect(vote.weight > 0 && vote.count == IntentConfiguration().neighborVotes)
        let plain = try IntentClassifier.train(train, embedder: embedder, configuration: .init(neighborVotes: 0))
        #expect(plain.vote == nil)
        func accuracy(_ classifier: IntentClassifier) throws -> Double {
            let predicted = try classifier.classify(unseen.map(\.text))
            return Double(zip(predicted, unseen).filter { $0.bestInScope == $1.intent }.count) / Double(unseen.count)
        }
        let withVotes = try accuracy(voting)
        let without = try accuracy(plain)
        #expect(withVotes >= 0.9, "with votes \(withVotes)")
        #expect(without < 0.75, "without votes \(without)")
        #expect(try voting.probabilities([unseen[0].text])[0].allSatisfy(\.isFinite))
    }

    /// Two intents laid out as a cross in embedding space — `a` around ±x, `b` around ±y — so that
    /// no linear model of the embedding tells them apart, with meaningless texts so that the
    /// lexical features cannot either.
    static func crossedIntents() -> (IntentExamples, [IntentExamples.Example], TableEmbedder) {
        var rng = SplitMix64(seed: 11)
        var table: [String: [Float]] = [:]
        func example(_ intent: String, axis: Int, sign: Float) -> IntentExamples.Example {
            let text = String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! })
            var v = (0..<4).map { _ in Float.random(in: -0.25...0.25, using: &rng) }
            v[axis] = sign
            table[text] = v
            return IntentExamples.Example(text: text, intent: intent)
        }
        func set(_ perCluster: Int) -> [IntentExamples.Example] {
            (0..<perCluster).flatMap { _ in
                [
                    example("a", axis: 0, sign: 1), example("a", axis: 0, sign: -1),
                    example("b", axis: 1, sign: 1), example("b", axis: 1, sign: -1),
                ]
            }
        }
        let train = set(30)
        let unseen = set(10)
        return (try! IntentExamples(train, source: "crossed intents"), unseen, TableEmbedder(table: table))
    }
}

/// A test fixture, not a stand-in for a model: the vectors the test lays out for its own synthetic
/// texts, so that the geometry the classifier sees is known exactly.
struct TableEmbedder: Embedder {
    let table: [String: [Float]]
    var identifier: String { "table" }
    var dimension: Int { 4 }
    func embed(_ texts: [String]) throws -> [[Float]] { texts.map { table[$0] ?? [0, 0, 1, 0] } }
}
