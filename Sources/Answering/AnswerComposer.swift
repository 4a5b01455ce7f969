import Embeddings
import Foundation
import GroundedCore
import Knowledge
import LexicalIndex
import Retrieval

/// Composes grounded answers: retrieves chunks, scores their sentences against the question,
/// picks the best few, cites each by its exact span, verifies every citation, and declines when
/// the support is too weak.
///
/// Thread safety: immutable; `answer` may run concurrently.
public struct AnswerComposer: Sendable {
    public let retriever: HybridRetriever
    public let configuration: AnswerConfiguration
    public let verifier: CitationVerifier
    /// Reads misspelt and run-together words as the documents write them, before retrieval.
    public let normalizer: QueryNormalizer

    public init(retriever: HybridRetriever, configuration: AnswerConfiguration = .init()) {
        self.retriever = retriever
        self.configuration = configuration
        self.verifier = CitationVerifier(knowledge: retriever.knowledge)
        self.normalizer = QueryNormalizer(knowledge: retriever.knowledge)
    }

    /// The conversation with every user turn normalized, and the latest turn's rewrites.
    func normalized(
        _ conversation: [ConversationTurn]
    ) -> (turns: [ConversationTurn], rewrites: [QueryNormalizer.Rewrite]) {
        var rewrites: [QueryNormalizer.Rewrite] = []
        let last = conversation.lastIndex { $0.role == .user }
        let turns = conversation.enumerated().map { i, turn in
            guard turn.role == .user else { return turn }
            let (text, changes) = normalizer.normalize(turn.text)
            if i == last { rewrites = changes }
            return ConversationTurn(role: .user, text: text)
        }
        return (turns, rewrites)
    }

    struct Candidate {
        var hitRank: Int
        var hit: SearchHit
        var document: StoredDocument
        var span: TextSpan
        /// The sentence's place in its chunk (`StoredChunk.sentences`).
        var position: Int
        var text: String
        var coverage: Double
        /// Coverage by the sentence's own words, without credit from its headings.
        var directCoverage: Double
        var isFragment: Bool
        var score: Double
        /// The question's embedding against the sentence's own, stored at ingest (0 when none).
        var similarity: Double
        var features: SentenceFeatures
    }

    /// One candidate answer sentence with its features, for fitting a `SentenceModel`.
    public struct ScoredSentence: Sendable {
        public var documentID: String
        public var span: TextSpan
        public var text: String
        public var features: SentenceFeatures
    }

    /// The candidate sentences for the latest user turn of a conversation, with their features.
    public func candidates(
        conversation typed: [ConversationTurn], filter: RetrievalFilter = .init()
    ) throws -> [ScoredSentence] {
        let conversation = normalized(typed).turns
        let question = conversation.last(where: { $0.role == .user })?.text ?? ""
        let hits = try retriever.search(conversation: conversation, k: configuration.hitsToRead, filter: filter)
        let analysis = QuestionAnalysis(question, analyzer: retriever.knowledge.analyzer)
        return try scoredCandidates(question, analysis: analysis, hits: hits, context: Self.context(conversation)).map {
            ScoredSentence(documentID: $0.document.metadata.id, span: $0.span, text: $0.text, features: $0.features)
        }
    }

    /// What the conversation said before its latest user turn.
    struct Context {
        /// The last four turns' words.
        var earlierTurns = ""
        /// The agent's (or bot's) reply just before the latest user turn.
        var agentReply = ""
    }

    static func context(_ conversation: [ConversationTurn]) -> Context {
        guard let last = conversation.lastIndex(where: { $0.role == .user }) else { return Context() }
        return Context(
            earlierTurns: conversation[..<last].suffix(4).map(\.text).joined(separator: " "),
            agentReply: conversation[..<last].last(where: { $0.role != .user })?.text ?? "")
    }

    /// Answers `question` from the documents `filter` admits.
    /// - Throws: retrieval errors (a damaged index).
    public func answer(_ question: String, filter: RetrievalFilter = .init()) throws -> GroundedAnswer {
        try answer(conversation: [ConversationTurn(role: .user, text: question)], filter: filter)
    }

