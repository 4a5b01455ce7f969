import Foundation

/// Binary logistic regression on a few dense features, by Newton's method (iteratively
/// reweighted least squares) with a ridge penalty, each class weighted to half the total so a
/// hundred out-of-scope examples count as much as fifteen thousand in-scope ones.
enum LogisticFit {
    /// The coefficients, one per feature, then the intercept.
    static func fit(_ x: [[Double]], labels: [Bool], ridge: Double, iterations: Int = 50) -> [Double] {
        let k = x.first?.count ?? 0
        let n = Double(x.count)
        let positives = Double(labels.filter { $0 }.count)
        let weightOf = (positive: n / (2 * max(positives, 1)), negative: n / (2 * max(n - positives, 1)))
        var beta = [Double](repeating: 0, count: k + 1)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: k + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k + 1)
            for (row, label) in zip(x, labels) {
                let z = zip(row, beta).reduce(beta[k]) { $0 + $1.0 * $1.1 }
                let p = 1 / (1 + exp(-z))
                let w = label ? weightOf.positive : weightOf.negative
                let residual = w * ((label ? 1 : 0) - p)
                let curvature = w * max(p * (1 - p), 1e-12)
                for a in 0...k {
                    let xa = a == k ? 1 : row[a]
                    gradient[a] += residual * xa
                    for b in 0...a { hessian[a][b] += curvature * xa * (b == k ? 1 : row[b]) }
                }
            }
            for a in 0...k {
                for b in 0..<a { hessian[b][a] = hessian[a][b] }
                if a < k {
                    gradient[a] -= ridge * beta[a]
                    hessian[a][a] += ridge
                }
            }
            guard let step = solve(hessian, gradient) else { break }
            for a in 0...k { beta[a] += step[a] }
            if step.reduce(0, { max($0, abs($1)) }) < 1e-9 { break }
        }
        return beta
    }

    /// `a⁻¹ b` by Gaussian elimination with partial pivoting; nil when `a` is singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for c in 0..<n {
            let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            guard abs(m[pivot][c]) > 1e-12 else { return nil }
            m.swapAt(c, pivot)
            v.swapAt(c, pivot)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                guard f != 0 else { continue }
                for j in c..<n { m[r][j] -= f * m[c][j] }
                v[r] -= f * v[c]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            let tail = ((r + 1)..<n).reduce(0.0) { $0 + m[r][$1] * out[$1] }
            out[r] = (v[r] - tail) / m[r][r]
        }
        return out
    }
}
