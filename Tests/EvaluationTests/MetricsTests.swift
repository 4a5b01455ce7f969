import Engine
import Foundation
import Testing

@testable import Evaluation

@Suite("Evaluation metrics")
struct MetricsTests {
    @Test("SQuAD normalisation drops case, punctuation and articles; F1 and exact match follow")
    func squad() {
        #expect(AnswerScoring.normalize("The  Cat, sat on a mat!") == ["cat", "sat", "on", "mat"])
        #expect(AnswerScoring.exactMatch("the cat", "Cat.") == 1)
        #expect(AnswerScoring.exactMatch("a cat sat", "cat") == 0)
        // prediction "cat sat down" vs gold "the cat sat": 2 common, p = 2/3, r = 1 → 0.8
        #expect(abs(AnswerScoring.f1("cat sat down", "the cat sat") - 0.8) < 1e-12)
        #expect(AnswerScoring.f1("dog", "cat") == 0)
        // Repeated tokens count once per occurrence in the gold.
        #expect(abs(AnswerScoring.f1("yes yes yes", "yes no") - 0.4) < 1e-12)
    }

    @Test("recall, MRR and nDCG on hand-computed rankings")
    func ranking() {
        var m = RankingMetrics()
        // Relevant at rank 2 of 10; one relevant chunk exists; gold document ranked 3rd.
        m.add(relevant: [false, true] + Array(repeating: false, count: 8), relevantCount: 1, goldDocumentRank: 3)
        // Nothing relevant retrieved; gold document not retrieved.
        m.add(relevant: Array(repeating: false, count: 10), relevantCount: 2, goldDocumentRank: nil)
        let p = m.percentages
        #expect(p.questions == 2)
        #expect(p.chunkRecallAt1 == 0)
        #expect(p.chunkRecallAt5 == 50)
        #expect(p.chunkMRRAt10 == 25)
        #expect(abs(p.chunkNDCGAt10 - 50 / log2(3.0)) < 1e-9)
        #expect(p.documentRecallAt1 == 0 && p.documentRecallAt5 == 50 && p.documentRecallAt10 == 50)
    }

