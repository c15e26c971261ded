/// glibc malloc settings for a process that allocates and frees activation tensors of megabytes
/// per layer.
///
/// By default glibc serves blocks above its (dynamic) mmap threshold with fresh `mmap` pages and
/// returns them with `munmap` on free, and trims the heap top back to the kernel; every forward
/// pass then page-faults and zeroes its activations again. Measured with `perf` on `jobmatch embed`
/// (MiniLM, 256 tokens): 12% of CPU samples in the kernel, mostly page faults. Raising the mmap
/// threshold to its maximum (32 MiB on 64-bit) and the trim threshold keeps freed blocks for
/// reuse; peak RSS is unchanged (the blocks are live at the peak anyway).
///
/// That alone did not stop the churn: glibc deletes a thread arena's extra 64 MiB heap (`munmap`)
/// as soon as all of it is free, whatever the trim threshold, unless the arena's top pad covers
/// it. A batch of 32 texts of 256 tokens needs more than one such heap on the thread that runs the
/// model, so every batch mapped a fresh heap and page-faulted it: `strace` counted 153 heaps mapped
/// and unmapped in one bf16 `jobmatch embed` of 150 texts, and `perf stat` 59k–119k page faults.
/// A top pad of 64 MiB keeps them: 48k faults (most of them loading the model), in every run.
///
/// Kept blocks add up over a long run, so callers that encode in chunks hand the free memory back
/// after each chunk (`releaseFreeMemory`): a few page faults per chunk instead of per batch. On
/// 5,250 jobs in bf16 the peak went 279 → 250 MiB. (The 464 MiB peak at 50,250 jobs was the
/// Parquet output's row group, `ParquetEmbeddingWriter`.)
public enum HeapSettings {
    /// Applied once, with the threading model (`Parallel.configured`); no-op off glibc.
    static func apply() {
        #if os(Linux)
        // <malloc.h> is not in the Glibc module: M_TRIM_THRESHOLD is -1, M_TOP_PAD is -2,
        // M_MMAP_THRESHOLD is -3.
        _ = glibcMallopt(-3, 32 << 20)
        _ = glibcMallopt(-1, 512 << 20)
        _ = glibcMallopt(-2, 64 << 20)
        #endif
    }

    /// Returns the heap's free pages to the kernel (`malloc_trim(0)`: every arena, not only the
    /// top of the main heap); no-op off glibc. Between chunks of work, never per request.
    public static func releaseFreeMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `int mallopt(int param, int value)`.
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32

/// glibc's `int malloc_trim(size_t pad)`.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
