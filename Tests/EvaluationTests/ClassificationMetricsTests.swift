import Testing

@testable import Evaluation

@Suite("Classification metrics")
struct ClassificationMetricsTests {
    @Test("accuracy, macro-F1 and calibration error match a hand computation")
    func handComputed() throws {
        // a: gold 2, predicted 1 (right) → F1 2·1/(2+1); b: gold 1, predicted 3 (1 right) → 2·1/(1+3);
        // c: gold 1, never predicted → 0.
        let gold = ["a", "a", "b", "c"]
        let predicted = ["a", "b", "b", "b"]
        let m = ClassificationMetrics(gold: gold, predicted: predicted, confidences: [0.9, 0.9, 0.5, 0.5])
        #expect(m.accuracy == 50)
        #expect(abs(m.macroF1 - 100 * (2.0 / 3 + 0.5 + 0) / 3) < 1e-9)
        // Bin of 0.9: 1 of 2 right, mean confidence 0.9 → gap 0.4; bin of 0.5: 1 of 2 right → gap 0. ECE = 0.5·0.4.
        #expect(abs(try #require(m.calibrationError) - 20) < 1e-4)
        #expect(ClassificationMetrics(gold: [], predicted: []).accuracy == 0)
    }

    @Test("out-of-scope scores count accepted-and-right, rejections and their precision")
    func outOfScope() {
        let m = OutOfScopeMetrics(
            threshold: 0.5, inScope: [("a", "a"), (nil, "b"), ("c", "b"), ("b", "b")],
            outOfScope: [nil, nil, "a", nil])
        #expect(m.inScopeAccuracy == 50)
        #expect(m.inScopeRejected == 25)
        #expect(m.outOfScopeRecall == 75)
        #expect(m.outOfScopePrecision == 75)
    }
}
