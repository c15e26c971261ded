// Only the header matters: this target declares libFuzzer's driver for Swift.
#include "CFuzzer.h"
