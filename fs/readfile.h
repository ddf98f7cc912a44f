/* SPDX-License-Identifier: MIT */
/* readfile.h - read a whole regular file into memory, with a size cap */
#ifndef REPORTFS_READFILE_H
#define REPORTFS_READFILE_H

#include <stddef.h>

/*
 * Read `path` into a new NUL-terminated buffer (caller frees with free()).
 * Returns 0, or -errno (-EFBIG when larger than `max`).
 */
int read_file(const char *path, size_t max, char **data, size_t *len);

#endif
