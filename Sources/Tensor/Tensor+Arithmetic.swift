/// In-place arithmetic used by backward passes (residual gradients, accumulation).
extension Tensor {
    /// `self += other`, elementwise, shared over the threads; the shapes must be equal (our own
    /// bug otherwise: it traps).
    public mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "Tensor.add: \(describeShape(shape)) += \(describeShape(other.shape))")
        data.withUnsafeMutableBufferPointer { p in
            other.data.withUnsafeBufferPointer { o in
                guard let pb = p.baseAddress, let ob = o.baseAddress else { return }
                let (x, y) = (UncheckedSendable(pb), UncheckedSendable(ob))
                Parallel.forEachChunk(p.count, minPerChunk: 1 << 16, align: 16) { r in
                    Kernels.add(x.value + r.lowerBound, y.value + r.lowerBound, count: r.count)
                }
            }
        }
    }
}
