/// In-place arithmetic used by backward passes (residual gradients, accumulation).
extension Tensor {
    /// `self += other`, elementwise; the shapes must be equal (our own bug otherwise: it traps).
    public mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "Tensor.add: \(describeShape(shape)) += \(describeShape(other.shape))")
        data.withUnsafeMutableBufferPointer { p in
            other.data.withUnsafeBufferPointer { o in
                guard let pb = p.baseAddress, let ob = o.baseAddress else { return }
                Kernels.add(pb, ob, count: p.count)
            }
        }
    }
}
