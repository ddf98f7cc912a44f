/* SPDX-License-Identifier: MIT */
/* utf8.h - UTF-8 code point primitives (locale-free) */
#ifndef REPORTFS_UTF8_H
#define REPORTFS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The general case of utf8_decode(); call that instead. */
size_t utf8_decode_multi(const char *s, size_t len, uint32_t *cp);

/*
 * Decode the code point at s[0..len) into *cp; returns the bytes used
 * (1..4).  Invalid or truncated sequences yield U+FFFD and 1.  len > 0.
 * Inline: it is on every hot path of the parser.
 */
static inline size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xF0) == 0xE0 && len >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		uint32_t c = ((uint32_t)(u[0] & 0x0F) << 12) |
			     ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);

		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return utf8_decode_multi(s, len, cp);
}

/* Encode cp into out (4 bytes room); returns the bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/* Nonzero when (s, len) is entirely valid UTF-8. */
int utf8_valid(const char *s, size_t len);

/* Length of the longest prefix of (s, len) that is at most `max` bytes and ends on a code point boundary. */
size_t utf8_cut(const char *s, size_t len, size_t max);

#endif
