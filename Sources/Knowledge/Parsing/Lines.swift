import GroundedCore

/// The lines of a text: each line's content span (without its line break) and where the next begins.
struct Lines: RandomAccessCollection {
    struct Line {
        /// The line without its terminator.
        var content: TextSpan
        /// Offset just past the terminator (the next line's start).
        var end: Int
    }

    let items: [Line]

    init(_ text: SourceText, from start: Int = 0) {
        var out: [Line] = []
        var lineStart = start
        var i = start
        let s = text.scalars
        while i < s.count {
            if s[i] == "\n" {
                var contentEnd = i
                if contentEnd > lineStart, s[contentEnd - 1] == "\r" { contentEnd -= 1 }
                out.append(Line(content: TextSpan(start: lineStart, end: contentEnd), end: i + 1))
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < s.count {
            var contentEnd = s.count
            if s[contentEnd - 1] == "\r" { contentEnd -= 1 }
            out.append(Line(content: TextSpan(start: lineStart, end: contentEnd), end: s.count))
        }
        items = out
    }

    var startIndex: Int { 0 }
    var endIndex: Int { items.count }
    subscript(i: Int) -> Line { items[i] }
}
