import Testing

@testable import Routing

@Suite("Confidence calibration")
struct CalibrationTests {
    /// Held-out logits where the top class is right 70% of the time, scaled by `scale`.
    static func logits(scale: Float) -> (logits: [[Float]], labels: [Int]) {
        var rows: [[Float]] = []
        var labels: [Int] = []
        for i in 0..<100 {
            rows.append([scale, 0, 0])
            labels.append(i % 10 < 7 ? 0 : 1 + i % 2)
        }
        return (rows, labels)
    }

    @Test(
        """
        over-confident logits get a temperature above one, under-confident ones below; the result matches the right \
        rate
        """
    )
    func temperature() {
        let over = Self.logits(scale: 12)
        let under = Self.logits(scale: 0.5)
        let hot = Calibration.fitTemperature(logits: over.logits, labels: over.labels)
        let cold = Calibration.fitTemperature(logits: under.logits, labels: under.labels)
        #expect(hot > 1 && cold < 1)
        var p = over.logits[0]
        Calibration.calibrate(&p, temperature: hot)
        #expect(abs(p[0] - 0.7) < 0.01, "calibrated confidence \(p[0]) should be the 70% hit rate")
        #expect(Calibration.fitTemperature(logits: [], labels: []) == 1)
    }

    @Test("the threshold separates confident in-scope messages from unsure out-of-scope ones")
    func threshold() throws {
        // Class 2 is out of scope. In-scope rows are confident; out-of-scope rows are unsure of class 0.
        let logits: [[Float]] = Array(repeating: [5, 0, 0], count: 10) + Array(repeating: [0.4, 0, 0], count: 5)
        let labels = Array(repeating: 0, count: 10) + Array(repeating: 2, count: 5)
        let t = try #require(
            Calibration.pickThreshold(logits: logits, labels: labels, temperature: 1, outOfScopeClass: 2))
        var confident: [Float] = [5, 0, 0]
        var unsure: [Float] = [0.4, 0, 0]
        Calibration.calibrate(&confident, temperature: 1)
        Calibration.calibrate(&unsure, temperature: 1)
        #expect(unsure[0] < t && t <= confident[0])
        #expect(Calibration.pickThreshold(logits: logits, labels: labels, temperature: 1, outOfScopeClass: nil) == nil)
    }

    @Test("with a rejection budget, the threshold rejects at most that share of in-scope messages")
    func budget() throws {
        // Ten in-scope rows of rising confidence, two out-of-scope rows; class 2 is out of scope.
        let logits: [[Float]] = (0..<10).map { [Float($0) * 0.5, 0, 0] } + [[0.2, 0, 0], [0, 0, 3]]
        let labels = Array(repeating: 0, count: 10) + [2, 2]
        for budget in [0.0, 0.3, 0.55] {
            let t = try #require(
                Calibration.pickThreshold(
                    logits: logits, labels: labels, temperature: 1, outOfScopeClass: 2,
                    maxInScopeRejection: budget))
            let rejected = logits.prefix(10).filter { row in
                var p = row
                Calibration.calibrate(&p, temperature: 1)
                return p.max()! < t
            }.count
            #expect(rejected == Int(budget * 10), "budget \(budget): threshold \(t) rejects \(rejected)")
        }
    }
}
