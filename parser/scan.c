/* SPDX-License-Identifier: MIT */
/* scan.c - key text, line index and cell tokens over report text */
#include "scan.h"
#include "common.h"
#include "utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

uint32_t key_fold(uint32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0xA0: case 0x3000: case 0x200B: case 0x200C: case 0x200D:
	case 0xFEFF:
	case '"': case '\'': case 0x201C: case 0x201D: case 0x2018:
	case 0x2019: case 0xFF02: case 0xFF07: case 0x300C: case 0x300D:
		return 0;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE63: case 0xFF0D:
		return '-';
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return 0;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp;
}

/* key_fold() with the common cases inline: ASCII and CJK. */
static inline uint32_t fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == '"' ||
				       cp == '\''
			       ? 0
			       : cp;
	if (cp >= 0x3400 && cp < 0xFE00)
		return cp;
	return key_fold(cp);
}

const char *mem_find(const char *h, size_t hl, const char *n, size_t nl)
{
	const char *p, *end = h + hl;

	if (!nl)
		return h;
	if (nl > hl)
		return NULL;
	/*
	 * The keys are short UTF-8 words: memchr() for their last byte, a
	 * continuation byte of a CJK character, stops about once per 100
	 * bytes of Chinese text; glibc's memmem() costs more in set-up
	 * than in searching for a key this short.  The keys are constants,
	 * so the worst case is linear in hl too.
	 */
	for (p = h + nl - 1; p < end; p++) {
		p = memchr(p, (unsigned char)n[nl - 1], (size_t)(end - p));
		if (!p)
			return NULL;
		if (p[1 - (ptrdiff_t)nl] == n[0] &&
		    !memcmp(p - (nl - 1), n, nl - 1))
			return p - (nl - 1);
	}
	return NULL;
}

int key_normalise_max(const char *s, size_t len, size_t max,
		      struct buf *out)
{
	size_t i = 0, n, done = 0;
	char tmp[256 + 4];
	uint32_t cp;
	int err;

	while (i < len && done < max) {
		n = 0;
		/* a chunk at a time: buf_add() per character is slow */
		while (i < len && n < 256 && done + n < max) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x80) {
				cp = c;
				i++;
			} else {
				i += utf8_decode(s + i, len - i, &cp);
			}
			cp = fold(cp);
			if (cp)
				n += utf8_encode(cp, tmp + n);
		}
		err = buf_add(out, tmp, n);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

int key_normalise(const char *s, size_t len, struct buf *out)
{
	return key_normalise_max(s, len, SIZE_MAX, out);
}

static int is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' ||
	       cp == '\v' || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
	       (cp >= 0x2000 && cp <= 0x200D);
}

/* "-3-", "- 12 -", "—3—", "第3页", "第 3 页 共 5 页", "---|---", "---" */
static int line_ignorable(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp, f;
	unsigned digits = 0, dashes = 0, other = 0, lead_dash = 0, seps = 0;
	int seen_digit = 0, page = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == len)
		return 0;
	/* quick no: a rule or page number starts with '-', '|', a digit, a dash or 第 */
	if (!strchr("-|:+=0123456789", s[i]) && (unsigned char)s[i] != 0xE2 &&
	    (unsigned char)s[i] != 0xEF && memcmp(s + i, "第", len - i < 3 ? len - i : 3))
		return 0;
	i = 0;
	if (len > 48) {
		/* only a rule ("------", "|---|---|") can be this long */
		for (i = 0; i < len; i++)
			if (!strchr("-|:+= \t\r", s[i]))
				return 0;
		return 1;
	}

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (is_space_cp(cp))
			continue;
		f = fold(cp);
		if (f >= '0' && f <= '9') {
			digits++;
			seen_digit = 1;
		} else if (f == '-' || f == '=') {
			dashes++;
			if (!seen_digit)
				lead_dash++;
		} else if (f == '|' || f == ':' || f == '+') {
			seps++;
		} else if (cp == 0x7B2C || cp == 0x9875 || cp == 0x5171) {
			page++; /* 第 页 共 */
		} else {
			other++;
		}
	}
	if (other)
		return 0;
	if (!digits && dashes >= 3)
		return 1; /* separator line */
	if (digits && digits <= 4 && !seps && !page && lead_dash &&
	    dashes > lead_dash)
		return 1; /* -3- */
	if (digits && digits <= 6 && page >= 2 && !dashes && !seps)
		return 1; /* 第3页 */
	return 0;
}

int lines_build(struct lines *l, const char *text, size_t len)
{
	size_t n = 1, k = 0;
	const char *p = text, *end = text + len;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p++;
	}
	l->start = malloc((n + 1) * sizeof(*l->start));
	l->ignore = malloc(n);
	if (!l->start || !l->ignore) {
		lines_release(l);
		return -ENOMEM;
	}
	l->start[k++] = 0;
	for (p = text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		l->start[k++] = (size_t)(p - text) + 1;
	l->start[n] = len + 1;
	l->n = n;
	for (k = 0; k < n; k++) {
		size_t a = l->start[k], b = l->start[k + 1] - 1;

		l->ignore[k] = (uint8_t)line_ignorable(text + a, b - a);
	}
	return 0;
}

