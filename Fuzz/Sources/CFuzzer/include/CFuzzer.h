#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs with their own main (LLVM >= 11): parses libFuzzer's
// flags from argv and fuzzes `callback`. Linked from libclang_rt.fuzzer by -sanitize=fuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
