/// FNV-1a, 64-bit (Fowler, Noll and Vo): a fast, stable hash for keys that must hash the same in
/// every run and on every machine (Swift's `hashValue` is seeded per process).
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `values`, each xored in whole (bytes of UTF-8, or Unicode scalar values).
    /// Inlinable, so a caller's sequence type is specialised rather than walked generically.
    @inlinable public static func hash<S: Sequence>(_ values: S, basis: UInt64 = offsetBasis) -> UInt64
    where S.Element: BinaryInteger {
        var h = basis
        for v in values {
            h ^= UInt64(truncatingIfNeeded: v)
            h &*= prime
        }
        return h
    }
}
