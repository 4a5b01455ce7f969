/// SplitMix64: a small, fast, seedable generator (Steele et al., 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: spreads the bits of `z` so that nearby inputs land far apart.
    public static func mix(_ z: UInt64) -> UInt64 {
        var z = z
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1).
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
