/* SPDX-License-Identifier: MIT */
/* arena.h - bump allocator: many small allocations, one release */
#ifndef REPORTFS_ARENA_H
#define REPORTFS_ARENA_H

#include <stddef.h>

struct arena_block;

/*
 * All memory handed out by an arena lives until arena_release().  An arena
 * is not thread-safe while it is being filled; reading what it holds is.
 */
struct arena {
	struct arena_block *head;
	size_t used; /* total bytes handed out, for caps and statistics */
};

void arena_init(struct arena *a);

/* Free every block; the arena is empty and usable again. */
void arena_release(struct arena *a);

/* Zeroed, 8-byte aligned memory, or NULL on ENOMEM. */
void *arena_alloc(struct arena *a, size_t size);

/* A NUL-terminated copy of (s, len), or NULL on ENOMEM. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* A formatted string in the arena, or NULL on ENOMEM. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