    /// Answers the latest user turn of a conversation; retrieval uses the earlier turns too
    /// (`HybridRetriever.search(conversation:)`).
    public func answer(
        conversation typed: [ConversationTurn], filter: RetrievalFilter = .init()
    ) throws -> GroundedAnswer {
        let (conversation, rewrites) = normalized(typed)
        let last = typed.lastIndex { $0.role == .user }
        let parts = last.map { QuestionParts.split(typed[$0].text) } ?? []
        var answer: GroundedAnswer
        if let last, parts.count > 1,
            let merged = try answerEach(parts, after: Array(conversation[..<last]), filter: filter)
        {
            answer = merged
        } else {
            answer = try answerLatest(conversation, filter: filter)
        }
        answer.question = typed.last(where: { $0.role == .user })?.text ?? ""
        answer.rewrites = rewrites
        return answer.greeting(for: filter.profile)
    }

    /// The answer to the latest user turn, retrieved with the conversation before it.
    func answerLatest(_ conversation: [ConversationTurn], filter: RetrievalFilter) throws -> GroundedAnswer {
        let question = conversation.last(where: { $0.role == .user })?.text ?? ""
        let hits = try retriever.search(conversation: conversation, k: configuration.hitsToRead, filter: filter)
        return try compose(question, hits: hits, context: Self.context(conversation))
    }

    /// One answer to a message of several questions (`QuestionParts`, as typed): each part is
    /// normalized and answered in turn, the parts before it serving as its conversation ("…and
    /// how much is it?"), and the answered parts' sentences are joined in order; the parts the
    /// documents do not answer are listed, as typed, in `unansweredParts`. Nil when no part is
    /// answered: the message is then answered as a whole.
    func answerEach(
        _ parts: [String], after earlier: [ConversationTurn], filter: RetrievalFilter
    ) throws -> GroundedAnswer? {
        let read = parts.map { normalizer.normalize($0).text }
        var answers: [GroundedAnswer] = []
        for i in parts.indices {
            let asked = read[...i].map { ConversationTurn(role: .user, text: $0) }
            answers.append(try answerLatest(earlier + asked, filter: filter))
        }
        let answered = answers.filter { $0.status == .answered }
        guard let confidence = answered.map(\.confidence).min() else { return nil }
        var sentences: [AnswerSentence] = []
        var sources: [SearchHit] = []
        for a in answered {
            sentences += a.sentences.filter { s in !sentences.contains { $0.citation == s.citation } }
            sources += a.sources.filter { h in !sources.contains { $0.chunkID == h.chunkID } }
        }
        var merged = GroundedAnswer(
            question: parts.joined(separator: " "), status: .answered, sentences: sentences,
            confidence: confidence, declineReason: nil, sources: sources,
            verified: answered.allSatisfy(\.verified))
        merged.unansweredParts = zip(parts, answers).filter { $0.1.status != .answered }.map(\.0)
        return merged
    }

