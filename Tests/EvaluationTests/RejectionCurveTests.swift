import Evaluation
import Testing

@Suite("In-scope accuracy against out-of-scope recall")
struct RejectionCurveTests {
    @Test("the area is the trapezoids between the points as the threshold sweeps, worked by hand")
    func byHand() throws {
        // In scope: 0.1 right, 0.5 right, 0.3 wrong. Out of scope: 0.9, 0.4.
        // Rejecting from the top: 0.9 → recall ½, accuracy ⅔; 0.5 → ½, ⅓; 0.4 → 1, ⅓; then flat.
        // Area = ½ · ⅔ + ½ · ⅓ = ½.
        let area = try #require(
            RejectionCurve.area(inScope: [(0.1, true), (0.5, true), (0.3, false)], outOfScope: [0.9, 0.4]))
        #expect(abs(area - 0.5) < 1e-12)
    }

    @Test("a score that puts every out-of-scope message first earns the accuracy without rejection; ties count once")
    func bounds() throws {
        let perfect = try #require(
            RejectionCurve.area(inScope: [(0.1, true), (0.2, false), (0.3, true)], outOfScope: [0.8, 0.9]))
        #expect(abs(perfect - 2.0 / 3) < 1e-12)
        // All tied: rejected together, the curve goes straight from (0, ⅔) to (1, 0).
        let tied = try #require(
            RejectionCurve.area(inScope: [(0.5, true), (0.5, false), (0.5, true)], outOfScope: [0.5, 0.5]))
        #expect(abs(tied - 1.0 / 3) < 1e-12)
        #expect(RejectionCurve.area(inScope: [], outOfScope: [1]) == nil)
        #expect(RejectionCurve.area(inScope: [(1, true)], outOfScope: []) == nil)
    }
}
