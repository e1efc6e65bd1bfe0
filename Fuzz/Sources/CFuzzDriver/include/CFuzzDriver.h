#ifndef TALLY_CFUZZDRIVER_H
#define TALLY_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (libclang_rt.fuzzer, linked by -sanitize=fuzzer): parses the flags in argv and fuzzes
/// `callback`. Its own `main` does the same; SwiftPM names a different entry point (see FuzzDriver.swift).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