    /// The answer to `question` from the retrieved `hits`; `context` is the rest of the
    /// conversation, if any.
    func compose(
        _ question: String, hits: [SearchHit], context conversation: Context = Context()
    ) throws -> GroundedAnswer {
        var candidates: [Candidate] = []
        func decline(_ code: DeclineCode, _ reason: String, confidence: Double = 0) -> GroundedAnswer {
            var answer = GroundedAnswer(
                question: question, status: .declined, sentences: [], confidence: confidence,
                declineReason: reason, sources: Array(hits.prefix(3)), verified: true)
            answer.declineCode = code
            answer.alternatives = alternatives(candidates, chosen: [])
            return answer
        }
        let analysis = QuestionAnalysis(question, analyzer: retriever.knowledge.analyzer)
        guard !analysis.terms.isEmpty else {
            return decline(.noSearchableWords, "the question has no searchable words")
        }
        guard !hits.isEmpty else {
            return decline(.noMatchingDocument, "no document in the knowledge base matches the question")
        }
        // A sentence that is itself a question (an FAQ's heading) never answers one.
        candidates = try scoredCandidates(question, analysis: analysis, hits: hits, context: conversation)
            .filter { !$0.text.hasSuffix("?") }
        guard !candidates.isEmpty else {
            return decline(.noAnsweringSentence, "the closest documents have no sentence that answers the question")
        }

        let best: Candidate
        switch try verdict(question, analysis: analysis, candidates: candidates, context: conversation) {
        case .decline(let code, let reason, let confidence):
            return decline(code, reason, confidence: confidence)
        case .askBack(let options, let confidence):
            var answer = GroundedAnswer(
                question: question, status: .clarify, sentences: [], confidence: confidence,
                declineReason: nil, sources: Array(hits.prefix(3)), verified: true)
            answer.options = options
            answer.alternatives = alternatives(candidates, chosen: [])
            return answer
        case .answer(let lead):
            best = lead
        }
        let chosen = chosenSentences(leadingWith: best, from: candidates)
        var sentences: [AnswerSentence] = []
        for c in chosen {
            let m = c.document.metadata
            let citation = Citation(
                documentID: m.id, version: m.version, title: m.title, start: c.span.start,
                end: c.span.end, quote: c.text)
            // A source whose text changed after ingest is an error, never "verified"; otherwise nothing
            // leaves unverified: a citation whose source does not read as quoted is dropped.
            guard try verifier.verified(citation) else { continue }
            var explanation = Dictionary(uniqueKeysWithValues: zip(SentenceFeatures.names, c.features.values))
            if let model = configuration.sentenceModel { explanation["model"] = model.score(c.features) }
            if let boost = c.hit.profileBoost { explanation["profileBoost"] = boost }
            if let model = configuration.answerabilityModel {
                explanation["answerability"] = model.probability(c.features)
            }
            sentences.append(AnswerSentence(text: c.text, citation: citation, score: c.score, explanation: explanation))
        }
        guard !sentences.isEmpty else {
            return decline(.unverifiable, "no citation could be verified against its source")
        }
        let sources = hits.filter { h in chosen.contains { $0.hit.chunkID == h.chunkID } }
        let confidence = configuration.answerabilityModel.map { $0.probability(best.features) } ?? min(1, best.score)
        var answer = GroundedAnswer(
            question: question, status: .answered, sentences: sentences, confidence: confidence,
            declineReason: nil, sources: sources, verified: true)
        answer.shortAnswer = shortAnswer(question, analysis, in: sentences, lead: best.text)
        answer.alternatives = alternatives(candidates, chosen: sentences.map(\.citation))
        return answer
    }

    /// The sentences `chosen` cites and the best others, `alternativesShown` in all at least, by
    /// score, best first, the chosen ones marked.
    func alternatives(_ candidates: [Candidate], chosen: [Citation]) -> [CandidateSentence] {
        func isChosen(_ c: Candidate) -> Bool {
            chosen.contains {
                $0.documentID == c.document.metadata.id && $0.start == c.span.start && $0.end == c.span.end
            }
        }
        let ranked = candidates.sorted { ($0.score, $1.hitRank) > ($1.score, $0.hitRank) }
        let others = ranked.filter { !isChosen($0) }.prefix(max(0, configuration.alternativesShown - chosen.count))
        return ranked.filter { c in
            isChosen(c) || others.contains { $0.hit.chunkID == c.hit.chunkID && $0.span == c.span }
        }
        .map { c in
            let m = c.document.metadata
            return CandidateSentence(
                documentID: m.id, version: m.version, start: c.span.start, end: c.span.end, text: c.text,
                score: c.score, coverage: c.coverage, chosen: isChosen(c))
        }
    }

