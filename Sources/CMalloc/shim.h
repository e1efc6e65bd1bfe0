// glibc's malloc tuning (mallopt, M_ARENA_MAX): not in Swift's Glibc module. Used by Transport's MallocTuning.
#if defined(__linux__)
#include <malloc.h>
#endif
