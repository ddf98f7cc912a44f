/* SPDX-License-Identifier: MIT */
/*
 * scan.h - views of report text for matching: the normalised "key" text
 * (white space dropped, full-width folded to ASCII, quotes dropped) with a
 * map back to source offsets, a line index, and a cell tokenizer.
 */
#ifndef REPORTFS_SCAN_H
#define REPORTFS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Fold one code point for matching: returns the folded code point, or 0
 * when it is dropped (white space, quotes).  Full-width ASCII becomes ASCII,
 * dashes become '-'.
 */
uint32_t key_fold(uint32_t cp);

/*
 * First occurrence of (n, nl) in (h, hl), or NULL: a portable memmem()
 * for short constant needles (time up to hl * nl in the worst case).
 */
const char *mem_find(const char *h, size_t hl, const char *n, size_t nl);

/* Append the key form of (s, len) to `out`.  0, -ENOMEM or -EFBIG. */
int key_normalise(const char *s, size_t len, struct buf *out);

/* key_normalise(), stopping at the first character that makes the
 * appended key `max` bytes or longer. */
int key_normalise_max(const char *s, size_t len, size_t max,
		      struct buf *out);

/* Line index of a text: line starts and "ignorable" lines (page numbers
 * like "-3-", separator lines like "---|---"). */
struct lines {
	size_t *start;   /* start[i]: offset of line i (0-based) */
	uint8_t *ignore; /* 1: page number or separator line */
	size_t n;
};

int lines_build(struct lines *l, const char *text, size_t len);
void lines_release(struct lines *l);

/* 1-based line number of byte offset `off`. */
uint32_t lines_at(const struct lines *l, size_t off);

/* Key text of a whole text, skipping ignorable lines. */
struct keytext {
	char *k;       /* folded UTF-8, NUL-terminated */
	uint32_t *map; /* map[i]: source offset of the code point behind k[i];
			* map[n]: source length */
	size_t n;
};

int keytext_build(struct keytext *kt, const char *text, size_t len,
		  const struct lines *l);
void keytext_release(struct keytext *kt);

/* First index >= from and <= to - strlen(key) where key occurs, or -1. */
long keytext_find(const struct keytext *kt, size_t from, size_t to,
		  const char *key);

/* Source offset just past key byte range ending at key index `e` (exclusive). */
size_t keytext_src_end(const struct keytext *kt, const char *text, size_t e);

enum tok_kind {
	TOK_NUM,   /* a number: digits, optional '-' and decimals */
	TOK_EMPTY, /* "/", "-", "—", "无" standing alone */
	TOK_PAREN, /* a parenthesised group */
	TOK_TEXT,  /* anything else */
};

#define TOK_MAX_DIGITS 40

struct tok {
	enum tok_kind kind;
	size_t start, end;          /* source offsets */
	uint32_t line;              /* 1-based line of start */
	char s[TOK_MAX_DIGITS + 1]; /* TOK_NUM: folded ASCII; TOK_PAREN: '(' + first bytes */
	unsigned len;               /* strlen(s) */
	int sep_hard;               /* tab, newline or '|' before this token */
	int unit;                   /* TOK_TEXT: a unit (件, 元, ...) right after a number */
	int group_numeral;          /* TOK_PAREN: "(一)" .. "(十)", "(1)" .. "(99)" */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

/*
 * Tokenize source range [a, b), skipping ignorable lines.  With
 * stop_after > 0, stop after the first text (or "（三）" numeral) that
 * follows at least stop_after numbers: the end of a table row.
 * Returns 0 or -ENOMEM.
 */
int toks_scan(struct toks *t, const char *text, size_t a, size_t b,
	      const struct lines *l, unsigned stop_after);
void toks_release(struct toks *t);

#endif
