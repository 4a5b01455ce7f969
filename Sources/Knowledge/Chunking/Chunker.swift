import GroundedCore

/// Cuts a parsed document into chunks: by section (heading), then whole blocks, then sentences,
/// then word windows, packed to `maxWords`, with sentence overlap and tiny chunks merged.
///
/// Pure value; thread-safe.
public struct Chunker: Sendable {
    public let configuration: ChunkerConfiguration

    public init(configuration: ChunkerConfiguration = .init()) { self.configuration = configuration }

    /// One packable piece: a block, a sentence or a word window.
    struct Unit {
        var span: TextSpan
        var words: Int
        var sentences: [TextSpan]
        var isHeading: Bool
        var overlappable: Bool
        /// The headings above the unit (a heading's own path ends with itself).
        var headingPath: [String] = []
    }

    struct Draft {
        var units: [Unit]
        var headingPath: [String]
        var words: Int { units.reduce(0) { $0 + $1.words } }
    }

    public func chunk(_ body: ParsedBody, metadata: DocumentMetadata) -> [Chunk] {
        let text = body.text
        var drafts: [Draft] = []
        var path: [(level: Int, title: String)] = []
        var units: [Unit] = []
        var sectionPath: [String] = []

        func closeSection() {
            drafts.append(contentsOf: pack(units, headingPath: sectionPath))
            units = []
        }
        for block in body.blocks {
            if let level = block.headingLevel {
                closeSection()
                path.removeAll { $0.level >= level }
                path.append((level, text.slice(block.span)))
                sectionPath = path.map(\.title)
                units.append(
                    Unit(
                        span: block.span, words: wordCount(text, block.span), sentences: [], isHeading: true,
                        overlappable: false, headingPath: sectionPath))
                continue
            }
            units.append(
                contentsOf: self.units(of: block, in: text).map { u in
                    var u = u
                    u.headingPath = sectionPath
                    return u
                })
        }
        closeSection()
        drafts = mergeTiny(drafts)
        return drafts.enumerated().map { i, d in
            let span = TextSpan(start: d.units.first!.span.start, end: d.units.last!.span.end)
            var sentences: [TextSpan] = []
            var sections: [ChunkSection] = []
            for u in d.units {
                for s in u.sentences where sentences.last.map({ $0.end <= s.start }) ?? true {
                    if sections.last?.headingPath != u.headingPath {
                        sections.append(ChunkSection(firstSentence: sentences.count, headingPath: u.headingPath))
                    }
                    sentences.append(s)
                }
            }
            // One section under the chunk's own headings needs no record.
            if sections.count == 1, sections[0].headingPath == d.headingPath { sections = [] }
            return Chunk(
                documentID: metadata.id, documentVersion: metadata.version, ordinal: i, span: span,
                headingPath: d.headingPath, sentences: sentences, text: text.slice(span), sections: sections)
        }
    }

    /// A block as one unit when it fits, else its sentences, else word windows.
    func units(of block: Block, in text: SourceText) -> [Unit] {
        let sentences = SentenceSplitter.split(text, block.span)
        let words = wordCount(text, block.span)
        if words <= configuration.maxWords {
            return [
                Unit(
                    span: block.span, words: words, sentences: sentences, isHeading: false,
                    overlappable: sentences.count == 1 && words <= configuration.overlapWords)
            ]
        }
        var out: [Unit] = []
        for s in sentences {
            let w = wordCount(text, s)
            if w <= configuration.maxWords {
                out.append(
                    Unit(
                        span: s, words: w, sentences: [s], isHeading: false,
                        overlappable: w <= configuration.overlapWords))
            } else {
                for window in wordWindows(text, s) {
                    out.append(
                        Unit(
                            span: window, words: wordCount(text, window), sentences: [window], isHeading: false,
                            overlappable: false))
                }
            }
        }
        return out
    }

    /// Greedy packing of a section's units, repeating small trailing sentences as overlap.
    func pack(_ units: [Unit], headingPath: [String]) -> [Draft] {
        var drafts: [Draft] = []
        var current: [Unit] = []
        var words = 0
        for unit in units {
            if !current.isEmpty, words + unit.words > configuration.maxWords {
                drafts.append(Draft(units: current, headingPath: headingPath))
                var carried: [Unit] = []
                var carriedWords = 0
                for u in current.reversed() {
                    guard u.overlappable, carriedWords + u.words <= configuration.overlapWords,
                        carriedWords + u.words + unit.words <= configuration.maxWords
                    else { break }
                    carried.insert(u, at: 0)
                    carriedWords += u.words
                }
                current = carried
                words = carriedWords
            }
            current.append(unit)
            words += unit.words
        }
        if !current.isEmpty { drafts.append(Draft(units: current, headingPath: headingPath)) }
        return drafts
    }

    /// Merges chunks under `minWords` (a lone heading, a one-line section) into a neighbour.
    func mergeTiny(_ drafts: [Draft]) -> [Draft] {
        var out: [Draft] = []
        var pending: Draft?
        for var d in drafts {
            if let p = pending {
                d = Draft(units: p.units + d.units, headingPath: p.words > d.words ? p.headingPath : d.headingPath)
                pending = nil
            }
            if d.words < configuration.minWords {
                if let last = out.last, last.words + d.words <= configuration.maxWords,
                    !d.units.contains(where: \.isHeading)
                {
                    out[out.count - 1] = Draft(units: last.units + d.units, headingPath: last.headingPath)
                } else {
                    pending = d
                }
                continue
            }
            out.append(d)
        }
        if let p = pending {
            if let last = out.last {
                out[out.count - 1] = Draft(
                    units: last.units + p.units, headingPath: last.words >= p.words ? last.headingPath : p.headingPath)
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// Windows of at most `maxWords` words over an over-long sentence.
    func wordWindows(_ text: SourceText, _ span: TextSpan) -> [TextSpan] {
        var out: [TextSpan] = []
        var start = span.start
        var count = 0
        var i = span.start
        var lastWordEnd = span.start
        let s = text.scalars
        while i < span.end {
            while i < span.end, s[i].properties.isWhitespace { i += 1 }
            guard i < span.end else { break }
            if count == 0 { start = i }
            while i < span.end, !s[i].properties.isWhitespace { i += 1 }
            lastWordEnd = i
            count += 1
            if count == configuration.maxWords {
                out.append(TextSpan(start: start, end: lastWordEnd))
                count = 0
            }
        }
        if count > 0 { out.append(TextSpan(start: start, end: lastWordEnd)) }
        return out
    }

    func wordCount(_ text: SourceText, _ span: TextSpan) -> Int {
        var n = 0
        var inWord = false
        for i in span.range {
            let ws = text.scalars[i].properties.isWhitespace
            if !ws && !inWord { n += 1 }
            inWord = !ws
        }
        return n
    }
}
