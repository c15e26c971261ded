/// The base addresses of several arrays at once, for the kernels that take raw pointers: one
/// closure where each array would otherwise nest its own `withUnsafeBufferPointer` inside the
/// last one's.
///
/// ```swift
/// var grads = [[Float](repeating: 0, count: n * d), [Float](repeating: 0, count: d)]
/// withBaseAddresses([dy.data, x.data], writing: &grads) { r, w in
///     BLAS.sgemm(transA: true, m: …, a: r[0]!, …, b: r[1]!, …, c: w[0]!, …)
/// }
/// ```
///
/// - Parameters:
///   - reading: arrays read through the pointers.
///   - writing: arrays written through them, in place (one that shares its storage is copied
///     first, as any write to it would).
///   - body: the addresses in the order given, each valid only inside `body`; an empty array's
///     may be nil.
/// - Returns: what `body` returns.
func withBaseAddresses<T, R, E: Error>(
    _ reading: [[T]] = [], writing: inout [[T]],
    _ body: (_ reading: [UnsafePointer<T>?], _ writing: [UnsafeMutablePointer<T>?]) throws(E) -> R
) throws(E) -> R {
    try withBaseAddresses(reading) { (r) throws(E) -> R in
        try writing.withUnsafeMutableBufferPointer { (arrays) throws(E) -> R in
            let arrays = arrays  // each element is written through its own pointer below
            var w: [UnsafeMutablePointer<T>?] = []
            w.reserveCapacity(arrays.count)
            func nest(_ i: Int) throws(E) -> R {
                guard i < arrays.count else { return try body(r, w) }
                return try arrays[i].withUnsafeMutableBufferPointer { (p) throws(E) -> R in
                    w.append(p.baseAddress)
                    return try nest(i + 1)
                }
            }
            return try nest(0)
        }
    }
}

/// The base addresses of several arrays that are only read (`withBaseAddresses(_:writing:_:)`).
func withBaseAddresses<T, R, E: Error>(_ reading: [[T]], _ body: (_ reading: [UnsafePointer<T>?]) throws(E) -> R) throws(E) -> R {
    var r: [UnsafePointer<T>?] = []
    r.reserveCapacity(reading.count)
    func nest(_ i: Int) throws(E) -> R {
        guard i < reading.count else { return try body(r) }
        return try reading[i].withUnsafeBufferPointer { (p) throws(E) -> R in
            r.append(p.baseAddress)
            return try nest(i + 1)
        }
    }
    return try nest(0)
}
