/* SPDX-License-Identifier: MIT */
/* fuzz.h - the libFuzzer entry point that every tests/fuzz target defines */
#ifndef REPORTFS_FUZZ_H
#define REPORTFS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Run the target on one input.  Never fails: crashes, leaks and sanitizer
 * reports are the findings.  Returns 0, as libFuzzer requires.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
