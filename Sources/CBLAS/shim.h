// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). The Tensor target is its only user.
#include <cblas.h>
// Thread control, declared by OpenBLAS's cblas.h; repeated here for clarity.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
// Stops OpenBLAS's worker threads (exported by OpenBLAS's pthread build, which Debian's
// libopenblas0-pthread is; the fork handler uses it). Its constructor starts them when the
// library loads, and they spin on sched_yield for about 2^28 cycles before they sleep.
int blas_thread_shutdown_(void);
