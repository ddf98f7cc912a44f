/* SPDX-License-Identifier: MIT */
/*
 * common.h - included by every .c file right after its own header: the
 * system headers everyone uses, then banned.h (after them, so the bans
 * never clash with libc's own inline definitions).
 */
#ifndef REPORTFS_COMMON_H
#define REPORTFS_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