    @Test("a conversation becomes the latest turn, the recent user turns, and the agent's last reply")
    func conversationalQueries() {
        let c = ConversationalQueryConfiguration(latestWeight: 1, historyWeight: 1.5, userTurns: 3, agentWeight: 1)
        #expect(
            c.queries([ConversationTurn(role: .user, text: "lost card")]) == [WeightedQuery("lost card", weight: 1)])
        let turns: [ConversationTurn] = [
            .init(role: .user, text: "u1"), .init(role: .agent, text: "a1"), .init(role: .user, text: "u2"),
            .init(role: .agent, text: "a2"), .init(role: .user, text: "u3"), .init(role: .agent, text: "a3"),
            .init(role: .user, text: "u4"),
        ]
        #expect(
            c.queries(turns) == [
                WeightedQuery("u4", weight: 1), WeightedQuery("u2 u3 u4", weight: 1.5), WeightedQuery("a3", weight: 1),
            ])
        #expect(c.queries([.init(role: .agent, text: "hello")]).isEmpty)
    }

    @Test("the pairwise reranker learns which feature marks the relevant candidate")
    func rerankerFit() throws {
        // Feature 4 (coverage) is high exactly on the relevant candidate; feature 0 is noise
        // that favours a wrong one.
        var state: UInt64 = 42
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Double(state >> 11) / Double(1 << 53)
        }
        var queries: [RerankerTraining.Query] = []
        for i in 0..<60 {
            let relevantAt = i % 5
            var features: [RerankFeatures] = []
            for c in 0..<5 {
                var v = (0..<RerankFeatures.names.count).map { _ in noise() * 0.2 }
                v[4] = c == relevantAt ? 0.9 : 0.3 * noise()
                v[0] = c == (relevantAt + 1) % 5 ? 0.8 : 0.1
                features.append(RerankFeatures(values: v))
            }
            queries.append(
                .init(
                    questionIndex: i, conversational: false, features: features,
                    relevant: (0..<5).map { $0 == relevantAt }, chunkIDs: (0..<5).map(Int64.init)))
        }
        let model = try RerankerTraining().fit(queries)
        #expect(model.weights[4] > 0)
        #expect(model.weights[4] > model.weights[0])
        for q in queries {
            let best = q.features.indices.max { model.score(q.features[$0]) < model.score(q.features[$1]) }!
            #expect(q.relevant[best])
        }
        #expect(throws: RetrievalError.self) { try LinearReranker(bias: 0, weights: [1, 2]) }
    }

    @Test("the sentence model learns which feature marks the sentence with the best token F1")
    func sentenceFit() throws {
        var groups: [(features: [SentenceFeatures], gains: [Double])] = []
        for i in 0..<40 {
            let gold = i % 4
            let features = (0..<4).map { c in
                var v = [Double](repeating: 0.5, count: SentenceFeatures.names.count)
                v[1] = c == gold ? 0.9 : 0.2  // coverage marks the best sentence
                v[7] = c == (gold + 1) % 4 ? 1 : 0.3  // length favours a weaker one
                return SentenceFeatures(values: v)
            }
            groups.append((features, (0..<4).map { $0 == gold ? 0.8 : $0 == (gold + 1) % 4 ? 0.25 : 0 }))
        }
        // A group whose best sentence is below the minimum gain teaches nothing.
        groups.append(
            (
                (0..<2).map { _ in SentenceFeatures(values: [Double](repeating: 1, count: SentenceFeatures.names.count))
                }, [0.1, 0]
            ))
        let model = try RerankerTraining().fitSentences(groups)
        #expect(model.weights[1] > model.weights[7])
        for g in groups.dropLast() {
            let pick = g.features.indices.max { model.score(g.features[$0]) < model.score(g.features[$1]) }!
            #expect(g.gains[pick] == 0.8)
        }
        #expect(throws: RetrievalError.self) { try SentenceModel(weights: [1]) }
    }

    @Test("the answerability model gives useful answers higher probabilities, and rejects bad weights")
    func answerabilityFit() throws {
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var examples: [(features: SentenceFeatures, useful: Bool)] = []
        for i in 0..<200 {
            let useful = i % 3 == 0
            var v = (0..<SentenceFeatures.names.count).map { _ in noise() }
            v[1] = useful ? 0.5 + 0.5 * noise() : 0.6 * noise()  // coverage separates, with overlap
            examples.append((SentenceFeatures(values: v), useful))
        }
        let model = try RerankerTraining().fitAnswerability(examples)
        #expect(model.weights[1] > 0)
        let useful = examples.filter(\.useful).map { model.probability($0.features) }
        let useless = examples.filter { !$0.useful }.map { model.probability($0.features) }
        let meanUseful: Double = useful.reduce(0, +) / Double(useful.count)
        let meanUseless: Double = useless.reduce(0, +) / Double(useless.count)
        #expect(meanUseful > meanUseless + 0.2)
        #expect(examples.allSatisfy { (0...1).contains(model.probability($0.features)) })
        #expect(throws: RetrievalError.self) { try AnswerabilityModel(bias: .nan, weights: model.weights) }
        #expect(throws: RetrievalError.self) { try AnswerabilityModel(bias: 0, weights: [1]) }
    }

    @Test("questions are assigned to folds by dialogue, stably")
    func folds() throws {
        let line =
            #"""
            {"id": "d1_3", "dial_id": "d1", "turn_id": 3, "doc_id": "x", "question": "q", "history": [], "answer": \#
            {"text": "t", "start": 0, "end": 1}}
            """#
        let q = try JSONDecoder().decode(Doc2DialQuestion.self, from: Data(line.utf8))
        var other = q
        other.id = "d1_5"
        #expect(RerankerTraining.fold(of: q, folds: 5) == RerankerTraining.fold(of: other, folds: 5))
        #expect((0..<5).contains(RerankerTraining.fold(of: q, folds: 5)))
        #expect(q.conversation.last == ConversationTurn(role: .user, text: "q"))
    }
}