    /// Every sentence of the hits' chunks with its heuristic score and features.
    func scoredCandidates(
        _ question: String, analysis: QuestionAnalysis, hits: [SearchHit],
        context conversation: Context
    ) throws -> [Candidate] {
        let knowledge = retriever.knowledge
        let questionTerms = analysis.terms
        guard !questionTerms.isEmpty else { return [] }
        // Term weights are summed in term order, never a dictionary's (which differs from process
        // to process), so the same question scores the same after a restart.
        let conversationIDF = Set(knowledge.analyzer.terms(conversation.earlierTurns)).union(questionTerms).sorted()
            .map { (key: $0, value: knowledge.lexical.idf($0)) }
        let conversationWeights = conversationIDF.reduce(0) { $0 + $1.value }
        let pairs = Set(zip(questionTerms, questionTerms.dropFirst()).map { $0.0 + " " + $0.1 })
        let sortedWeights = Set(questionTerms).sorted().map { (key: $0, value: knowledge.lexical.idf($0)) }
        let totalWeight = sortedWeights.reduce(0) { $0 + $1.value }
        let questionVector = try knowledge.embedder.embed(question)
        let agentIDF = Set(knowledge.analyzer.terms(conversation.agentReply)).sorted().map {
            (key: $0, value: knowledge.lexical.idf($0))
        }
        let agentWeight = agentIDF.reduce(0) { $0 + $1.value }

        // Document support: a document several retrieved chunks come from is likelier the source.
        var documentSupport: [String: Double] = [:]
        for h in hits { documentSupport[h.documentID + "@" + h.documentVersion, default: 0] += h.score }
        let maxSupport = documentSupport.values.max() ?? 1
        // How sure retrieval is of each chunk and of its best one: the reranker's score, squashed
        // to -1...1 (0 where no reranker ordered the hits). The best one says whether the index
        // holds an answer at all, which the answerability model needs.
        func sureness(_ hit: SearchHit) -> Double { hit.rerankScore.map { tanh($0 / configuration.rerankScale) } ?? 0 }
        let topSureness = hits.map(sureness).max() ?? 0

        // The words of a title and heading path, analysed once per answer: sections repeat across sentences.
        var contexts: [[String]: Set<String>] = [:]
        func contextTerms(_ path: [String], title: String) -> Set<String> {
            if let known = contexts[[title] + path] { return known }
            let terms = Set(knowledge.analyzer.terms(([title] + path).joined(separator: " ")))
            contexts[[title] + path] = terms
            return terms
        }

        var candidates: [Candidate] = []
        var seen: Set<String> = []
        for (rank, hit) in hits.enumerated() {
            guard let chunk = knowledge.chunks[hit.chunkID] else { continue }
            let document = knowledge.document(of: chunk)
            let titleTerms = Set(knowledge.analyzer.terms(document.metadata.title))
            let titleCoverage =
                totalWeight > 0
                ? sortedWeights.reduce(0) { $0 + (titleTerms.contains($1.key) ? $1.value : 0) } / totalWeight : 0
            var previousDirect = 0.0
            let sentenceSimilarities = knowledge.sentenceSimilarities(questionVector, chunk: chunk.id)
            for (position, span) in chunk.sentences.enumerated() {
                let text = document.text.slice(span)
                // The headings this sentence is under (a chunk may pack several small sections).
                let headingPath = chunk.headingPath(ofSentence: position)
                let context = contextTerms(headingPath, title: document.metadata.title)
                let words = knowledge.analyzer.terms(text)
                let terms = Set(words)
                // Coverage by the sentence's own words (summed in a fixed order: reproducible scores).
                let ownCoverage =
                    totalWeight > 0
                    ? sortedWeights.reduce(0) { $0 + (terms.contains($1.key) ? $1.value : 0) } / totalWeight : 0
                defer { previousDirect = ownCoverage }
                guard seen.insert("\(document.key):\(span.start)").inserted, terms.count >= 2 else { continue }
                // A list item or table cell reads as part of its heading; a full sentence less so.
                let isFragment = !(text.last.map { ".!?".contains($0) } ?? false)
                let contextWeight = isFragment ? configuration.fragmentContextWeight : configuration.contextWeight
                // The sentence that opens a section answers its heading ("Tools you need" → "A small flat
                // screwdriver, …"): that heading's words count for it as `openingHeadingWeight`.
                let opening = headingPath.last.flatMap { h in
                    h != document.metadata.title && opensSection(position, of: chunk, in: document) ? h : nil
                }
                let heading = opening.map { contextTerms([$0], title: "") } ?? []
                var covered = 0.0
                for (t, w) in sortedWeights {
                    if terms.contains(t) {
                        covered += w
                    } else if heading.contains(t) {
                        covered += max(contextWeight, configuration.openingHeadingWeight) * w
                    } else if context.contains(t) {
                        covered += contextWeight * w
                    }
                }
                let coverage = totalWeight > 0 ? covered / totalWeight : 0
                // Embedded in its context, as chunks are indexed: a table row means nothing alone. A
                // neural embedder is too slow for every sentence: its chunk's similarity stands in.
                let semantic: Double
                if knowledge.embedder.isLightweight {
                    let sentenceVector = try knowledge.embedder.embed(
                        Chunk.indexText(title: document.metadata.title, headingPath: headingPath, text: text))
                    semantic = max(0, Double(zip(questionVector, sentenceVector).reduce(Float(0)) { $0 + $1.0 * $1.1 }))
                } else {
                    semantic = max(0, hit.vectorSimilarity ?? 0)
                }
                let support = (documentSupport[hit.documentID + "@" + hit.documentVersion] ?? 0) / maxSupport
                // Where the sentence stands: its chunk's rank, its document's share of the hits, and
                // how much of the question the document's title names.
                let prior = configuration.rankPrior.value(rank: rank, support: support, titleCoverage: titleCoverage)
                let typed = analysis.sentenceHasExpectedAnswer(text) ? configuration.answerTypeBonus : 0
                let score =
                    configuration.coverageWeight * coverage + configuration.semanticWeight * semantic
                    + configuration.rankWeight * prior + typed + configuration.profileWeight * (hit.profileBoost ?? 0)
                let sentencePairs = Set(zip(words, words.dropFirst()).map { $0.0 + " " + $0.1 })
                let conversationCovered = conversationIDF.reduce(0) {
                    $0 + (terms.contains($1.key) || context.contains($1.key) ? $1.value : 0)
                }
                let directShare = ownCoverage
                let similarity = position < sentenceSimilarities.count ? max(0, sentenceSimilarities[position]) : 0
                let features = SentenceFeatures(
                    heuristic: min(1, score), coverage: coverage, directCoverage: directShare,
                    conversationCoverage: conversationWeights > 0 ? conversationCovered / conversationWeights : 0,
                    semantic: semantic, chunkRank: 1 / Double(rank + 1), firstInChunk: position == 0 ? 1 : 0,
                    length: min(Double(text.split(separator: " ").count), 60) / 60, fragment: isFragment ? 1 : 0,
                    answerType: typed > 0 ? 1 : 0, titleCoverage: titleCoverage,
                    phrase: pairs.isEmpty ? 0 : Double(pairs.intersection(sentencePairs).count) / Double(pairs.count),
                    previousCoverage: previousDirect, question: text.hasSuffix("?") ? 1 : 0,
                    agentOverlap: agentWeight > 0
                        ? agentIDF.reduce(0) { $0 + (terms.contains($1.key) ? $1.value : 0) } / agentWeight : 0,
                    // Known only once every candidate is: `markFollowingAgentReply` sets it.
                    followsAgentReply: 0,
                    sentenceVector: similarity, chunkRerank: sureness(hit), topRerank: topSureness)
                candidates.append(
                    Candidate(
                        hitRank: rank, hit: hit, document: document, span: span, position: position,
                        text: text,
                        coverage: coverage, directCoverage: directShare,
                        isFragment: isFragment, score: score, similarity: similarity,
                        features: features))
            }
        }
        markFollowingAgentReply(&candidates)
        return candidates
    }

