/* SPDX-License-Identifier: MIT */
/* buf.h - growable byte buffer, always NUL-terminated, with a hard size cap */
#ifndef REPORTFS_BUF_H
#define REPORTFS_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A buffer owns `ptr` (NULL until the first append).  `len` excludes the
 * terminating NUL.  Appending past `max` fails with -EFBIG and leaves the
 * buffer unchanged; a failed allocation returns -ENOMEM and frees nothing
 * already held.  The first failure is also kept in `err`, so a series of
 * appends can be checked once at the end.  Not thread-safe.
 */
struct buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max; /* hard limit on len */
	int err;    /* first failed append (sticky), 0 if none */
};

/* Initialise an empty buffer that may grow to `max` bytes. */
void buf_init(struct buf *b, size_t max);

/* Free the contents; the buffer is empty and usable again. NULL is a no-op. */
void buf_release(struct buf *b);

/* Append bytes; 0, -ENOMEM or -EFBIG. */
int buf_add(struct buf *b, const void *data, size_t len);

/* Append a NUL-terminated string. */
int buf_adds(struct buf *b, const char *s);

/* Append one byte. */
int buf_addch(struct buf *b, char c);

/* Append printf-formatted text. */
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append printf-formatted text from a va_list. */
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Take ownership of the bytes (never NULL on success); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len);

/*
 * Make room for exactly `extra` more bytes (plus the NUL) in one
 * allocation, for a caller that knows the final size: 0, -ENOMEM, -EFBIG.
 */
int buf_reserve(struct buf *b, size_t extra);

#endif
