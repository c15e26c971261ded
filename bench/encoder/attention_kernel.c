// One-thread timing of the fused attention kernels (CTensorKernels) against the BLAS path they
// replace in inference (OpenBLAS sgemm Q·Kᵀ, ctk_softmax_rows, sgemm P·V), per (sequence, head)
// pair, head sizes 32 and 64, L = 32…256 (BertSelfAttention picks the kernel from these figures):
//
//   clang -O3 -ISources/CTensorKernels/include -ISources/CTensorKernels bench/encoder/attention_kernel.c \
//       Sources/CTensorKernels/*.c -lopenblas -lm -o /tmp/attention_kernel && /tmp/attention_kernel
#include "ctensorkernels.h"
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void) {
    openblas_set_num_threads(1);
    printf("| head dim | L | OpenBLAS + softmax µs | fused fp32 µs | ratio | fused bf16 µs | ratio |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    size_t dims[] = {32, 64}, lens[] = {32, 64, 128, 256};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 4; b++) {
            size_t d = dims[a], len = lens[b], ld = 12 * d;  // a head's columns of a packed [N, 12 d] projection
            float *q = malloc(len * ld * 4), *k = malloc(len * ld * 4), *v = malloc(len * ld * 4);
            float *ctx = malloc(len * ld * 4), *s = malloc(len * len * 4);
            float *scratch = malloc(ctk_attention_scratch(len, d) * 4);
            srand(7);
            for (size_t i = 0; i < len * ld; i++) {
                q[i] = (float)rand() / (float)RAND_MAX - 0.5f;
                k[i] = (float)rand() / (float)RAND_MAX - 0.5f;
                v[i] = (float)rand() / (float)RAND_MAX - 0.5f;
            }
            int n = (int)(4e8 / (double)(len * len * d));
            double t0 = seconds();
            for (int it = 0; it < n; it++) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)len, (int)len, (int)d, 0.17f, q, (int)ld, k, (int)ld, 0, s, (int)len);
                ctk_softmax_rows(s, len, len, len);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)len, (int)d, (int)len, 1, s, (int)len, v, (int)ld, 0, ctx, (int)ld);
            }
            double blas = (seconds() - t0) / n * 1e6;
            t0 = seconds();
            for (int it = 0; it < n; it++) ctk_attention(q, k, v, ld, len, d, 0.17f, ctx, ld, scratch, NULL, 0);
            double f32 = (seconds() - t0) / n * 1e6;
            t0 = seconds();
            for (int it = 0; it < n; it++) ctk_attention_bf16(q, k, v, ld, len, d, 0.17f, ctx, ld, scratch, NULL, 0);
            double bf16 = (seconds() - t0) / n * 1e6;
            printf("| %zu | %zu | %.1f | %.1f | %.2f× | %.1f | %.2f× |\n", d, len, blas, f32, blas / f32, bf16, blas / bf16);
            free(q); free(k); free(v); free(ctx); free(s); free(scratch);
        }
    return 0;
}
