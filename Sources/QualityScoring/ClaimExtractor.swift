import Foundation

/// Splits an answer's text into sentences and the citation markers each carries. A marker after a
/// sentence's full stop ("… 30 days. [1]") belongs to that sentence, as does one before it.
enum ClaimExtractor {
    typealias Sentence = ClaimedSentence

    private static let marker = try! NSRegularExpression(pattern: #"\[(\d+(?:\s*,\s*\d+)*)\]"#)

    static func sentences(_ answer: String) -> [Sentence] {
        // Cut at sentence ends followed by white space, then hand leading markers back.
        var pieces: [String] = []
        var current = ""
        let characters = Array(answer)
        var i = 0
        while i < characters.count {
            current.append(characters[i])
            if ".!?".contains(characters[i]), i + 1 < characters.count, characters[i + 1].isWhitespace {
                pieces.append(current)
                current = ""
            }
            i += 1
        }
        pieces.append(current)

        var out: [(text: String, markers: [Int])] = []
        for piece in pieces {
            var text = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            // Markers at the start of a piece belong to the sentence before it.
            while let m = leadingMarker(text) {
                if !out.isEmpty { out[out.count - 1].markers += m.numbers }
                text = String(text.dropFirst(m.length)).trimmingCharacters(in: .whitespaces)
            }
            guard !text.isEmpty else { continue }
            let ns = text as NSString
            var numbers: [Int] = []
            for match in marker.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                numbers += parse(ns.substring(with: match.range(at: 1)))
            }
            let stripped = marker.stringByReplacingMatches(
                in: text, range: NSRange(location: 0, length: ns.length), withTemplate: ""
            )
            .replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: "  ", with: " ")
            .trimmingCharacters(in: .whitespaces)
            out.append((stripped, numbers))
        }
        return out.filter { !$0.text.isEmpty }.map { Sentence(text: $0.text, markers: Array(Set($0.markers)).sorted()) }
    }

    private static func leadingMarker(_ text: String) -> (numbers: [Int], length: Int)? {
        let ns = text as NSString
        guard let m = marker.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), m.range.location == 0
        else { return nil }
        return (parse(ns.substring(with: m.range(at: 1))), ns.substring(with: m.range).count)
    }

    private static func parse(_ list: String) -> [Int] {
        list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// A marker covers the unmarked sentences before it back to the previous marker ("A. B. [1]":
    /// [1] supports A and B). Unmarked sentences after the last marker cite nothing: a sentence
    /// tacked on after the sources were named is never credited to them.
    static func coveringMarkers(_ sentences: [Sentence]) -> [Sentence] {
        var out = sentences
        var next: [Int] = []
        for i in out.indices.reversed() {
            if out[i].markers.isEmpty {
                out[i] = Sentence(text: out[i].text, markers: next)
            } else {
                next = out[i].markers
            }
        }
        return out
    }
}
