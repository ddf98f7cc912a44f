/* SPDX-License-Identifier: MIT */
/* utf8.h - UTF-8 code point primitives (locale-free) */
#ifndef REPORTFS_UTF8_H
#define REPORTFS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the code point at s[0..len) into *cp; returns the bytes used
 * (1..4).  Invalid or truncated sequences yield U+FFFD and 1.  len > 0.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (4 bytes room); returns the bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/* Nonzero when (s, len) is entirely valid UTF-8. */
int utf8_valid(const char *s, size_t len);

/* Length of the longest prefix of (s, len) that is at most `max` bytes and ends on a code point boundary. */
size_t utf8_cut(const char *s, size_t len, size_t max);

#endif