void lines_release(struct lines *l)
{
	if (!l)
		return;
	free(l->start);
	free(l->ignore);
	l->start = NULL;
	l->ignore = NULL;
	l->n = 0;
}

static size_t line_index(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

uint32_t lines_at(const struct lines *l, size_t off)
{
	return (uint32_t)line_index(l, off) + 1;
}

int keytext_build(struct keytext *kt, const char *text, size_t len,
		  const struct lines *l)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t li, k = 0, j, m;
	uint32_t cp, *map;
	char enc[4], *key;

	kt->k = malloc(len + 1);
	kt->map = malloc((len + 1) * sizeof(*kt->map));
	if (!kt->k || !kt->map) {
		keytext_release(kt);
		return -ENOMEM;
	}
	/* locals: stores through char pointers would reload kt's members */
	key = kt->k;
	map = kt->map;
	for (li = 0; li < l->n; li++) {
		size_t i = l->start[li], end = l->start[li + 1] - 1;

		if (l->ignore[li])
			continue;
		while (i < end) {
			unsigned char c = t[i];

			/* CJK U+3400..U+FDFF, never folded: the common case */
			if (c >= 0xE3 && c <= 0xEF && i + 2 < end &&
			    (t[i + 1] & 0xC0) == 0x80 &&
			    (t[i + 2] & 0xC0) == 0x80 &&
			    (c != 0xE3 || t[i + 1] >= 0x90) &&
			    (c != 0xED || t[i + 1] < 0xA0) &&
			    (c != 0xEF || t[i + 1] < 0xB8)) {
				key[k] = (char)c;
				key[k + 1] = (char)t[i + 1];
				key[k + 2] = (char)t[i + 2];
				map[k] = map[k + 1] = map[k + 2] = (uint32_t)i;
				k += 3;
				i += 3;
				continue;
			}
			if (c < 0x80) {
				/* white space and quotes drop out */
				if (c > ' ' && c != '"' && c != '\'' && c != 0x7F) {
					key[k] = (char)c;
					map[k++] = (uint32_t)i;
				}
				i++;
				continue;
			}
			m = utf8_decode(text + i, len - i, &cp);
			cp = fold(cp);
			if (cp) {
				size_t e = utf8_encode(cp, enc);

				/* folding never makes a code point longer */
				for (j = 0; j < e; j++) {
					key[k] = enc[j];
					map[k++] = (uint32_t)i;
				}
			}
			i += m;
		}
	}
	key[k] = '\0';
	map[k] = (uint32_t)len;
	kt->n = k;
	return 0;
}

void keytext_release(struct keytext *kt)
{
	if (!kt)
		return;
	free(kt->k);
	free(kt->map);
	kt->k = NULL;
	kt->map = NULL;
	kt->n = 0;
}

long keytext_find(const struct keytext *kt, size_t from, size_t to,
		  const char *key)
{
	size_t klen = strlen(key);
	const char *p;

	if (to > kt->n)
		to = kt->n;
	if (from >= to || to - from < klen)
		return -1;
	p = mem_find(kt->k + from, to - from, key, klen);
	return p ? (long)(p - kt->k) : -1;
}

size_t keytext_src_end(const struct keytext *kt, const char *text, size_t e)
{
	size_t off;
	uint32_t cp;

	if (e == 0)
		return kt->map[0];
	off = kt->map[e - 1];
	if (off >= kt->map[kt->n])
		return off;
	return off + utf8_decode(text + off, kt->map[kt->n] - off, &cp);
}

static int toks_push(struct toks *t, const struct tok *tk)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = *tk;
	return 0;
}

void toks_release(struct toks *t)
{
	if (!t)
		return;
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static uint32_t peek(const char *text, size_t i, size_t b, size_t *n)
{
	uint32_t cp, f;

	if (i >= b) {
		*n = 0;
		return 0;
	}
	*n = utf8_decode(text + i, b - i, &cp);
	f = fold(cp);
	return f ? f : (cp == 0 ? 0 : ' ');
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_cn_numeral(uint32_t cp)
{
	static const uint32_t nums[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
					 0x4E94, 0x516D, 0x4E03, 0x516B,
					 0x4E5D, 0x5341 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nums); i++)
		if (nums[i] == cp)
			return 1;
	return 0;
}

static const char *const units[] = { "件", "条", "个", "项", "次", "人",
				     "元", "万元", "家", "份", "%", "宗" };

static int is_unit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (strlen(units[i]) == len && !memcmp(units[i], s, len))
			return 1;
	return 0;
}

static size_t scan_number(const char *text, size_t i, size_t b,
			  struct tok *tk)
{
	size_t n, n2, j;
	uint32_t c = peek(text, i, b, &n);

