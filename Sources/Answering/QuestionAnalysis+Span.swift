extension QuestionAnalysis {
    /// A word of a sentence for finding the fact in it: letters and digits, with a currency sign
    /// or a decimal point or thousands comma inside a number kept ("$14.99", "1,000").
    struct Word {
        var start: Int
        var end: Int
        var text: String
        var isNumber: Bool { text.first?.isNumber == true || QuestionAnalysis.numberWords.contains(text) }
        var isMoney: Bool { text.contains { "$£€".contains($0) } && text.contains { $0.isNumber } }
    }

    static func words(_ scalars: [Unicode.Scalar]) -> [Word] {
        var out: [Word] = []
        var i = 0
        func isPart(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || "$£€°".unicodeScalars.contains(s)
        }
        while i < scalars.count {
            guard isPart(scalars[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < scalars.count {
                if isPart(scalars[i]) {
                    i += 1
                    continue
                }
                // "14.99", "1,000": a point or comma between digits stays inside the number.
                if ".,".unicodeScalars.contains(scalars[i]), i > start, i + 1 < scalars.count,
                    ("0"..."9").contains(scalars[i - 1]), ("0"..."9").contains(scalars[i + 1])
                {
                    i += 1
                    continue
                }
                break
            }
            out.append(
                Word(start: start, end: i, text: String(String.UnicodeScalarView(scalars[start..<i])).lowercased()))
        }
        return out
    }

    /// Where in `sentence` the kind of fact the question asks for is, as offsets in Unicode
    /// scalars (`[start, end)`): "45 days", "5 to 10 business days", "$14.99", "12 characters",
    /// "free". Nil when the question expects no particular kind, or the sentence holds none.
    public func expectedAnswerSpan(in sentence: String) -> Range<Int>? {
        let scalars = Array(sentence.unicodeScalars)
        let words = Self.words(scalars)
        // Words that may join a span: separated by spaces or a hyphen only ("1-year", "2 to 4").
        func joined(_ a: Word, _ b: Word) -> Bool {
            scalars[a.end..<b.start].allSatisfy { $0 == " " || $0 == "-" || $0 == "–" }
        }
        // A range continues with its second end: "5 to 10", "5-10", "$25 to $500".
        func extendRange(from last: Int, accept: (Word) -> Bool) -> Int {
            if last + 1 < words.count, accept(words[last + 1]),
                scalars[words[last].end..<words[last + 1].start].allSatisfy({ "-–".unicodeScalars.contains($0) }),
                words[last].end < words[last + 1].start
            {
                return last + 1
            }
            if last + 2 < words.count, ["to", "and", "or"].contains(words[last + 1].text),
                joined(words[last], words[last + 1]), joined(words[last + 1], words[last + 2]), accept(words[last + 2])
            {
                return last + 2
            }
            return last
        }
        // Numbers in digits first: "one" is often not a count ("One hub controls up to 50 bulbs").
        let numbers =
            words.indices.filter { words[$0].text.first?.isNumber == true }
            + words.indices.filter { Self.numberWords.contains(words[$0].text) }
        switch expected {
        case .unspecified:
            return nil
        case .money:
            if let i = words.firstIndex(where: \.isMoney) {
                let end = extendRange(from: i) { $0.isMoney }
                return words[i].start..<words[end].end
            }
            return words.first { $0.text == "free" }.map { $0.start..<$0.end }
        case .count:
            guard let i = numbers.first else { return nil }
            var end = extendRange(from: i) { $0.isNumber }
            // The thing counted: one or two words right after the number ("256 GB", "four modes").
            for _ in 0..<2
            where end + 1 < words.count && joined(words[end], words[end + 1])
                && !words[end + 1].isNumber && !Self.notCounted.contains(words[end + 1].text)
            {
                end += 1
            }
            return words[i].start..<words[end].end
        case .time:
            for i in numbers {
                // A number (or range) with a time unit within two words: "45 days", "5 to 10 business
                // days", "1-year"; then, for a clock time, the range's other end ("7 am to 11 pm").
                let n = extendRange(from: i) { $0.isNumber }
                guard
                    let u = (n + 1..<min(n + 3, words.count)).first(where: { Self.timeUnits.contains(words[$0].text) }),
                    (n..<u).allSatisfy({ joined(words[$0], words[$0 + 1]) })
                else { continue }
                var end = u
                if end + 3 < words.count, ["to", "and"].contains(words[end + 1].text), words[end + 2].isNumber,
                    Self.timeUnits.contains(words[end + 3].text),
                    (end..<end + 3).allSatisfy({ joined(words[$0], words[$0 + 1]) })
                {
                    end += 3
                }
                return words[i].start..<words[end].end
            }
            return nil
        }
    }

    /// Words after a number that are not what it counts ("2 or more", "5 in a row").
    static let notCounted: Set<String> = [
        "to", "and", "or", "in", "on", "of", "for", "at", "by", "with", "from", "is", "are", "a", "an", "the", "per",
    ]
}
