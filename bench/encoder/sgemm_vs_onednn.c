// One-thread float32 products of MiniLM's linear layers ([m, k] · [n, k]ᵀ, the weight as stored,
// m = 32…256 rows): OpenBLAS `cblas_sgemm` (what training runs), oneDNN 2.6's f32 matmul reading
// the weight as stored (tag `ba`: its kernel repacks it on every call), and the same matmul with
// the weight reordered once into the layout the primitive chooses (`dnnl_format_tag_any`: what
// `OneDNN.pack` does at load, and what inference's fp32 products run):
//
//   clang -O2 bench/encoder/sgemm_vs_onednn.c -ldnnl -lopenblas -lgomp -o /tmp/sgemm_vs_onednn && \
//       OMP_NUM_THREADS=1 /tmp/sgemm_vs_onednn
//
// Cap both libraries to compare older paths: OPENBLAS_CORETYPE=HASWELL ONEDNN_MAX_CPU_ISA=AVX2.
#include <cblas.h>
#include <dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void openblas_set_num_threads(int);
void omp_set_num_threads(int);

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static dnnl_engine_t engine;
static dnnl_stream_t stream;

static int repeats(int m, int n, int k) {
    int reps = (int)(4e9 / ((double)m * n * k));
    return reps < 20 ? 20 : reps;
}

// GFLOP/s of oneDNN's f32 matmul, the weight as stored (`packed` 0) or in the primitive's layout.
static double onednn(int m, int n, int k, const float *a, const float *w, float *c, int packed, const char **impl) {
    dnnl_memory_desc_t src, wei, dst, plain;
    dnnl_dims_t sd = {m, k}, wd = {k, n}, dd = {m, n};
    dnnl_memory_desc_init_by_tag(&src, 2, sd, dnnl_f32, dnnl_ab);
    dnnl_memory_desc_init_by_tag(&plain, 2, wd, dnnl_f32, dnnl_ba);
    dnnl_memory_desc_init_by_tag(&wei, 2, wd, dnnl_f32, packed ? dnnl_format_tag_any : dnnl_ba);
    dnnl_memory_desc_init_by_tag(&dst, 2, dd, dnnl_f32, dnnl_ab);
    dnnl_matmul_desc_t desc;
    dnnl_matmul_desc_init(&desc, &src, &wei, NULL, &dst);
    dnnl_primitive_desc_t pd;
    if (dnnl_primitive_desc_create(&pd, &desc, NULL, engine, NULL) != dnnl_success) { printf("no f32 matmul\n"); exit(1); }
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, impl);
    dnnl_memory_desc_t chosen = *dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    void *wp = aligned_alloc(64, (dnnl_memory_desc_get_size(&chosen) + 63) / 64 * 64);
    dnnl_memory_t mplain, mw, ma, mc;
    dnnl_memory_create(&mplain, &plain, engine, (void *)w);
    dnnl_memory_create(&mw, &chosen, engine, wp);
    dnnl_primitive_desc_t rpd;  // the weight into the chosen layout, once
    dnnl_reorder_primitive_desc_create(&rpd, &plain, engine, &chosen, engine, NULL);
    dnnl_primitive_t reorder;
    dnnl_primitive_create(&reorder, rpd);
    dnnl_exec_arg_t rargs[2] = {{DNNL_ARG_FROM, mplain}, {DNNL_ARG_TO, mw}};
    dnnl_primitive_execute(reorder, stream, 2, rargs);
    dnnl_stream_wait(stream);
    dnnl_primitive_t prim;
    dnnl_primitive_create(&prim, pd);
    dnnl_memory_create(&ma, &src, engine, (void *)a);
    dnnl_memory_create(&mc, &dst, engine, c);
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mw}, {DNNL_ARG_DST, mc}};
    int reps = repeats(m, n, k);
    dnnl_primitive_execute(prim, stream, 3, args);
    dnnl_stream_wait(stream);
    double t0 = seconds();
    for (int i = 0; i < reps; i++) dnnl_primitive_execute(prim, stream, 3, args);
    dnnl_stream_wait(stream);
    double t = (seconds() - t0) / reps;
    dnnl_primitive_destroy(prim); dnnl_primitive_destroy(reorder);
    dnnl_primitive_desc_destroy(pd); dnnl_primitive_desc_destroy(rpd);
    dnnl_memory_destroy(ma); dnnl_memory_destroy(mw); dnnl_memory_destroy(mc); dnnl_memory_destroy(mplain);
    free(wp);
    return 2.0 * m * n * k / t / 1e9;
}

static double openblas(int m, int n, int k, const float *a, const float *w, float *c) {
    int reps = repeats(m, n, k);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, w, k, 0, c, n);
    double t0 = seconds();
    for (int i = 0; i < reps; i++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, w, k, 0, c, n);
    return 2.0 * m * n * k / ((seconds() - t0) / reps) / 1e9;
}

int main(void) {
    openblas_set_num_threads(1);
    omp_set_num_threads(1);
    dnnl_engine_create(&engine, dnnl_cpu, 0);
    dnnl_stream_create(&stream, engine, dnnl_stream_default_flags);
    int shapes[][2] = {{1536, 384}, {384, 1536}, {384, 384}, {1152, 384}};  // n, k
    int rows[] = {32, 64, 128, 256};
    printf("%-22s %9s %12s %14s %8s  %s\n", "[m, k]·[n, k]ᵀ", "OpenBLAS", "oneDNN (ba)", "oneDNN packed", "packed/OB", "oneDNN kernel");
    for (int s = 0; s < 4; s++) {
        for (int r = 0; r < 4; r++) {
            int m = rows[r], n = shapes[s][0], k = shapes[s][1];
            float *a = aligned_alloc(64, 4L * m * k), *w = aligned_alloc(64, 4L * n * k), *c = aligned_alloc(64, 4L * m * n);
            for (long i = 0; i < (long)m * k; i++) a[i] = (float)rand() / (float)RAND_MAX;
            for (long i = 0; i < (long)n * k; i++) w[i] = (float)rand() / (float)RAND_MAX - 0.5f;
            const char *impl;
            double ob = openblas(m, n, k, a, w, c), plain = onednn(m, n, k, a, w, c, 0, &impl), packed = onednn(m, n, k, a, w, c, 1, &impl);
            char label[64];
            snprintf(label, sizeof label, "[%d, %d]·[%d, %d]ᵀ", m, k, n, k);
            printf("%-22s %9.1f %12.1f %14.1f %8.2f  %s\n", label, ob, plain, packed, packed / ob, impl);
            free(a); free(w); free(c);
        }
    }
    dnnl_stream_destroy(stream);
    dnnl_engine_destroy(engine);
    return 0;
}
