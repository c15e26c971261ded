import CDNNL
import Foundation

/// oneDNN's matmul for every precision of inference, behind `BLAS.gemm`: one CPU engine, one primitive
/// per (precision, rows, n, k), created once and reused (creating one JIT-compiles its kernel).
/// Weights are reordered once, at load (`pack`), into the blocked layout the kernel reads, so no
/// product repacks them (a median of +6% per product at one thread, `bench/encoder/packed_weights.c`).
///
/// Threading: oneDNN (Debian's build uses OpenMP) runs each product on the calling thread only
/// (`omp_set_num_threads(1)` before creating and running); `BLAS.gemm` splits the rows over
/// `Parallel`'s threads as `sgemm` does, so no OpenMP team spins beside them. Debian's build is
/// without `DNNL_ENABLE_CONCURRENT_EXEC`: the library-managed scratchpad is one global buffer, and
/// two threads running primitives at once corrupt each other's results (seen: NaN vectors). So
/// every primitive is created with a user-managed scratchpad, and each call passes its own.
enum OneDNN {
    /// Row tiles are padded up to a multiple of this, so a handful of primitives serve every size.
    static let rowStep = 32
    /// The largest tile one primitive multiplies; `BLAS.gemm` cuts taller products into tiles.
    static let maxRows = 256

    /// A created matmul primitive (never destroyed: the cache lives as long as the process).
    final class Matmul: @unchecked Sendable {
        let primitive: dnnl_primitive_t
        /// The implementation oneDNN chose, e.g. `brg:avx512_core_bf16`.
        let implementation: String
        /// The scratchpad this primitive needs per call (each call allocates its own).
        let scratchpad: dnnl_memory_desc_t
        let scratchpadBytes: Int
        init(primitive: dnnl_primitive_t, implementation: String, scratchpad: dnnl_memory_desc_t) {
            self.primitive = primitive
            self.implementation = implementation
            self.scratchpad = scratchpad
            var md = scratchpad
            scratchpadBytes = dnnl_memory_desc_get_size(&md)
        }
    }

    struct Key: Hashable { let precision: Precision, rows: Int, n: Int, k: Int, packed: Bool }

    /// A weight `[k, n]` reordered once into the layout `md` a matmul primitive reads (`pack`).
    final class PackedWeights: @unchecked Sendable {
        /// The weight's memory descriptor (a blocked layout chosen by oneDNN for this CPU).
        let md: dnnl_memory_desc_t
        let data: UnsafeMutableRawPointer
        let bytes: Int
        init(md: dnnl_memory_desc_t, bytes: Int) {
            self.md = md
            self.bytes = bytes
            data = .allocate(byteCount: max(64, bytes), alignment: 64)
        }
        deinit { data.deallocate() }
    }

    nonisolated(unsafe) static var cache: [Key: Matmul] = [:]
    /// Keys oneDNN had no kernel for (asked once, not on every tile).
    nonisolated(unsafe) static var unsupported: Set<Key> = []
    static let lock = NSLock()

    /// The CPU engine; nil when oneDNN cannot create one (then `BLAS.gemm` reports it).
    nonisolated(unsafe) static let engine: dnnl_engine_t? = {
        var e: dnnl_engine_t?
        return dnnl_engine_create(&e, dnnl_cpu, 0) == dnnl_success ? e : nil
    }()

