import Foundation
import GroundedCore
import Testing

@Suite("Internet time and the stem memo")
struct InternetTimeTests {
    @Test("writes what ISO8601DateFormatter writes and reads it back to the second")
    func sameAsFormatter() {
        let formatter = ISO8601DateFormatter()
        for seconds in [0.0, 1_796_585_329, 1_796_585_329.75, 4_102_444_800] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = InternetTime.string(from: date)
            #expect(text == formatter.string(from: date))
            #expect(InternetTime.date(from: text) == formatter.date(from: text))
        }
        #expect(InternetTime.date(from: "not a date") == nil)
    }

    @Test("the analyzer's terms are the stemmer's, whether the stem was remembered or not")
    func memoisedStems() {
        let analyzer = TextAnalyzer()
        let text = "Returning returned items: the connections, relational generalizations and hopefulness"
        let expected = text.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
            .filter { $0.count > 1 && !Stopwords.english.contains($0) }.map(PorterStemmer.stem)
        #expect(analyzer.terms(text) == expected)
        #expect(analyzer.terms(text) == expected, "the second pass reads the memo")
        // More distinct words than the memo holds: its shards start again and the stems stay right.
        func word(_ n: Int) -> String {
            var n = n
            var s = "w"
            repeat {
                s.append(Character(UnicodeScalar(UInt8(97 + n % 26))))
                n /= 26
            } while n > 0
            return s + "ing"
        }
        let wrong = (0..<70_000).map(word).first { analyzer.terms($0) != [PorterStemmer.stem($0)] }
        #expect(wrong == nil)
    }
}
