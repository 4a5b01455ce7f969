/// Room for one layer's input quantized row by row (`gk_q8_quantize_rows`): `rows × width` codes,
/// and a scale and a zero point per row. Memory owned by an `EncoderWorkspace` (or by the caller
/// of `LinearWeight.apply`), valid while it lives.
struct Int8Scratch {
    let codes: UnsafeMutablePointer<UInt8>
    let scales: UnsafeMutablePointer<Float>
    let zeros: UnsafeMutablePointer<Int32>
    /// Codes it holds: at least rows × width of the products it serves.
    let capacity: Int
    /// Rows it has scales and zero points for.
    let rows: Int

    /// Bytes that `rows` rows of `width` need, 64-byte aligned parts.
    static func bytes(rows: Int, width: Int) -> Int { align(rows * width) + 2 * align(rows * 4) }

    /// Carves the three parts out of `base`, which holds at least `bytes(rows:width:)` bytes,
    /// 64-byte aligned.
    init(base: UnsafeMutableRawPointer, rows: Int, width: Int) {
        codes = base.bindMemory(to: UInt8.self, capacity: rows * width)
        let scalesStart = base + Self.align(rows * width)
        scales = scalesStart.bindMemory(to: Float.self, capacity: rows)
        zeros = (scalesStart + Self.align(rows * 4)).bindMemory(to: Int32.self, capacity: rows)
        capacity = rows * width
        self.rows = rows
    }

    private static func align(_ n: Int) -> Int { (n + 63) & ~63 }
}
