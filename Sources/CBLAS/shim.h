// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). The Tensor target is its only user.
#include <cblas.h>
// Thread control, declared by OpenBLAS's cblas.h; repeated here for clarity.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
