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
}