    /// Whether sentence `position` of `chunk` is the first under its heading: a section of the
    /// chunk starts at it, or it is the chunk's first and a heading comes before it in the chunk.
    func opensSection(_ position: Int, of chunk: StoredChunk, in document: StoredDocument) -> Bool {
        if chunk.sections.contains(where: { $0.firstSentence == position }) { return true }
        guard position == 0, let first = chunk.sentences.first, first.start > chunk.span.start else { return false }
        return document.text.slice(TextSpan(start: chunk.span.start, end: first.start)).contains { $0.isLetter }
    }

    /// A conversation moves through its document: the next answer tends to come just after what
    /// the agent last said. The candidate that repeats most of the agent's reply (at least
    /// `followAnchorOverlap` of its term weight) anchors; sentences of its document starting
    /// within `followWindow` characters after it get `followsAgentReply` = 1.
    func markFollowingAgentReply(_ candidates: inout [Candidate]) {
        guard let anchor = candidates.max(by: { $0.features.agentOverlap < $1.features.agentOverlap }),
            anchor.features.agentOverlap >= configuration.followAnchorOverlap
        else { return }
        for i in candidates.indices where candidates[i].document.key == anchor.document.key {
            let gap = candidates[i].span.start - anchor.span.end
            if gap >= 0 && gap <= configuration.followWindow { candidates[i].features.followsAgentReply = 1 }
        }
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
