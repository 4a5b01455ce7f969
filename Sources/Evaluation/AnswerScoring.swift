/// SQuAD v1.1 answer scoring: lowercase, drop punctuation and the articles a/an/the, split on
/// whitespace; token F1 and exact match of the normalised strings.
public enum AnswerScoring {
    public static func normalize(_ s: String) -> [String] {
        var kept = ""
        kept.reserveCapacity(s.count)
        for c in s.lowercased() where !(c.isASCII && c.isPunctuation) && !(c.isASCII && c.isSymbol) {
            kept.append(c)
        }
        return kept.split(whereSeparator: { $0.isWhitespace }).map(String.init).filter {
            !["a", "an", "the"].contains($0)
        }
    }

    /// Token F1 between a prediction and a gold answer, 0...1.
    public static func f1(_ prediction: String, _ gold: String) -> Double {
        let p = normalize(prediction)
        let g = normalize(gold)
        guard !p.isEmpty, !g.isEmpty else { return p.isEmpty && g.isEmpty ? 1 : 0 }
        var counts: [String: Int] = [:]
        for t in g { counts[t, default: 0] += 1 }
        var same = 0
        for t in p where (counts[t] ?? 0) > 0 {
            counts[t]! -= 1
            same += 1
        }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p.count)
        let recall = Double(same) / Double(g.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// 1 when the normalised strings are equal, else 0.
    public static func exactMatch(_ prediction: String, _ gold: String) -> Double {
        normalize(prediction) == normalize(gold) ? 1 : 0
    }
}