    /// The primitive for `[rows, k] · [k, n]` at `precision` (`fp32`: f32 × f32 → f32; `bf16`: bf16 × bf16 → f32;
    /// `int8`: u8 × s8 → s32), the source and destination row-major, the weight row-major or, with
    /// `weights`, in its packed layout; created on first use. Nil when oneDNN has no kernel for
    /// that packed layout at this row count (`BLAS.gemm` then runs the tile at `maxRows`, whose
    /// primitive chose the layout).
    static func matmul(_ precision: Precision, rows: Int, n: Int, k: Int, weights: PackedWeights? = nil) -> Matmul? {
        let key = Key(precision: precision, rows: rows, n: n, k: k, packed: weights != nil)
        lock.lock()
        defer { lock.unlock() }
        if let m = cache[key] { return m }
        if unsupported.contains(key) { return nil }
        var (srcMD, weiMD, dstMD) = descriptors(rows: rows, n: n, k: k, precision: precision)
        if let weights { weiMD = weights.md }
        guard let pd = primitiveDescriptor(precision, rows: rows, n: n, k: k, src: &srcMD, weights: &weiMD, dst: &dstMD) else {
            precondition(weights != nil, "oneDNN: no \(precision) matmul for [\(rows), \(k)]·[\(k), \(n)]")
            unsupported.insert(key)
            return nil
        }
        let scratch = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)!.pointee
        var impl: UnsafePointer<CChar>?
        _ = dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl)
        var prim: dnnl_primitive_t?
        check(dnnl_primitive_create(&prim, pd), "primitive")
        dnnl_primitive_desc_destroy(pd)
        let m = Matmul(primitive: prim!, implementation: impl.map { String(cString: $0) } ?? "unknown", scratchpad: scratch)
        cache[key] = m
        return m
    }

    /// Whether oneDNN has a matmul for `precision` here (within `ONEDNN_MAX_CPU_ISA`): the oneDNN
    /// Debian ships has no bf16 matmul below AVX-512, so an AVX2-only CPU has none. Probed once
    /// per precision, so a missing one is an error where the weights are made, never a trap.
    static func supports(_ precision: Precision) -> Bool {
        switch precision {
        case .fp32: fp32Supported
        case .bf16: bf16Supported
        // int8 also needs int8 dot products (VNNI): oneDNN's other int8 kernels (gemm:jit on AVX2,
        // AVX-512 without VNNI, SSE4.1) gave vectors at cosine 0.87–0.98 to fp32 on the tiny test
        // model where VNNI's gave 0.9994 or more. And the feed-forward output's companion product.
        case .int8: int8Supported && CPUCapabilities.current.int8DotProducts && (Precision.int8Companion() == .fp32 || bf16Supported)
        }
    }

    static let fp32Supported = probe(.fp32)
    static let bf16Supported = probe(.bf16)
    static let int8Supported = probe(.int8)

    static func probe(_ precision: Precision) -> Bool {
        guard engine != nil else { return false }
        var (srcMD, weightsMD, dstMD) = descriptors(rows: 16, n: 32, k: 32, precision: precision)
        var anyMD = dnnl_memory_desc_t()
        guard dnnl_memory_desc_init_by_tag(&anyMD, 2, [32, 32], weightsMD.data_type, dnnl_format_tag_any) == dnnl_success,
              let pd = primitiveDescriptor(precision, rows: 16, n: 32, k: 32, src: &srcMD, weights: &anyMD, dst: &dstMD) else { return false }
        dnnl_primitive_desc_destroy(pd)
        return true
    }

    /// A matmul's primitive descriptor with a user-managed scratchpad (created single-threaded:
    /// the kernel is blocked for the thread count it is created under); nil when oneDNN has no
    /// implementation for these descriptors.
    static func primitiveDescriptor(
        _ precision: Precision, rows: Int, n: Int, k: Int,
        src: inout dnnl_memory_desc_t, weights: inout dnnl_memory_desc_t, dst: inout dnnl_memory_desc_t
    ) -> dnnl_primitive_desc_t? {
        guard let engine else { fatalError("oneDNN: no CPU engine") }
        var desc = dnnl_matmul_desc_t()
        check(dnnl_matmul_desc_init(&desc, &src, &weights, nil, &dst), "matmul desc")
        omp_set_num_threads(1)
        var attr: dnnl_primitive_attr_t?
        check(dnnl_primitive_attr_create(&attr), "attributes")
        defer { dnnl_primitive_attr_destroy(attr) }
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode")
        var pd: dnnl_primitive_desc_t?
        let status = withUnsafePointer(to: &desc) { dnnl_primitive_desc_create(&pd, UnsafeRawPointer($0), attr, engine, nil) }
        return status == dnnl_success ? pd : nil
    }

    /// Reorders a weight `plain` (float32, bf16 bits or int8 levels), row-major `[k, n]` or, with
    /// `transposed`, row-major `[n, k]` (PyTorch's layout), into the layout the `maxRows` matmul
    /// primitive asks for when left free to choose (`dnnl_format_tag_any`).
    static func pack(_ plain: UnsafeRawPointer, precision: Precision, n: Int, k: Int, transposed: Bool = false) -> PackedWeights {
        guard let engine else { fatalError("oneDNN: no CPU engine") }
        var (srcMD, plainMD, dstMD) = descriptors(rows: maxRows, n: n, k: k, precision: precision)
        if transposed {
            check(dnnl_memory_desc_init_by_tag(&plainMD, 2, [Int64(k), Int64(n)], plainMD.data_type, dnnl_ba), "weights desc")
        }
        var anyMD = dnnl_memory_desc_t()
        check(dnnl_memory_desc_init_by_tag(&anyMD, 2, [Int64(k), Int64(n)], plainMD.data_type, dnnl_format_tag_any), "weights desc")
        guard let pd = primitiveDescriptor(precision, rows: maxRows, n: n, k: k, src: &srcMD, weights: &anyMD, dst: &dstMD) else {
            fatalError("oneDNN: no \(precision) matmul for [\(maxRows), \(k)]·[\(k), \(n)]")
        }
        var packedMD = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0)!.pointee
        dnnl_primitive_desc_destroy(pd)
        let packed = PackedWeights(md: packedMD, bytes: dnnl_memory_desc_get_size(&packedMD))
        var attr: dnnl_primitive_attr_t?
        check(dnnl_primitive_attr_create(&attr), "attributes")
        defer { dnnl_primitive_attr_destroy(attr) }
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode")
        var rpd: dnnl_primitive_desc_t?
        check(dnnl_reorder_primitive_desc_create(&rpd, &plainMD, engine, &packedMD, engine, attr), "reorder desc")
        var scratchMD = dnnl_primitive_desc_query_md(rpd, dnnl_query_scratchpad_md, 0)!.pointee
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(64, dnnl_memory_desc_get_size(&scratchMD)), alignment: 64)
        defer { scratch.deallocate() }
        var reorder: dnnl_primitive_t?
        check(dnnl_primitive_create(&reorder, rpd), "reorder")
        dnnl_primitive_desc_destroy(rpd)
        var from: dnnl_memory_t?, to: dnnl_memory_t?, memS: dnnl_memory_t?, stream: dnnl_stream_t?
        check(dnnl_memory_create(&from, &plainMD, engine, UnsafeMutableRawPointer(mutating: plain)), "plain weights memory")
        check(dnnl_memory_create(&to, &packedMD, engine, packed.data), "packed weights memory")
        check(dnnl_memory_create(&memS, &scratchMD, engine, scratch), "scratchpad memory")
        check(dnnl_stream_create(&stream, engine, UInt32(dnnl_stream_default_flags.rawValue)), "stream")
        let args = [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: from), dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: to),
                    dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: memS)]
        check(dnnl_primitive_execute(reorder, stream, Int32(args.count), args), "reorder")
        check(dnnl_stream_wait(stream), "stream wait")
        dnnl_stream_destroy(stream)
        dnnl_memory_destroy(from)
        dnnl_memory_destroy(to)
        dnnl_memory_destroy(memS)
        dnnl_primitive_destroy(reorder)
        return packed
    }

    /// Runs `m` (created for `b`'s layout) on `a` [rows, k] and `c` [rows, n] row-major and the
    /// packed weight `b` (element types as the primitive was created for), on the calling thread.
    static func run(_ m: Matmul, rows: Int, n: Int, k: Int, a: UnsafeRawPointer, b: PackedWeights, c: UnsafeMutableRawPointer,
                    precision: Precision) {
        guard let engine else { fatalError("oneDNN: no CPU engine") }
        omp_set_num_threads(1)
        var (srcMD, _, dstMD) = descriptors(rows: rows, n: n, k: k, precision: precision)
        var weiMD = b.md
        var memA: dnnl_memory_t?, memB: dnnl_memory_t?, memC: dnnl_memory_t?
        check(dnnl_memory_create(&memA, &srcMD, engine, UnsafeMutableRawPointer(mutating: a)), "src memory")
        check(dnnl_memory_create(&memB, &weiMD, engine, b.data), "weights memory")
        check(dnnl_memory_create(&memC, &dstMD, engine, c), "dst memory")
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(64, m.scratchpadBytes), alignment: 64)
        defer { scratch.deallocate() }
        var scratchMD = m.scratchpad, memS: dnnl_memory_t?
        check(dnnl_memory_create(&memS, &scratchMD, engine, scratch), "scratchpad memory")
        var stream: dnnl_stream_t?
        check(dnnl_stream_create(&stream, engine, UInt32(dnnl_stream_default_flags.rawValue)), "stream")
        let args = [
            dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: memA),
            dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: memB),
            dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: memC),
            dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: memS),
        ]
        check(dnnl_primitive_execute(m.primitive, stream, Int32(args.count), args), "execute")
        check(dnnl_stream_wait(stream), "stream wait")
        dnnl_stream_destroy(stream)
        dnnl_memory_destroy(memA)
        dnnl_memory_destroy(memB)
        dnnl_memory_destroy(memC)
        dnnl_memory_destroy(memS)
    }

    /// The row-major memory descriptors of `a` [rows, k], `b` [k, n] and `c` [rows, n] at `precision`
    /// (f32 · f32 → f32, bf16 · bf16 → f32, or u8 · s8 → s32).
    static func descriptors(rows: Int, n: Int, k: Int, precision: Precision) -> (dnnl_memory_desc_t, dnnl_memory_desc_t, dnnl_memory_desc_t) {
        let (src, wei, dst): (dnnl_data_type_t, dnnl_data_type_t, dnnl_data_type_t) = switch precision {
        case .fp32: (dnnl_f32, dnnl_f32, dnnl_f32)
        case .bf16: (dnnl_bf16, dnnl_bf16, dnnl_f32)
        case .int8: (dnnl_u8, dnnl_s8, dnnl_s32)
        }
        var srcMD = dnnl_memory_desc_t(), weiMD = dnnl_memory_desc_t(), dstMD = dnnl_memory_desc_t()
        check(dnnl_memory_desc_init_by_tag(&srcMD, 2, [Int64(rows), Int64(k)], src, dnnl_ab), "src desc")
        check(dnnl_memory_desc_init_by_tag(&weiMD, 2, [Int64(k), Int64(n)], wei, dnnl_ab), "weights desc")
        check(dnnl_memory_desc_init_by_tag(&dstMD, 2, [Int64(rows), Int64(n)], dst, dnnl_ab), "dst desc")
        return (srcMD, weiMD, dstMD)
    }

    /// A oneDNN call that fails here is our own bug (shapes are checked before): it traps naming the step.
    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
        precondition(status == dnnl_success, "oneDNN \(what()): status \(status.rawValue)")
    }
}
