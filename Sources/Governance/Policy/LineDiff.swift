/// A line diff in unified style (` ` kept, `-` removed, `+` added), by longest common
/// subsequence — policies are a few dozen lines, so the quadratic table is small.
public enum LineDiff {
    public static func unified(
        from old: String, to new: String, oldName: String = "active", newName: String = "proposed"
    ) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append(" " + a[i])
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                lines.append("+" + b[j])
                j += 1
            } else {
                lines.append("-" + a[i])
                i += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
