// oneDNN's C API (Debian: libdnnl-dev 2.6, built with OpenMP threads; no pkg-config file, so the
// module map links `dnnl`). The Tensor target is its only user (Sources/Tensor/OneDNN.swift).
#include <oneapi/dnnl/dnnl.h>
// libgomp's per-thread thread count: oneDNN runs each product single-threaded inside our own
// threads (Sources/Tensor/Parallel.swift), so no OpenMP team spins beside them.
void omp_set_num_threads(int num_threads);
int omp_get_max_threads(void);