	tk->len = 0;
	if (c == '-') {
		tk->s[tk->len++] = '-';
		i += n;
		c = peek(text, i, b, &n);
	}
	while (is_digit(c) || c == '.' || c == ',') {
		if (c == '.' || c == ',') {
			/* "7730.28"; "1,234" only with exactly three digits */
			size_t k = i + n;
			unsigned d = 0;
			uint32_t c2 = peek(text, k, b, &n2);

			if (!is_digit(c2))
				break;
			if (c == ',') {
				j = k;
				while (d < 4 && is_digit(peek(text, j, b, &n2))) {
					j += n2;
					d++;
				}
				if (d != 3)
					break;
				i += n;
				c = peek(text, i, b, &n);
				continue;
			}
		}
		if (tk->len < TOK_MAX_DIGITS)
			tk->s[tk->len++] = (char)c;
		i += n;
		c = peek(text, i, b, &n);
	}
	tk->s[tk->len] = '\0';
	return i;
}

int toks_scan(struct toks *t, const char *text, size_t a, size_t b,
	      const struct lines *l, unsigned stop_after)
{
	unsigned nums = 0;
	size_t i = a, n, li = line_index(l, a), next, n2;
	int hard = 1, prev_num = 0, err;
	uint32_t cp, c, c2;

	t->n = 0;
	while (i < b) {
		struct tok tk;

		next = l->start[li + 1] - 1; /* the '\n' ending line li */
		if (l->ignore[li] || i > next) {
			if (i <= next)
				i = next;
			li++;
			if (li >= l->n)
				break;
			i = l->start[li];
			hard = 1;
			prev_num = 0;
			continue;
		}
		n = utf8_decode(text + i, b - i, &cp);
		c = fold(cp);
		if (cp == '\n' || cp == '\t') {
			hard = 1;
			prev_num = 0;
			i += n;
			continue;
		}
		if (!c || is_space_cp(cp)) {
			prev_num = 0;
			i += n;
			continue;
		}
		if (c == '|') {
			hard = 1;
			prev_num = 0;
			i += n;
			continue;
		}
		memset(&tk, 0, sizeof(tk));
		tk.start = i;
		tk.line = (uint32_t)li + 1;
		tk.sep_hard = hard;
		c2 = peek(text, i + n, b, &n2);
		if (is_digit(c) || (c == '-' && is_digit(c2))) {
			tk.kind = TOK_NUM;
			i = scan_number(text, i, b, &tk);
		} else if (c == '-' || c == '/' ||
			   (cp == 0x65E0 &&
			    (c2 == 0 || c2 == ' ' || c2 == '|' || c2 == '-' ||
			     c2 == '/' || c2 == 0x65E0 || is_digit(c2)))) {
			/*
			 * "/", "-", "—", "——", "无" alone; "---" separators;
			 * "/—无" in flattened text is three blank cells
			 */
			uint32_t first = cp;
			unsigned run = 0;

			while (!run || (i < b && cp == first && cp != 0x65E0)) {
				run++;
				i += n;
				if (i >= b)
					break;
				n = utf8_decode(text + i, b - i, &cp);
			}
			if (run >= 3)
				continue;
			tk.kind = TOK_EMPTY;
		} else if (c == '(') {
			unsigned depth = 0, len = 0, cn = 0, dg = 0, other = 0;

			tk.kind = TOK_PAREN;
			while (i < b && i - tk.start < 600) {
				n = utf8_decode(text + i, b - i, &cp);
				c = fold(cp);
				i += n;
				if (c == '(') {
					depth++;
				} else if (c == ')') {
					if (--depth == 0)
						break;
				} else if (c) {
					if (is_cn_numeral(cp))
						cn++;
					else if (is_digit(c))
						dg++;
					else
						other++;
					if (len + n <= TOK_MAX_DIGITS) {
						memcpy(tk.s + len, text + i - n, n);
						len += (unsigned)n;
					}
				}
			}
			tk.s[len] = '\0';
			tk.len = len;
			/* "（三）", "(1)": a numeral, not a note */
			tk.group_numeral = !other && ((cn >= 1 && cn <= 2 && !dg) ||
						      (dg >= 1 && dg <= 2 && !cn));
		} else {
			tk.kind = TOK_TEXT;
			while (i < b) {
				n = utf8_decode(text + i, b - i, &cp);
				if (n == 3 && cp >= 0x3400 && cp < 0xFE00) {
					i += 3; /* CJK: part of the text */
					continue;
				}
				c = fold(cp);
				if (!c || is_space_cp(cp) || is_digit(c) ||
				    c == '(' || c == '|' || cp == '\n')
					break;
				i += n;
			}
			tk.unit = prev_num && is_unit(text + tk.start,
						      i - tk.start);
		}
		tk.end = i;
		err = toks_push(t, &tk);
		if (err)
			return err;
		if (tk.kind == TOK_NUM || tk.kind == TOK_EMPTY)
			nums++;
		else if (stop_after && nums >= stop_after &&
			 ((tk.kind == TOK_TEXT && !tk.unit) ||
			  (tk.kind == TOK_PAREN && tk.group_numeral)))
			break; /* text after the numbers ends a row */
		prev_num = tk.kind == TOK_NUM;
		hard = 0;
	}
	return 0;
}
