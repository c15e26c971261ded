// One-thread float32 products of MiniLM's linear layers ([256, k] · [n, k]ᵀ, the weight as stored):
// OpenBLAS `cblas_sgemm` (what fp32 runs) against oneDNN 2.6's f32 matmul on the same memory (the
// weight read through tag `ba`, no copy), to see whether fp32 would gain from oneDNN:
//
//   clang -O2 bench/encoder/sgemm_vs_onednn.c -ldnnl -lopenblas -lgomp -o /tmp/sgemm_vs_onednn && \
//       OMP_NUM_THREADS=1 /tmp/sgemm_vs_onednn
#include <cblas.h>
#include <dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);
void omp_set_num_threads(int);

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void) {
    openblas_set_num_threads(1);
    omp_set_num_threads(1);
    int shapes[][3] = {{256, 1536, 384}, {256, 384, 1536}, {256, 384, 384}};  // m, n, k
    dnnl_engine_t engine;
    dnnl_engine_create(&engine, dnnl_cpu, 0);
    dnnl_stream_t stream;
    dnnl_stream_create(&stream, engine, dnnl_stream_default_flags);
    for (int s = 0; s < 3; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], reps = 200;
        float *a = malloc(4L * m * k), *w = malloc(4L * n * k), *c = malloc(4L * m * n);
        for (long i = 0; i < (long)m * k; i++) a[i] = (float)rand() / (float)RAND_MAX;
        for (long i = 0; i < (long)n * k; i++) w[i] = (float)rand() / (float)RAND_MAX - 0.5f;
        dnnl_memory_desc_t src, wei, dst;
        dnnl_dims_t sd = {m, k}, wd = {k, n}, dd = {m, n};
        dnnl_memory_desc_init_by_tag(&src, 2, sd, dnnl_f32, dnnl_ab);
        dnnl_memory_desc_init_by_tag(&wei, 2, wd, dnnl_f32, dnnl_ba);
        dnnl_memory_desc_init_by_tag(&dst, 2, dd, dnnl_f32, dnnl_ab);
        dnnl_matmul_desc_t desc;
        dnnl_matmul_desc_init(&desc, &src, &wei, NULL, &dst);
        dnnl_primitive_desc_t pd;
        if (dnnl_primitive_desc_create(&pd, &desc, NULL, engine, NULL) != dnnl_success) return 1;
        const char *impl;
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
        dnnl_primitive_t prim;
        dnnl_primitive_create(&prim, pd);
        dnnl_memory_t ma, mw, mc;
        dnnl_memory_create(&ma, &src, engine, a);
        dnnl_memory_create(&mw, &wei, engine, w);
        dnnl_memory_create(&mc, &dst, engine, c);
        dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mw}, {DNNL_ARG_DST, mc}};
        dnnl_primitive_execute(prim, stream, 3, args);
        dnnl_stream_wait(stream);
        double t0 = seconds();
        for (int i = 0; i < reps; i++) dnnl_primitive_execute(prim, stream, 3, args);
        dnnl_stream_wait(stream);
        double onednn = (seconds() - t0) / reps;
        t0 = seconds();
        for (int i = 0; i < reps; i++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, w, k, 0, c, n);
        double blas = (seconds() - t0) / reps;
        double flop = 2.0 * m * n * k;
        printf("[%d, %d]·[%d, %d]ᵀ: OpenBLAS %.0f GFLOP/s, oneDNN %s %.0f GFLOP/s\n", m, k, n, k, flop / blas / 1e9, impl,
               flop / onednn / 1e9);
        dnnl_primitive_destroy(prim);
        dnnl_primitive_desc_destroy(pd);
        dnnl_memory_destroy(ma); dnnl_memory_destroy(mw); dnnl_memory_destroy(mc);
        free(a); free(w); free(c);
    }
    dnnl_stream_destroy(stream);
    dnnl_engine_destroy(engine);
    return 0;
}
