import Engine
import Foundation
import Testing

@Suite("Feature vectors")
struct FeatureVectorTests {
    @Test("both feature sets encode as {\"values\": [...]} in names order and refuse a wrong count")
    func encoding() throws {
        let sentence = SentenceFeatures(values: SentenceFeatures.names.indices.map { Double($0) / 100 })
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(sentence)) as? [String: [Double]]
        #expect(json?.keys.sorted() == ["values"] && json?["values"] == sentence.values)
        #expect(try JSONDecoder().decode(SentenceFeatures.self, from: JSONEncoder().encode(sentence)) == sentence)
        #expect(sentence.followsAgentReply == 0.15 && sentence.topRerank == 0.18)

        let rerank = RerankFeatures(values: RerankFeatures.names.indices.map(Double.init))
        #expect(try JSONDecoder().decode(RerankFeatures.self, from: JSONEncoder().encode(rerank)) == rerank)
        #expect(rerank.contextSentenceVector == 12)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RerankFeatures.self, from: Data(#"{"values": [1, 2]}"#.utf8))
        }
    }
}
