/* SPDX-License-Identifier: MIT */
/*
 * report_parse.c - report text to model: identity, sections and the three
 * standard tables, read by anchoring on template labels in a normalised
 * text and reading the numbers between them, never by tab positions.
 */
#include "report.h"
#include "common.h"
#include "buf.h"
#include "decode.h"
#include "scan.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS APP_CELL_COUNT /* the widest row: table 四 */
#define MAX_CANDS 512
#define MAX_ROW_TOKS 64
#define SPLIT_STEPS 200000
#define SOLVE_STEPS 200000

struct parser {
	struct report *r;
	const char *t;
	size_t len;
	struct lines lines;
	struct keytext kt;
	struct toks toks;
	struct diag *diags;
	size_t nd, dcap;
	int notice; /* the first line is a notice's title ("…的通知") */
	int err;    /* first -ENOMEM seen while recording */
	struct cand *cands;  /* scratch: one row's readings */
	uint64_t *cand_hash; /* hash of each reading's cells */
	size_t cand_cap;
	uint16_t *cand_slot; /* CAND_SLOTS: reading index or CAND_FREE */
};

/* ---- names ---- */

const char *const section_titles[SEC_COUNT] = {
	"总体情况",
	"主动公开政府信息情况",
	"收到和处理政府信息公开申请情况",
	"政府信息公开行政复议、行政诉讼情况",
	"存在的主要问题及改进情况",
	"其他需要报告的事项",
};

const char *const section_files[SEC_COUNT] = {
	"1-overview.txt", "2-proactive.txt", "3-requests.txt",
	"4-appeals.txt",  "5-problems.txt",  "6-other.txt",
};

const char *report_kind_name(enum report_kind k)
{
	static const char *const names[] = { "annual", "legacy", "not-report",
					     "not-text" };

	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "unknown";
}

const char *report_encoding_name(enum report_encoding e)
{
	static const char *const names[] = { "utf-8", "utf-8-bom", "gb18030",
					     "utf-16" };

	return (unsigned)e < ARRAY_SIZE(names) ? names[e] : "unknown";
}

const char *ident_source_name(enum ident_source s)
{
	static const char *const names[] = { "none", "title", "name", "period",
					     "text" };

	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "none";
}

const char *diag_code_name(enum diag_code c)
{
	static const char *const names[DIAG_COUNT] = {
		[DIAG_ENCODING] = "encoding",
		[DIAG_NO_TITLE] = "no-title",
		[DIAG_HEADING] = "heading",
		[DIAG_LABEL] = "label",
		[DIAG_ROW_MISSING] = "row-missing",
		[DIAG_CELLS] = "cells",
		[DIAG_UNCERTAIN] = "uncertain",
		[DIAG_CELL_TEXT] = "cell-text",
		[DIAG_UNIT] = "unit",
		[DIAG_TEMPLATE] = "template",
	};

	return (unsigned)c < DIAG_COUNT ? names[c] : "unknown";
}

void num_format(struct num n, char *out, size_t size)
{
	uint64_t a = n.mant < 0 ? (uint64_t)0 - (uint64_t)n.mant
				: (uint64_t)n.mant;
	char tmp[48];
	size_t i = sizeof(tmp), len;
	unsigned d = 0;

	tmp[--i] = '\0';
	do {
		if (n.scale && d == n.scale)
			tmp[--i] = '.';
		tmp[--i] = (char)('0' + a % 10);
		a /= 10;
		d++;
	} while ((a || d <= n.scale) && i > 2);
	if (n.mant < 0)
		tmp[--i] = '-';
	len = sizeof(tmp) - 1 - i;
	if (!size)
		return;
	if (len >= size)
		len = size - 1;
	memcpy(out, tmp + i, len);
	out[len] = '\0';
}

/* "12", "-3", "7730.28": 0, or -1 when not a number or too long */
static int num_parse(const char *s, size_t len, struct num *out)
{
	int64_t m = 0;
	unsigned scale = 0, digits = 0;
	int neg = 0, dot = 0;
	size_t i = 0;

	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] == '.') {
			if (dot)
				return -1;
			dot = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++digits > 18)
			return -1;
		m = m * 10 + (s[i] - '0');
		if (dot)
			scale++;
	}
	if (!digits)
		return -1;
	out->mant = neg ? -m : m;
	out->scale = scale;
	return 0;
}

/* ---- diagnostics ---- */

__attribute__((format(printf, 4, 5))) static void
diag(struct parser *p, uint32_t line, enum diag_code code, const char *fmt,
     ...)
{
	char line_buf[512];
	struct buf b;
	va_list ap;
	char *msg;
	int n;

	if (p->nd == p->dcap) {
		size_t cap = p->dcap ? p->dcap * 2 : 16;
		struct diag *d = realloc(p->diags, cap * sizeof(*d));

		if (!d) {
			p->err = -ENOMEM;
			return;
		}
		p->diags = d;
		p->dcap = cap;
	}
	/* most notes fit a line: no heap buffer for those */
	va_start(ap, fmt);
	n = vsnprintf(line_buf, sizeof(line_buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(line_buf)) {
		msg = arena_strndup(&p->r->arena, line_buf, (size_t)n);
		goto add;
	}
	buf_init(&b, 1 << 16);
	va_start(ap, fmt);
	if (buf_vaddf(&b, fmt, ap)) {
		va_end(ap);
		buf_release(&b);
		p->err = -ENOMEM;
		return;
	}
	va_end(ap);
	msg = arena_strndup(&p->r->arena, b.ptr, b.len);
	buf_release(&b);
add:
	if (!msg) {
		p->err = -ENOMEM;
		return;
	}
	p->diags[p->nd].line = line;
	p->diags[p->nd].code = code;
	p->diags[p->nd].message = msg;
	p->nd++;
}

/* ---- key text helpers ---- */

/* First key index whose source offset is >= off. */
static size_t key_at(const struct parser *p, size_t off)
{
	size_t lo = 0, hi = p->kt.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->kt.map[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t src_of(const struct parser *p, size_t k)
{
	return p->kt.map[k < p->kt.n ? k : p->kt.n];
}

static size_t src_end_of(const struct parser *p, size_t kend)
{
	return keytext_src_end(&p->kt, p->t, kend);
}

static uint32_t line_of_key(const struct parser *p, size_t k)
{
	return lines_at(&p->lines, src_of(p, k));
}

static const char *const cn_nums[] = { "一", "二", "三", "四", "五",
				       "六", "七", "八", "九", "十" };

/* Index 0..9 of the Chinese numeral ending just before key index k, or -1. */
static int cn_before(const struct parser *p, size_t k)
{
	size_t i;

	if (k < 3)
		return -1;
	for (i = 0; i < ARRAY_SIZE(cn_nums); i++)
		if (!memcmp(p->kt.k + k - 3, cn_nums[i], 3))
			return (int)i;
	return -1;
}

/* Nonzero when only white space stands between the line start and `off`. */
static int at_line_start(const struct parser *p, size_t off)
{
	while (off > 0) {
		unsigned char c = (unsigned char)p->t[off - 1];

		if (c == '\n')
			return 1;
		if (c == ' ' || c == '\t' || c == '\r')
			off--;
		else if (off >= 3 && !memcmp(p->t + off - 3, "\xE3\x80\x80", 3))
			off -= 3; /* U+3000 */
		else
			return 0;
	}
	return 1;
}

static size_t line_start_of(const struct parser *p, size_t off)
{
	while (off > 0 && p->t[off - 1] != '\n')
		off--;
	return off;
}

/* Non-space code points from `off` to the end of its line. */
static unsigned rest_of_line(const struct parser *p, size_t off)
{
	unsigned count = 0;
	uint32_t cp;

	while (off < p->len && p->t[off] != '\n' && count <= 3) {
		off += utf8_decode(p->t + off, p->len - off, &cp);
		if (key_fold(cp))
			count++;
	}
	return count; /* callers only ask "at most 3?" */
}

/* ---- approximate label search (Sellers' edit distance) ---- */

struct fuzzy_hit {
	size_t ks, ke; /* key byte range of the match */
	unsigned dist;
};

static size_t to_cps(const char *s, size_t len, uint32_t *cps, size_t *offs)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if (offs)
			offs[n] = i;
		i += utf8_decode(s + i, len - i, &cps[n]);
		n++;
	}
	if (offs)
		offs[n] = i;
	return n;
}

static int fuzzy_find(const struct parser *p, size_t w0, size_t w1,
		      const char *key, struct fuzzy_hit *hit)
{
	uint32_t pat[64];
	size_t m, n, i, j, best_j = 0, best_s = 0;
	unsigned best = ~0u, limit;
	uint32_t *txt = NULL;
	size_t *offs = NULL;
	unsigned *prev = NULL, *cur = NULL;
	size_t *sprev = NULL, *scur = NULL;
	int found = 0;

	if (strlen(key) > sizeof(pat) / sizeof(pat[0]) * 3 / 2 ||
	    w1 <= w0 || w1 - w0 > 4096)
		return 0;
	m = to_cps(key, strlen(key), pat, NULL);
	if (m < 4)
		return 0;
	limit = (unsigned)(m / 4 ? m / 4 : 1);
	txt = malloc((w1 - w0 + 1) * sizeof(*txt));
	offs = malloc((w1 - w0 + 2) * sizeof(*offs));
	prev = malloc((m + 1) * sizeof(*prev));
	cur = malloc((m + 1) * sizeof(*cur));
	sprev = malloc((m + 1) * sizeof(*sprev));
	scur = malloc((m + 1) * sizeof(*scur));
	if (!txt || !offs || !prev || !cur || !sprev || !scur)
		goto out_free;
	n = to_cps(p->kt.k + w0, w1 - w0, txt, offs);
	for (i = 0; i <= m; i++) {
		prev[i] = (unsigned)i;
		sprev[i] = 0;
	}
	for (j = 1; j <= n; j++) {
		cur[0] = 0;
		scur[0] = j;
		for (i = 1; i <= m; i++) {
			unsigned sub = prev[i - 1] + (pat[i - 1] != txt[j - 1]);
			unsigned ins = prev[i] + 1;
			unsigned del = cur[i - 1] + 1;

			if (sub <= ins && sub <= del) {
				cur[i] = sub;
				scur[i] = i == 1 ? j - 1 : sprev[i - 1];
			} else if (ins <= del) {
				cur[i] = ins;
				scur[i] = sprev[i];
			} else {
				cur[i] = del;
				scur[i] = scur[i - 1];
			}
		}
		if (cur[m] < best) {
			best = cur[m];
			best_j = j;
			best_s = scur[m];
		}
		memcpy(prev, cur, (m + 1) * sizeof(*prev));
		memcpy(sprev, scur, (m + 1) * sizeof(*sprev));
	}
	if (best <= limit && best_j > best_s) {
		hit->ks = w0 + offs[best_s];
		hit->ke = w0 + offs[best_j];
		hit->dist = best;
		found = 1;
	}
out_free:
	free(txt);
	free(offs);
	free(prev);
	free(cur);
	free(sprev);
	free(scur);
	return found;
}

/* ---- sections ---- */

static const char *const sec_variants[SEC_COUNT][6] = {
	{ "总体情况" },
	{ "主动公开政府信息情况", "主动公开政府信息的情况" },
	{ "收到和处理政府信息公开申请情况",
	  "收到和处理政府信息公开申请的情况" },
	{ "政府信息公开行政复议、行政诉讼情况",
	  "政府信息公开行政复议,行政诉讼情况",
	  "政府信息公开行政复议和行政诉讼情况",
	  "因政府信息公开申请提起行政复议、行政诉讼的情况",
	  "因政府信息公开申请行政复议、提起行政诉讼的情况",
	  "政府信息公开行政复议、行政诉讼的情况" },
	{ "存在的主要问题及改进情况",
	  "政府信息公开工作存在的主要问题及改进情况",
	  "存在的主要问题和改进情况", "主要问题及改进情况" },
	{ "其他需要报告的事项" },
};

enum numeral_kind {
	NUMERAL_NONE,  /* "总体情况" */
	NUMERAL_OK,    /* "一、总体情况", "第一部分 总体情况" */
	NUMERAL_WRONG, /* "三、总体情况" */
	NUMERAL_BARE,  /* "、总体情况" */
	NUMERAL_PAREN, /* "（一）总体情况": a heading only if nothing better */
};

/*
 * Is the title occurrence at key [k, k + klen) a heading of section s?
 * On success sets *start (source offset where the section begins) and
 * *numeral.
 */
static int heading_at(const struct parser *p, int s, size_t k, size_t klen,
		      size_t *start, enum numeral_kind *numeral)
{
	size_t pre = k, src;
	int cn, line_start, short_rest, inline_ok;
	enum numeral_kind nk = NUMERAL_NONE;

	if (pre >= 3 && !memcmp(p->kt.k + pre - 3, "、", 3)) {
		pre -= 3;
		cn = cn_before(p, pre);
		if (cn >= 0) {
			nk = cn == s ? NUMERAL_OK : NUMERAL_WRONG;
			pre -= 3;
		} else {
			nk = NUMERAL_BARE;
		}
	} else if (pre >= 1 && (p->kt.k[pre - 1] == '.' ||
				p->kt.k[pre - 1] == ',' ||
				p->kt.k[pre - 1] == ':')) {
		cn = cn_before(p, pre - 1);
		if (cn >= 0) {
			nk = cn == s ? NUMERAL_OK : NUMERAL_WRONG;
			pre -= 4;
		}
	} else if (pre >= 9 && !memcmp(p->kt.k + pre - 6, "部分", 6) &&
		   (cn = cn_before(p, pre - 6)) >= 0 && pre >= 12 &&
		   !memcmp(p->kt.k + pre - 12, "第", 3)) {
		/* "第三部分 收到和处理政府信息公开申请情况" */
		nk = cn == s ? NUMERAL_OK : NUMERAL_WRONG;
		pre -= 12;
	} else if (pre >= 5 && p->kt.k[pre - 1] == ')' &&
		   (cn = cn_before(p, pre - 1)) >= 0 && p->kt.k[pre - 5] == '(') {
		if (cn != s)
			return 0;
		nk = NUMERAL_PAREN;
		pre -= 5;
	} else if ((cn = cn_before(p, pre)) >= 0) {
		nk = cn == s ? NUMERAL_OK : NUMERAL_WRONG;
		pre -= 3;
	}
	if (pre >= 1 && p->kt.k[pre - 1] == ')')
		return 0;
	if (nk != NUMERAL_OK && pre >= 3 && !memcmp(p->kt.k + pre - 3, "第", 3))
		return 0;
	src = src_of(p, pre);
	line_start = at_line_start(p, src);
	short_rest = rest_of_line(p, src_end_of(p, k + klen)) <= 3;
	/* flattened text that lost a numeral: "…000000、存在的主要问题…" */
	inline_ok = nk == NUMERAL_BARE && pre > 0 &&
		    ((p->kt.k[pre - 1] >= '0' && p->kt.k[pre - 1] <= '9') ||
		     (pre >= 3 && !memcmp(p->kt.k + pre - 3, "。", 3)));
	if (nk != NUMERAL_OK && !inline_ok && (!line_start || !short_rest))
		return 0;
	*start = line_start ? line_start_of(p, src) : src;
	*numeral = nk;
	return 1;
}

/* Bytes of the last two UTF-8 characters of string s (or all of it). */
static size_t last_chars_len(const char *s)
{
	size_t n = strlen(s), i = n;
	int chars = 0;

	while (i > 0 && chars < 2)
		if (((unsigned char)s[--i] & 0xC0) != 0x80)
			chars++;
	return n - i;
}

struct heading {
	int sec;
	int variant;   /* index in sec_variants[sec] */
	size_t k;      /* key offset of the title */
	size_t start;
	enum numeral_kind numeral;
};

static int heading_cmp(const void *a, const void *b)
{
	const struct heading *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->sec != y->sec)
		return x->sec - y->sec;
	if (x->variant != y->variant)
		return x->variant - y->variant;
	return x->k < y->k ? -1 : x->k > y->k;
}

/*
 * A section whose title was not found exactly: a line that starts with its
 * numeral ("四、") and then nearly its title ("政府信息公开行政复议、行政
 * 诉讼的情况况") still heads it.
 */
static void fuzzy_heading(struct parser *p, int s)
{
	const char *title = sec_variants[s][0];
	size_t li, tl = strlen(title);
	struct fuzzy_hit fh;

	for (li = 0; li < p->lines.n; li++) {
		size_t kl, ke;

		if (p->lines.ignore[li])
			continue;
		kl = key_at(p, p->lines.start[li]);
		ke = key_at(p, p->lines.start[li + 1] - 1);
		if (ke <= kl + 6 || ke - kl > tl * 2 + 12 ||
		    memcmp(p->kt.k + kl, cn_nums[s], 3) ||
		    memcmp(p->kt.k + kl + 3, "、", 3))
			continue;
		if (!fuzzy_find(p, kl + 6, ke, title, &fh) || fh.ks > kl + 9)
			continue;
		p->r->sections[s].found = 1;
		p->r->sections[s].headings = 1;
		p->r->sections[s].numeral_ok = 1;
		p->r->sections[s].start = p->lines.start[li];
		p->r->sections[s].line = (uint32_t)li + 1;
		diag(p, (uint32_t)li + 1, DIAG_HEADING,
		     "section %d heading read as '%s' (%u edits)", s + 1,
		     section_titles[s], fh.dist);
		return;
	}
}

static int find_sections(struct parser *p)
{
	struct report *r = p->r;
	struct title {
		const char *key;
		size_t len, tail;
		int sec, variant;
	} titles[SEC_COUNT * 6];
	struct heading *h = NULL;
	size_t nh = 0, cap = 0, i, nt = 0, t, u;
	int s, prev = -1, pass;

	/*
	 * Every title ends in "情况" or "事项": find each distinct last two
	 * characters once and try the titles ending there, rather than
	 * scanning the text once per title.  No title overlaps itself, so
	 * this finds every occurrence of every title.
	 */
	for (s = 0; s < SEC_COUNT; s++)
		for (u = 0; u < 6 && sec_variants[s][u]; u++) {
			struct title *ti = &titles[nt++];

			ti->key = sec_variants[s][u];
			ti->len = strlen(ti->key);
			ti->tail = last_chars_len(ti->key);
			ti->sec = s;
			ti->variant = (int)u;
		}
	for (t = 0; t < nt; t++) {
		const char *tail = titles[t].key + titles[t].len - titles[t].tail;
		size_t tl = titles[t].tail, from = 0, e;
		long q;

		for (u = 0; u < t; u++)
			if (titles[u].tail == tl &&
			    !memcmp(titles[u].key + titles[u].len - tl, tail, tl))
				break;
		if (u < t)
			continue; /* that tail was searched for already */
		while ((q = keytext_find(&p->kt, from, p->kt.n, tail)) >= 0) {
			e = (size_t)q + tl;
			from = e;
			for (u = t; u < nt; u++) {
				const struct title *ti = &titles[u];
				struct heading hd = { ti->sec, ti->variant, 0, 0,
						      NUMERAL_NONE };

				if (ti->len > e ||
				    memcmp(p->kt.k + e - ti->len, ti->key, ti->len))
					continue;
				hd.k = e - ti->len;
				if (!heading_at(p, hd.sec, hd.k, ti->len,
						&hd.start, &hd.numeral))
					continue;
				if (nh == cap) {
					struct heading *nhp;

					cap = cap ? cap * 2 : 16;
					nhp = realloc(h, cap * sizeof(*h));
					if (!nhp) {
						free(h);
						return -ENOMEM;
					}
					h = nhp;
				}
				h[nh++] = hd;
			}
		}
	}
	if (nh)
		qsort(h, nh, sizeof(*h), heading_cmp);
	/* "（二）主动公开…" headings count only for sections with no other */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nh; i++) {
			struct section *sec = &r->sections[h[i].sec];

			if ((h[i].numeral == NUMERAL_PAREN) != pass)
				continue;
			if (pass && (sec->headings && !sec->paren))
				continue;
			/* two variants matching one heading count once */
			if (i > 0 && h[i - 1].sec == h[i].sec &&
			    h[i - 1].start == h[i].start)
				continue;
			sec->headings++;
			if (sec->found)
				continue;
			sec->found = 1;
			sec->paren = pass;
			sec->start = h[i].start;
			sec->line = lines_at(&p->lines, h[i].start);
			sec->numeral_ok = h[i].numeral == NUMERAL_OK;
		}
	}
	free(h);

	for (s = 0; s < SEC_COUNT; s++)
		if (!r->sections[s].found)
			fuzzy_heading(p, s);

	r->sections_in_order = 1;
	for (s = 0; s < SEC_COUNT; s++) {
		struct section *sec = &r->sections[s];
		size_t end = p->len;
		int o;

		if (!sec->found)
			continue;
		for (o = 0; o < SEC_COUNT; o++)
			if (o != s && r->sections[o].found &&
			    r->sections[o].start > sec->start &&
			    r->sections[o].start < end)
				end = r->sections[o].start;
		sec->end = end;
		if (prev >= 0 && r->sections[prev].start > sec->start)
			r->sections_in_order = 0;
		prev = s;
		if (!sec->numeral_ok)
			diag(p, sec->line, DIAG_HEADING,
			     "section %d heading '%s' lacks its numeral '%s、'",
			     s + 1, section_titles[s], cn_nums[s]);
		if (sec->headings > 1)
			diag(p, sec->line, DIAG_HEADING,
			     "section %d heading '%s' appears %u times", s + 1,
			     section_titles[s], sec->headings);
	}
	if (!r->sections_in_order)
		diag(p, 0, DIAG_HEADING, "sections are out of order");
	return 0;
}

/* Key range of a found section, or of the whole text. */
static void section_keys(const struct parser *p, int s, size_t *k0,
			 size_t *k1)
{
	const struct section *sec = &p->r->sections[s];

	if (sec->found) {
		*k0 = key_at(p, sec->start);
		*k1 = key_at(p, sec->end);
	} else {
		*k0 = 0;
		*k1 = p->kt.n;
	}
}

/* ---- identity ---- */

static int cn_digit(const char *s, size_t len)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四",
					 "五", "六", "七", "八", "九" };
	size_t i;

	if (len < 3)
		return -1;
	if (!memcmp(s, "零", 3))
		return 0;
	for (i = 0; i < ARRAY_SIZE(d); i++)
		if (!memcmp(s, d[i], 3))
			return (int)i;
	return -1;
}

/*
 * Position in (s, len) of "YYYY年" (1990..2099, also "二〇二一年"), the
 * year in *year and the length of the match without "年" in *ylen; -1 if
 * none.
 */
static long find_year_len(const char *s, size_t len, int *year, size_t *ylen,
			  int cn)
{
	size_t i, j;

	for (i = 0; i + 7 <= len; i++) {
		int y = 0, d;

		if (s[i] >= '0' && s[i] <= '9') {
			if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
				continue;
			for (j = 0; j < 4; j++) {
				if (s[i + j] < '0' || s[i + j] > '9')
					break;
				y = y * 10 + (s[i + j] - '0');
			}
			if (j < 4 || memcmp(s + i + 4, "年", 3))
				continue;
			*ylen = 4;
		} else if (cn && i + 15 <= len && cn_digit(s + i, len - i) >= 0) {
			for (j = 0; j < 4; j++) {
				d = cn_digit(s + i + 3 * j, len - i - 3 * j);
				if (d < 0)
					break;
				y = y * 10 + d;
			}
			if (j < 4 || memcmp(s + i + 12, "年", 3))
				continue;
			*ylen = 12;
		} else {
			continue;
		}
		if (y < 1990 || y > 2099)
			continue;
		*year = y;
		return (long)i;
	}
	return -1;
}

static long find_year(const char *s, size_t len, int *year)
{
	size_t ylen;

	return find_year_len(s, len, year, &ylen, 0);
}

static int has(const char *s, size_t len, const char *needle)
{
	return mem_find(s, len, needle, strlen(needle)) != NULL;
}

/* "关于报送2021年政府信息公开工作年度报告的通知": about a report, not one */
static int looks_like_notice(const char *k, size_t len)
{
	static const char *const words[] = { "通知", "的函", "公告", "通报",
					     "的决定", "的意见", "的批复" };
	size_t i;

	if (len > 300)
		return 0;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (has(k, len, words[i]))
			return 1;
	return 0;
}

static int looks_like_title(const char *k, size_t len)
{
	/* a sentence ("请于…报送年度报告，…。") is not a title */
	return len <= 180 && has(k, len, "报告") &&
	       (has(k, len, "信息公开") || has(k, len, "政务公开")) &&
	       !has(k, len, "。") && !memchr(k, ',', len) &&
	       !memchr(k, ';', len) && !looks_like_notice(k, len);
}

/* Trim trailing "关于", "年度", punctuation from an agency candidate. */
static size_t trim_agency(const char *s, size_t len)
{
	static const char *const tails[] = { "关于", "年度", "度", ",", ":",
					     "-", "《" };
	int again = 1;
	size_t i;

	while (again && len) {
		again = 0;
		for (i = 0; i < ARRAY_SIZE(tails); i++) {
			size_t tl = strlen(tails[i]);

			if (len >= tl && !memcmp(s + len - tl, tails[i], tl)) {
				len -= tl;
				again = 1;
			}
		}
	}
	return len;
}

static const char *const disclosure_words[] = {
	"政府信息公开", "政务信息公开", "政务公开", "信息公开",
};

/* Where the first word of disclosure_words starts in (k, len), or len. */
static size_t disclosure_at(const char *k, size_t len)
{
	size_t a = len, i;

	for (i = 0; i < ARRAY_SIZE(disclosure_words); i++) {
		const char *w = mem_find(k, len, disclosure_words[i],
					 strlen(disclosure_words[i]));

		if (w && (size_t)(w - k) < a)
			a = (size_t)(w - k);
	}
	return a;
}

/* Skip a leading "附件1：" / "附件" before a title. */
static size_t skip_attachment(const char *k, size_t len)
{
	size_t i = 0;

	if (len < 6 || memcmp(k, "附件", 6))
		return 0;
	i = 6;
	while (i < len && k[i] >= '0' && k[i] <= '9')
		i++;
	if (i < len && (k[i] == ':' || k[i] == '-' || k[i] == '.'))
		i++;
	return i;
}

/*
 * Agency and year from a title-like key string: "XX2021年政府信息公开…",
 * "2021年度XX政府信息公开…", "XX政府信息公开…".  Sets *aoff and *alen (alen 0:
 * no agency).  Returns the title year or 0.
 */
static int title_parts(const char *k, size_t len, size_t *aoff, size_t *alen)
{
	int year = 0;
	size_t ylen = 0, a0 = skip_attachment(k, len), a, end;
	long y = find_year_len(k + a0, len - a0, &year, &ylen, 1);

	*aoff = a0;
	if (y == 0) {
		/* "2021年度XX局政府信息公开工作年度报告" */
		a0 += ylen + 3;
		if (a0 + 3 <= len && !memcmp(k + a0, "度", 3))
			a0 += 3;
		end = disclosure_at(k + a0, len - a0);
		a = end == len - a0 ? 0 : end;
		*aoff = a0;
	} else if (y > 0) {
		a = (size_t)y;
	} else {
		a = disclosure_at(k + a0, len - a0);
		if (a == len - a0)
			a = 0;
	}
	a = trim_agency(k + *aoff, a);
	if (a > 150 || has(k + *aoff, a, "。"))
		a = 0;
	*alen = a;
	return year;
}

static int find_identity(struct parser *p, const char *name)
{
	struct report *r = p->r;
	struct identity *id = &r->id;
	size_t limit = p->len, li, nonempty = 0, alen, aoff;
	struct buf line, prev;
	uint32_t prev_line = 0;
	int s, err = 0;
	long k;

	for (s = 0; s < SEC_COUNT; s++)
		if (r->sections[s].found && r->sections[s].start < limit)
			limit = r->sections[s].start;
	buf_init(&line, 1 << 16);
	buf_init(&prev, 1 << 16);
	for (li = 0; li < p->lines.n && nonempty < 12; li++) {
		size_t a = p->lines.start[li], b = p->lines.start[li + 1] - 1;

		if (a >= limit && nonempty > 0)
			break;
		if (p->lines.ignore[li])
			continue;
		line.len = 0;
		/*
		 * of a key line longer than 300 bytes (no notice title) only
		 * the first 180 count: a flattened page is one long line
		 */
		err = key_normalise_max(p->t + a, b - a, 301, &line);
		if (err)
			goto out;
		if (!line.len)
			continue;
		if (!nonempty++)
			p->notice = looks_like_notice(line.ptr, line.len);
		if (line.len > 180) {
			/* flattened page: "XX2021年…年度报告 当前位置：…" */
			const char *end = mem_find(line.ptr, 180, "报告", 6);

			if (end)
				line.len = (size_t)(end - line.ptr) + 6;
		}
		if (looks_like_title(line.ptr, line.len)) {
			id->title_year = title_parts(line.ptr, line.len, &aoff,
						     &alen);
			id->title_line = (uint32_t)li + 1;
			if (!alen && prev.len && prev.len <= 90 &&
			    !has(prev.ptr, prev.len, "。") &&
			    find_year(line.ptr, line.len, &s) == 0) {
				/* "洪泽区人民政府" / "2023 年政府信息公开工作年度报告" */
				alen = trim_agency(prev.ptr, prev.len);
				id->agency = arena_strndup(&r->arena, prev.ptr,
							   alen);
				id->title_line = prev_line;
			} else if (alen) {
				id->agency = arena_strndup(&r->arena,
							   line.ptr + aoff, alen);
			}
			if (alen && !id->agency) {
				err = -ENOMEM;
				goto out;
			}
			if (id->agency)
				id->agency_src = SOURCE_TITLE;
			break;
		}
		prev.len = 0;
		err = buf_add(&prev, line.ptr, line.len);
		if (err)
			goto out;
		prev_line = (uint32_t)li + 1;
	}
	if (!id->title_line)
		diag(p, 0, DIAG_NO_TITLE, "no title line found");

	if (!id->agency && name) {
		const char *base = strrchr(name, '/');
		const char *dot;
		size_t nlen;

		base = base ? base + 1 : name;
		dot = strrchr(base, '.');
		nlen = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		line.len = 0;
		err = key_normalise(base, nlen, &line);
		if (err)
			goto out;
		if (looks_like_title(line.ptr, line.len) ||
		    find_year(line.ptr, line.len, &s) > 0) {
			int y = title_parts(line.ptr, line.len, &aoff, &alen);

			(void)y;
			if (alen) {
				id->agency = arena_strndup(&r->arena,
							   line.ptr + aoff, alen);
				if (!id->agency) {
					err = -ENOMEM;
					goto out;
				}
				id->agency_src = SOURCE_NAME;
			}
		}
	}

	/* 统计期限为2021年1月1日至2021年12月31日 */
	{
		static const char *const keys[] = { "统计期限", "统计时限",
						    "统计期间", "统计时间" };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(keys) && !id->period_year; i++) {
			k = keytext_find(&p->kt, 0, p->kt.n, keys[i]);
			if (k >= 0) {
				size_t from = (size_t)k + strlen(keys[i]);
				size_t to = from + 60 < p->kt.n ? from + 60
								: p->kt.n;
				int y;

				if (find_year(p->kt.k + from, to - from, &y) >= 0)
					id->period_year = y;
			}
		}
	}
	if (id->title_year) {
		id->year = id->title_year;
		id->year_src = SOURCE_TITLE;
	} else if (id->period_year) {
		id->year = id->period_year;
		id->year_src = SOURCE_PERIOD;
	} else {
		/* the most frequent "20XX年" of section 1, else of the text */
		size_t k0, k1, i;
		int counts[110] = { 0 }, best = 0, y;

		section_keys(p, SEC_OVERVIEW, &k0, &k1);
		if (!r->sections[SEC_OVERVIEW].found && k1 > 30000)
			k1 = 30000;
		for (i = k0; i < k1;) {
			long at = find_year(p->kt.k + i, k1 - i, &y);

			if (at < 0)
				break;
			counts[y - 1990]++;
			i += (size_t)at + 4;
		}
		for (i = 0; i < ARRAY_SIZE(counts); i++)
			if (counts[i] > best) {
				best = counts[i];
				id->year = (int)i + 1990;
			}
		if (id->year)
			id->year_src = SOURCE_TEXT;
	}
out:
	buf_release(&line);
	buf_release(&prev);
	return err;
}

/* ---- template ---- */

static void find_template(struct parser *p)
{
	static const char *const sig19[] = { "本年新制作数量", "本年新公开数量",
					     "对外公开总数量", "上一年项目数量",
					     "采购项目数量", "采购总金额" };
	static const char *const sig21[] = { "制发件数", "止件数", "有效件数",
					     "本年处理决定数量",
					     "本年收费金额" };
	unsigned n19 = 0, n21 = 0, i;
	size_t k0, k1;

	/* table 二's headers, in section 二 when there is one */
	section_keys(p, SEC_PROACTIVE, &k0, &k1);
	for (i = 0; i < ARRAY_SIZE(sig19); i++)
		n19 += keytext_find(&p->kt, k0, k1, sig19[i]) >= 0;
	for (i = 0; i < ARRAY_SIZE(sig21); i++)
		n21 += keytext_find(&p->kt, k0, k1, sig21[i]) >= 0;
	if (n19 > n21)
		p->r->tmpl = TEMPLATE_2019;
	else if (n21 > n19)
		p->r->tmpl = TEMPLATE_2021;
	if (n19 && n21)
		diag(p, 0, DIAG_TEMPLATE,
		     "table 二 has headers of both templates (2019: %u, 2021: %u)",
		     n19, n21);
}

/* ---- cells of one row ---- */

struct cand {
	struct cell c[MAX_CELLS];
	unsigned slot; /* in the parser's cand_slot table */
};

/* Hash slots for finding duplicate readings: a power of two > 2 * MAX_CANDS */
#define CAND_SLOTS 1024
#define CAND_FREE 0xFFFFu

/* Returns 0 when the completed row is consistent, -1 otherwise. */
typedef int (*row_rule)(struct cell *c, unsigned k);

static int is_val(const struct cell *c)
{
	return c->state == CELL_VALUE && !(c->flags & CELL_UNCERTAIN);
}

/*
 * Check "c[last] = sum of c[first..last)" over a group, filling one
 * missing cell when that determines it.
 */
static int sum_group(struct cell *c, unsigned first, unsigned last)
{
	unsigned i, missing = 0, at = 0;
	int64_t sum = 0;

	for (i = first; i <= last; i++) {
		if (c[i].state == CELL_MISSING) {
			missing++;
			at = i;
		} else if (c[i].state != CELL_VALUE || c[i].v.scale) {
			return 0; /* blank cells: nothing to check */
		}
	}
	if (missing > 1)
		return 0;
	for (i = first; i < last; i++)
		if (c[i].state == CELL_VALUE)
			sum += c[i].v.mant;
	if (!missing)
		return c[last].v.mant == sum ? 0 : -1;
	if (at == last) {
		c[at].v.mant = sum;
	} else {
		int64_t v = c[last].v.mant - sum;

		if (v < 0)
			return -1;
		c[at].v.mant = v;
	}
	c[at].state = CELL_VALUE;
	c[at].v.scale = 0;
	c[at].flags |= CELL_DEDUCED;
	return 0;
}

static int rule_requests(struct cell *c, unsigned k)
{
	(void)k;
	return sum_group(c, REQ_COL_PERSON, REQ_COL_TOTAL);
}

static int rule_appeals(struct cell *c, unsigned k)
{
	unsigned g;

	(void)k;
	for (g = 0; g < 3; g++)
		if (sum_group(c, g * 5, g * 5 + 4))
			return -1;
	return 0;
}

/*
 * Table 二 "上一年项目数量, 本年增/减": this year's number of items, the two
 * added, cannot be negative.
 */
static int rule_delta(struct cell *c, unsigned k)
{
	(void)k;
	if (c[0].state != CELL_VALUE || c[1].state != CELL_VALUE ||
	    c[0].v.scale || c[1].v.scale)
		return 0;
	return c[0].v.mant + c[1].v.mant < 0 ? -1 : 0;
}

struct rowctx {
	struct parser *p;
	const struct tok *tok[MAX_ROW_TOKS];
	struct cell tcell[MAX_ROW_TOKS]; /* each token read as one cell */
	size_t ntok;
	unsigned k;
	row_rule rule;
	unsigned group; /* the rule sums groups of this many cells, or 0 */
	size_t ncand; /* readings in x->p->cands */
	unsigned long steps;
	int overflow;
	unsigned neg;     /* columns that may hold a negative number */
	uint64_t glued;   /* tokens "-400" glued to the number before them */
	uint64_t dash;    /* glued tokens whose dash is "—": never a minus */
	int minus;        /* a glued '-' starts a negative cell, else a blank */
	int neg_only;     /* negative cells only in `neg` columns */
	size_t digits;    /* digits (and signs) in all tokens */
	struct cell cur[MAX_CELLS];
	/* over cur[] from its group's first cell to cell i: */
	int64_t psum[MAX_CELLS];  /* the sum of the numbers */
	uint8_t pblank[MAX_CELLS]; /* a cell is not a number */
	uint8_t pscale[MAX_CELLS]; /* a number has decimals */
};

static int cells_equal(const struct cell *a, const struct cell *b, unsigned k)
{
	unsigned i;

	for (i = 0; i < k; i++) {
		if (a[i].state != b[i].state)
			return 0;
		if (a[i].state == CELL_VALUE &&
		    (a[i].v.mant != b[i].v.mant || a[i].v.scale != b[i].v.scale))
			return 0;
	}
	return 1;
}

static uint64_t cells_hash(const struct cell *c, unsigned k)
{
	uint64_t h = 0x9E3779B97F4A7C15u;
	unsigned i;

	for (i = 0; i < k; i++) {
		h ^= (uint64_t)c[i].state | (uint64_t)c[i].v.scale << 2;
		h *= 0x100000001B3u;
		if (c[i].state == CELL_VALUE)
			h ^= (uint64_t)c[i].v.mant;
		h *= 0xFF51AFD7ED558CCDu;
		h ^= h >> 29;
	}
	return h;
}

/* Grow the parser's scratch array of readings; 0 or -ENOMEM. */
static int cands_grow(struct parser *p)
{
	size_t cap = p->cand_cap ? p->cand_cap * 2 : 16;
	struct cand *v;
	uint64_t *h;

	if (cap > MAX_CANDS)
		cap = MAX_CANDS;
	v = realloc(p->cands, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->cands = v;
	h = realloc(p->cand_hash, cap * sizeof(*h));
	if (!h)
		return -ENOMEM;
	p->cand_hash = h;
	p->cand_cap = cap;
	return 0;
}

static void cand_add(struct rowctx *x, const struct cell *c)
{
	struct parser *p = x->p;
	struct cell tmp[MAX_CELLS];
	unsigned slot;
	uint64_t h;
	size_t i;

	memcpy(tmp, c, x->k * sizeof(*tmp));
	if (x->rule && x->rule(tmp, x->k))
		return;
	if (!p->cand_slot) {
		p->cand_slot = malloc(CAND_SLOTS * sizeof(*p->cand_slot));
		if (!p->cand_slot)
			goto nomem;
		memset(p->cand_slot, 0xFF, CAND_SLOTS * sizeof(*p->cand_slot));
	}
	h = cells_hash(tmp, x->k);
	for (slot = (unsigned)h & (CAND_SLOTS - 1);
	     p->cand_slot[slot] != CAND_FREE;
	     slot = (slot + 1) & (CAND_SLOTS - 1)) {
		i = p->cand_slot[slot];
		if (p->cand_hash[i] == h &&
		    cells_equal(p->cands[i].c, tmp, x->k))
			return;
	}
	if (x->ncand == MAX_CANDS) {
		x->overflow = 1;
		return;
	}
	if (x->ncand == p->cand_cap && cands_grow(p))
		goto nomem;
	p->cand_slot[slot] = (uint16_t)x->ncand;
	p->cand_hash[x->ncand] = h;
	p->cands[x->ncand].slot = slot;
	memcpy(p->cands[x->ncand++].c, tmp, x->k * sizeof(*tmp));
	return;
nomem:
	p->err = -ENOMEM;
	x->overflow = 1;
}

/* Forget the row's readings, leaving the hash slots free. */
static void cands_clear(struct rowctx *x)
{
	size_t i;

	for (i = 0; i < x->ncand; i++)
		x->p->cand_slot[x->p->cands[i].slot] = CAND_FREE;
	x->ncand = 0;
}

static void cell_from_tok(const struct tok *t, struct cell *c)
{
	memset(c, 0, sizeof(*c));
	c->line = t->line;
	if (t->kind == TOK_EMPTY) {
		c->state = CELL_EMPTY;
		return;
	}
	if (num_parse(t->s, t->len, &c->v) == 0)
		c->state = CELL_VALUE;
}

static int tok_atomic(const struct tok *t)
{
	return t->kind != TOK_NUM || memchr(t->s, '.', t->len) ||
	       t->s[0] == '-' || t->len == 1;
}

static unsigned digits_of(int64_t v)
{
	unsigned d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/*
 * Can a group's sum cell, the last `ls` digits of token t (1 <= ls, at
 * most 12 as every cell), be `sum` plus what `between` cells made of the
 * other rest - ls digits from offset `from` add?  The sum cell ends the
 * row here.
 */
static int group_can_sum(const struct tok *t, size_t from, size_t between,
			 int64_t sum)
{
	static const int64_t p10[18] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000, 1000000000, 10000000000, 100000000000,
		1000000000000, 10000000000000, 100000000000000,
		1000000000000000, 10000000000000000, 100000000000000000,
	};
	size_t rest = t->len - from, ls, d;
	int64_t v = 0, most;

	if (!between) {
		/* the sum cell is all the rest */
		if (rest > 12 || (rest > 1 && t->s[from] == '0'))
			return 0;
		for (ls = from; ls < t->len; ls++)
			v = v * 10 + (t->s[ls] - '0');
		return v == sum;
	}
	for (ls = 1; ls + between <= rest && ls <= 12; ls++) {
		char c = t->s[t->len - ls];

		v += (c - '0') * p10[ls - 1];
		d = rest - ls; /* digits of the cells in between */
		/* the most they add: all their digits but one each in one */
		if (d - between + 1 >= 18)
			return v >= sum;
		most = p10[d - between + 1] - 1 + (int64_t)(between - 1) * 9;
		if (v > sum + most)
			return 0; /* longer sum cells only make it worse */
		if (v >= sum && (ls == 1 || c != '0'))
			return 1; /* "05" is no cell */
	}
	return 0;
}

/*
 * With cells up to ci placed, the last one ending at offset `end` of
 * token ti, can the group's sum cell still be written?  The sum is at
 * least the group's partial sum, so it needs at least as many digits,
 * and every cell still to come in the group needs one.  Only judged when
 * the rest of the group must come from this token; when the group ends
 * the row, the sum cell is a suffix of the token and must fit exactly.
 */
static int group_can_close(const struct rowctx *x, size_t ti, unsigned ci,
			   size_t end)
{
	unsigned first = ci - ci % x->group, last = first + x->group - 1;
	size_t after = last - ci; /* cells still to come, the sum included */
	const struct tok *t = x->tok[ti];
	size_t rest = t->len - end;
	int64_t sum = x->psum[ci];

	if (x->pblank[ci] || x->pscale[ci])
		return 1;
	if (ti + 1 == x->ntok && last + 1 == x->k)
		return group_can_sum(t, end, after - 1, sum);
	if (x->ntok != 1)
		return 1; /* later tokens may hold the rest of the group */
	if (rest < after)
		return 0;
	return digits_of(sum) <= rest - (after - 1);
}

/* Cell ci of x->cur is set: carry its group's running sum on. */
static inline void group_add(struct rowctx *x, unsigned ci)
{
	const struct cell *c = &x->cur[ci];
	int first = ci % x->group == 0;

	x->psum[ci] = first ? 0 : x->psum[ci - 1];
	x->pblank[ci] = first ? 0 : x->pblank[ci - 1];
	x->pscale[ci] = first ? 0 : x->pscale[ci - 1];
	if (c->state != CELL_VALUE) {
		x->pblank[ci] = 1;
		return;
	}
	x->psum[ci] += c->v.mant;
	x->pscale[ci] |= c->v.scale != 0;
}

/* May cell c go into column ci?  Negative numbers only where allowed. */
static int neg_fits(const struct rowctx *x, unsigned ci, const struct cell *c)
{
	return !x->neg_only || c->state != CELL_VALUE || c->v.mant >= 0 ||
	       (x->neg >> ci & 1);
}

/*
 * Split glued digit runs ("640020470") into exactly k cells.  A glued
 * "-" ("68-400") either starts a negative cell (x->minus) or is a blank
 * cell of its own.
 */
static void split_dfs(struct rowctx *x, size_t ti, size_t pos, unsigned ci,
		      size_t digits_left)
{
	const struct tok *t;
	size_t len, l, l0 = 1, lmax = 12;
	int64_t v = 0;

	if (x->overflow || ++x->steps > SPLIT_STEPS) {
		x->overflow = 1;
		return;
	}
	if (ti == x->ntok) {
		if (ci == x->k)
			cand_add(x, x->cur);
		return;
	}
	if (ci == x->k)
		return;
	/* every remaining token needs a cell; cells need a digit each */
	if (x->k - ci > digits_left || x->ntok - ti > x->k - ci)
		return;
	t = x->tok[ti];
	if (pos == 0 && (x->glued >> ti & 1)) {
		if (!x->minus || (x->dash >> ti & 1)) {
			/* "5-3" in a row that cannot go negative: 5 | - | 3 */
			memset(&x->cur[ci], 0, sizeof(x->cur[ci]));
			x->cur[ci].state = CELL_EMPTY;
			x->cur[ci].flags = CELL_DEDUCED;
			x->cur[ci].line = x->tcell[ti].line;
			if (x->group)
				group_add(x, ci);
			split_dfs(x, ti, 1, ci + 1, digits_left - 1);
			return;
		}
		/* "68-400": the negative cell starts here, as "-4" at least */
		if (!(x->neg >> ci & 1) || t->s[1] == '0')
			return;
		l0 = 2;
		lmax = 13;
	} else if (pos == 0 && tok_atomic(t)) {
		if (!neg_fits(x, ci, &x->tcell[ti]))
			return;
		x->cur[ci] = x->tcell[ti];
		if (x->group)
			group_add(x, ci);
		split_dfs(x, ti + 1, 0, ci + 1, digits_left - t->len);
		return;
	}
	len = t->len;
	for (l = l0; pos + l <= len && l <= lmax; l++) {
		struct cell *c = &x->cur[ci];

		if (l > l0 && t->s[pos] == '0')
			break;
		/* the digits so far, one more each time round */
		v = v * 10 + (t->s[pos + l - 1] - '0');
		c->state = CELL_VALUE;
		c->flags = CELL_DEDUCED;
		c->v.mant = l0 == 2 ? -v : v;
		c->v.scale = 0;
		c->note = NULL;
		c->line = x->tcell[ti].line;
		if (x->group && (ci + 1) % x->group == 0) {
			/* a group is complete: its last cell is its sum */
			if (!x->pblank[ci - 1] && x->psum[ci - 1] != c->v.mant)
				continue;
		} else if (x->group) {
			group_add(x, ci);
			if (!group_can_close(x, ti, ci, pos + l))
				continue;
		}
		if (pos + l == len)
			split_dfs(x, ti + 1, 0, ci + 1, digits_left - l);
		else
			split_dfs(x, ti, pos + l, ci + 1, digits_left - l);
	}
}

/* Place n tokens into k > n columns, every way, keeping order. */
static void place_dfs(struct rowctx *x, size_t ti, unsigned ci)
{
	if (x->overflow || ++x->steps > SPLIT_STEPS) {
		x->overflow = 1;
		return;
	}
	if (ci == x->k) {
		if (ti == x->ntok)
			cand_add(x, x->cur);
		return;
	}
	if (x->ntok - ti > x->k - ci)
		return;
	if (ti < x->ntok && neg_fits(x, ci, &x->tcell[ti])) {
		x->cur[ci] = x->tcell[ti];
		place_dfs(x, ti + 1, ci + 1);
	}
	if (x->k - ci > x->ntok - ti) {
		memset(&x->cur[ci], 0, sizeof(x->cur[ci]));
		place_dfs(x, ti, ci + 1);
	}
}

static void cells_text(const struct cell *c, unsigned k, struct buf *b)
{
	unsigned i;
	char num[32];

	for (i = 0; i < k; i++) {
		if (i)
			buf_addch(b, ' ');
		if (c[i].state == CELL_VALUE) {
			num_format(c[i].v, num, sizeof(num));
			buf_adds(b, num);
		} else {
			buf_adds(b, c[i].state == CELL_EMPTY ? "-" : "?");
		}
	}
}

static void toks_text(struct rowctx *x, struct buf *b)
{
	size_t i;

	for (i = 0; i < x->ntok; i++) {
		if (i)
			buf_addch(b, ' ');
		if (x->tok[i]->kind == TOK_EMPTY)
			buf_addch(b, '-');
		else
			buf_add(b, x->tok[i]->s, x->tok[i]->len);
	}
}

/* Candidates of an ambiguous row, kept for table-wide resolution. */
struct rowcands {
	struct cand *v;
	size_t n;
};

/*
 * Read the k cells of one row from source range [a, b) into `out`.  Bit i
 * of `neg` says column i may be negative (table 二 本年增/减); a '-' glued
 * to a number elsewhere is a blank cell.  Ambiguous rows get
 * CELL_UNCERTAIN cells, and their candidates in *rc when rc is not NULL
 * (caller frees rc->v).
 */
/*
 * Is the number token t, "-400" in "68-400" or "-03532" in "行政处罚-03532",
 * glued to the token before it (prev) or to the row's label (the row starts
 * at a), so that its '-' may be a minus or a blank cell?
 */
static int tok_glued(const struct tok *prev, const struct tok *t, size_t a)
{
	return t->kind == TOK_NUM && t->s[0] == '-' &&
	       (prev ? prev->end : a) == t->start &&
	       !memchr(t->s, '.', t->len);
}

/* Find the readings of a row with too few tokens, preferred ones first. */
static void find_readings(struct rowctx *x, int hard)
{
	/* a glued '-' as a minus, then as a blank; negatives where allowed */
	static const struct {
		int minus, neg_only;
	} tries[] = { { 1, 1 }, { 0, 1 }, { 0, 0 } };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tries); i++) {
		if (tries[i].minus && (hard || !x->glued || !x->neg))
			continue;
		if (tries[i].neg_only && !x->neg)
			continue;
		x->minus = tries[i].minus;
		x->neg_only = tries[i].neg_only;
		cands_clear(x);
		x->steps = 0;
		x->overflow = 0;
		if (hard)
			place_dfs(x, 0, 0);
		else
			split_dfs(x, 0, 0, 0, x->digits);
		if (x->ncand || x->overflow)
			return;
	}
}

static int read_row(struct parser *p, size_t a, size_t b, unsigned k,
		    unsigned neg, row_rule rule, int greedy, const char *what,
		    uint32_t line, struct cell *out, struct rowcands *rc)
{
	struct rowctx x;
	struct buf msg;
	size_t i, digits = 0;
	int hard = 1, err;
	const char *note = NULL;
	const struct tok *prev = NULL;

	x.ntok = 0; /* the rest is set before use */
	x.ncand = 0;
	x.steps = 0;
	x.overflow = 0;
	x.neg = neg;
	x.glued = 0;
	x.dash = 0;
	memset(out, 0, k * sizeof(*out));
	if (rc) {
		rc->v = NULL;
		rc->n = 0;
	}
	if (b <= a)
		return 0;
	err = toks_scan(&p->toks, p->t, a, b, &p->lines, greedy ? k : 1);
	if (err)
		return err;
	for (i = 0; i < p->toks.n; i++) {
		const struct tok *t = &p->toks.v[i];

		if (t->kind == TOK_NUM || t->kind == TOK_EMPTY) {
			if (x.ntok == MAX_ROW_TOKS)
				break;
			if (tok_glued(prev, t, a)) {
				const char *d = p->t + t->start;

				x.glued |= (uint64_t)1 << x.ntok;
				/* "—" (U+2014, U+2015) marks a blank */
				if (!memcmp(d, "\xE2\x80", 2) &&
				    (d[2] == '\x94' || d[2] == '\x95'))
					x.dash |= (uint64_t)1 << x.ntok;
			}
			prev = t;
			cell_from_tok(t, &x.tcell[x.ntok]);
			x.tok[x.ntok++] = t;
			digits += t->kind == TOK_NUM ? t->len : 1;
			continue;
		}
		prev = t;
		if (t->kind == TOK_TEXT && t->unit)
			continue;
		if (!x.ntok || (greedy && digits < k))
			continue; /* labels, headers before the numbers */
		if (t->kind == TOK_PAREN && !t->group_numeral) {
			/* "22（其中修订16件）" */
			note = arena_strndup(&p->r->arena, p->t + t->start,
					     t->end - t->start);
			diag(p, t->line, DIAG_CELL_TEXT,
			     "%s: text in a number cell: %s", what,
			     note ? note : "");
			continue;
		}
		break;
	}
	if (!x.ntok)
		return 0;
	/* "0\t0\t0" lost a cell; "640020470" or "500000 5" are glued */
	for (i = 1; i < x.ntok; i++)
		if (!x.tok[i]->sep_hard)
			hard = 0;
	if (x.ntok == 1)
		hard = 0;
	if (x.ntok == k) {
		memcpy(out, x.tcell, k * sizeof(*out));
		if (note)
			out[k - 1].note = note;
		return 0;
	}

	buf_init(&msg, 1 << 16);
	x.p = p;
	x.k = k;
	x.rule = rule;
	x.group = rule == rule_requests ? REQ_COL_COUNT
				: rule == rule_appeals ? 5 : 0;
	x.digits = digits;
	/* "-3" for two columns cannot be split, only placed */
	for (i = 0; i < x.ntok && !x.glued && tok_atomic(x.tok[i]); i++)
		;
	if (x.ntok < k)
		find_readings(&x, hard || digits < k || i == x.ntok);

	buf_addf(&msg, "%s: %zu numbers for %u columns (", what, x.ntok, k);
	toks_text(&x, &msg);
	buf_adds(&msg, ")");
	if (x.ntok < k && x.ncand == 1 && !x.overflow) {
		int complete = 1;

		for (i = 0; i < k; i++)
			if (p->cands[0].c[i].state == CELL_MISSING)
				complete = 0;
		memcpy(out, p->cands[0].c, k * sizeof(*out));
		if (complete) {
			for (i = 0; i < k; i++)
				out[i].flags |= CELL_DEDUCED;
			buf_adds(&msg, "; the only reading that adds up: ");
			cells_text(out, k, &msg);
			diag(p, line, DIAG_CELLS, "%s", msg.ptr);
			goto out;
		}
		if (x.neg_only) {
			/* "12\t-3" for 上一年, 本年增/减, 处理决定数量 */
			for (i = 0; i < k; i++)
				if (out[i].state != CELL_MISSING)
					out[i].flags |= CELL_DEDUCED;
			buf_adds(&msg, "; negative numbers go to 本年增/减 "
				       "only, so the one placement is: ");
			cells_text(out, k, &msg);
			diag(p, line, DIAG_CELLS, "%s", msg.ptr);
			goto out;
		}
	}
	/* several readings, none, or too many numbers */
	for (i = 0; i < k; i++) {
		out[i].state = CELL_MISSING;
		out[i].flags = CELL_UNCERTAIN;
		out[i].line = x.tok[0]->start ? lines_at(&p->lines,
							 x.tok[0]->start)
					      : 0;
	}
	if (x.ntok > k) {
		buf_adds(&msg, "; cells left uncertain");
	} else if (x.overflow) {
		buf_adds(&msg, "; too many readings, cells left uncertain");
	} else if (!x.ncand) {
		buf_adds(&msg, "; no reading adds up, cells left uncertain");
	} else {
		size_t c;

		buf_addf(&msg, "; %zu readings fit: ", x.ncand);
		for (c = 0; c < x.ncand && c < 6; c++) {
			if (c)
				buf_adds(&msg, " | ");
			cells_text(p->cands[c].c, k, &msg);
		}
		if (x.ncand > 6)
			buf_adds(&msg, " | ...");
		if (rc) {
			rc->v = malloc(x.ncand * sizeof(*rc->v));
			if (!rc->v) {
				err = -ENOMEM;
				goto out;
			}
			memcpy(rc->v, p->cands, x.ncand * sizeof(*rc->v));
			rc->n = x.ncand;
		}
	}
	if (msg.ptr) {
		const char *n = arena_strndup(&p->r->arena, msg.ptr, msg.len);

		for (i = 0; i < k; i++)
			out[i].note = n;
	}
	diag(p, line, DIAG_UNCERTAIN, "%s", msg.ptr ? msg.ptr : what);
out:
	cands_clear(&x);
	buf_release(&msg);
	return err ? err : p->err;
}

/* a + b + c into out (cut to size); snprintf is slow on the hot path */
static void join3(char *out, size_t size, const char *a, const char *b,
		  const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t len = 0, i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(parts[i]);
		if (len + n >= size)
			n = size - 1 - len;
		memcpy(out + len, parts[i], n);
		len += n;
	}
	out[len] = '\0';
}

/* ---- label search ---- */

struct hit {
	long ks, ke; /* key range incl. numeral prefix; ks < 0: not found */
	int fuzzy;
};

/* Extend a label match back over its numeral: "3." "3、" "（三）" "三、". */
static size_t numeral_back(const struct parser *p, size_t ks, unsigned num,
			   size_t floor)
{
	const char *k = p->kt.k;
	char digits[8];
	size_t dl;

	if (num) {
		size_t at = ks;

		if (at > floor && (k[at - 1] == '.' || k[at - 1] == ','))
			at--;
		else if (at >= floor + 3 && !memcmp(k + at - 3, "、", 3))
			at -= 3;
		dl = 0;
		do {
			memmove(digits + 1, digits, dl++);
			digits[0] = (char)('0' + num % 10);
			num /= 10;
		} while (num && dl < sizeof(digits));
		if (at >= floor + dl && !memcmp(k + at - dl, digits, dl))
			return at - dl;
		return ks;
	}
	if (ks >= floor + 5 && k[ks - 1] == ')' && cn_before(p, ks - 1) >= 0 &&
	    k[ks - 5] == '(')
		return ks - 5;
	if (ks >= floor + 6 && !memcmp(k + ks - 3, "、", 3) &&
	    cn_before(p, ks - 3) >= 0)
		return ks - 6;
	return ks;
}

/* ---- table 三 ---- */

static int req_leaf(enum req_row row, int split)
{
	if (row < REQ_PUBLIC || row >= REQ_TOTAL)
		return 0;
	if (row == REQ_OTHER)
		return !split;
	if (row >= REQ_OTHER_1 && row <= REQ_OTHER_3)
		return split;
	return 1;
}

/*
 * Rows of table 三 whose cells had several readings are resolved with the
 * table's column equations: (七)总计 = the sum of the leaf rows, and
 * 一 + 二 = (七) + 四, per column.  The four summary rows are tried
 * first; the leaf rows then by depth-first search that keeps each column's
 * running sum within reach of its total.  A row on which every fitting
 * combination agrees is resolved.
 */
struct solver {
	const struct row *rows;
	const struct rowcands *rc;
	int split;
	size_t pick[REQ_ROW_COUNT];
	unsigned leaf[REQ_ROW_COUNT]; /* ambiguous leaf rows, in order */
	unsigned nleaf;
	int64_t fixed[REQ_COL_COUNT];    /* sum of the unambiguous leaves */
	int known[REQ_COL_COUNT];        /* all those leaves are numbers */
	int64_t lo[REQ_ROW_COUNT + 1][REQ_COL_COUNT]; /* min/max sum of */
	int64_t hi[REQ_ROW_COUNT + 1][REQ_COL_COUNT]; /* leaf[i..] */
	int64_t total[REQ_COL_COUNT];
	int has_total[REQ_COL_COUNT];
	int64_t partial[REQ_COL_COUNT];
	unsigned long steps;
	unsigned long solutions;
	size_t agreed[REQ_ROW_COUNT];
	int conflict[REQ_ROW_COUNT];
};

/* The cell of row r, column c under the current picks, or NULL. */
static const struct cell *pick_cell(const struct solver *sv, unsigned r,
				    unsigned c)
{
	const struct cell *cell = sv->rc[r].n > 1
					  ? &sv->rc[r].v[sv->pick[r]].c[c]
					  : &sv->rows[r].cells[c];

	if (cell->state != CELL_VALUE || cell->v.scale)
		return NULL;
	if (sv->rc[r].n <= 1 && (cell->flags & CELL_UNCERTAIN))
		return NULL;
	return cell;
}

static void solver_record(struct solver *sv)
{
	unsigned r;

	for (r = 0; r < REQ_ROW_COUNT; r++) {
		if (sv->rc[r].n <= 1)
			continue;
		if (!sv->solutions)
			sv->agreed[r] = sv->pick[r];
		else if (sv->agreed[r] != sv->pick[r])
			sv->conflict[r] = 1;
	}
	sv->solutions++;
}

static void solve_leaves(struct solver *sv, unsigned i)
{
	unsigned c;
	size_t k;

	if (++sv->steps > SOLVE_STEPS)
		return;
	for (c = 0; c < REQ_COL_COUNT; c++) {
		if (!sv->known[c] || !sv->has_total[c])
			continue;
		if (sv->partial[c] + sv->lo[i][c] > sv->total[c] ||
		    sv->partial[c] + sv->hi[i][c] < sv->total[c])
			return;
	}
	if (i == sv->nleaf) {
		solver_record(sv);
		return;
	}
	for (k = 0; k < sv->rc[sv->leaf[i]].n; k++) {
		const struct cell *cells = sv->rc[sv->leaf[i]].v[k].c;
		int usable = 1;

		for (c = 0; c < REQ_COL_COUNT; c++)
			if (cells[c].state != CELL_VALUE)
				usable = 0;
		if (!usable)
			continue;
		sv->pick[sv->leaf[i]] = k;
		for (c = 0; c < REQ_COL_COUNT; c++)
			sv->partial[c] += cells[c].v.mant;
		solve_leaves(sv, i + 1);
		for (c = 0; c < REQ_COL_COUNT; c++)
			sv->partial[c] -= cells[c].v.mant;
	}
}

/* Try one choice of the summary rows: balance, then the leaves. */
static void solve_summary(struct solver *sv)
{
	static const unsigned sum_rows[] = { REQ_NEW, REQ_CARRIED, REQ_TOTAL,
					     REQ_CARRY_OVER };
	const struct cell *x[4];
	unsigned c, j;

	for (c = 0; c < REQ_COL_COUNT; c++) {
		for (j = 0; j < 4; j++)
			x[j] = pick_cell(sv, sum_rows[j], c);
		sv->has_total[c] = x[2] != NULL;
		if (x[2])
			sv->total[c] = x[2]->v.mant;
		if (x[0] && x[1] && x[2] && x[3] &&
		    x[0]->v.mant + x[1]->v.mant != x[2]->v.mant + x[3]->v.mant)
			return;
		sv->partial[c] = sv->fixed[c];
	}
	solve_leaves(sv, 0);
}

static void solve_requests(struct solver *sv, unsigned j)
{
	static const unsigned sum_rows[] = { REQ_NEW, REQ_CARRIED, REQ_TOTAL,
					     REQ_CARRY_OVER };
	unsigned r;

	if (j == 4) {
		solve_summary(sv);
		return;
	}
	r = sum_rows[j];
	if (sv->rc[r].n <= 1) {
		solve_requests(sv, j + 1);
		return;
	}
	for (sv->pick[r] = 0; sv->pick[r] < sv->rc[r].n; sv->pick[r]++)
		solve_requests(sv, j + 1);
}

static void resolve_requests(struct parser *p, struct rowcands *rc)
{
	struct requests *q = &p->r->req;
	struct solver *sv;
	unsigned r, c, i, na = 0;

	for (r = 0; r < REQ_ROW_COUNT; r++)
		na += rc[r].n > 1;
	if (!na)
		return;
	sv = calloc(1, sizeof(*sv));
	if (!sv) {
		p->err = -ENOMEM;
		return;
	}
	sv->rows = q->rows;
	sv->rc = rc;
	sv->split = q->other_split;
	for (c = 0; c < REQ_COL_COUNT; c++)
		sv->known[c] = 1;
	for (r = 0; r < REQ_ROW_COUNT; r++) {
		if (!req_leaf(r, sv->split))
			continue;
		if (rc[r].n > 1) {
			sv->leaf[sv->nleaf++] = r;
			continue;
		}
		for (c = 0; c < REQ_COL_COUNT; c++) {
			const struct cell *cell = &q->rows[r].cells[c];

			if (is_val(cell) && !cell->v.scale)
				sv->fixed[c] += cell->v.mant;
			else
				sv->known[c] = 0;
		}
	}
	/* bounds of what the ambiguous leaves still to come can add */
	for (i = sv->nleaf; i-- > 0;) {
		const struct rowcands *x = &rc[sv->leaf[i]];

		for (c = 0; c < REQ_COL_COUNT; c++) {
			int64_t lo = INT64_MAX, hi = 0;
			size_t k;

			for (k = 0; k < x->n; k++) {
				int64_t v = x->v[k].c[c].v.mant;

				if (x->v[k].c[c].state != CELL_VALUE)
					continue;
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
			if (lo == INT64_MAX)
				lo = 0;
			sv->lo[i][c] = sv->lo[i + 1][c] + lo;
			sv->hi[i][c] = sv->hi[i + 1][c] + hi;
		}
	}
	solve_requests(sv, 0);
	if (sv->solutions && sv->steps <= SOLVE_STEPS) {
		for (r = 0; r < REQ_ROW_COUNT; r++) {
			struct row *row = &q->rows[r];
			struct buf msg;

			if (rc[r].n <= 1 || sv->conflict[r])
				continue;
			for (c = 0; c < REQ_COL_COUNT; c++) {
				row->cells[c] = rc[r].v[sv->agreed[r]].c[c];
				row->cells[c].flags |= CELL_DEDUCED;
				row->cells[c].flags &= ~(unsigned)CELL_UNCERTAIN;
				row->cells[c].note = NULL;
			}
			buf_init(&msg, 1 << 12);
			buf_addf(&msg,
				 "row %s: of %zu readings, one fits the table's "
				 "column sums: ",
				 req_rows[r].code, rc[r].n);
			cells_text(row->cells, REQ_COL_COUNT, &msg);
			diag(p, row->line, DIAG_CELLS, "%s",
			     msg.ptr ? msg.ptr : "");
			buf_release(&msg);
		}
	}
	free(sv);
}

static int weak_key(const char *key)
{
	return strlen(key) <= 6;
}

static void find_label(struct parser *p, const char *key, unsigned num,
		       size_t from, size_t to, int need_numeral,
		       struct hit *h)
{
	long k;
	size_t klen = strlen(key);

	h->ks = -1;
	while ((k = keytext_find(&p->kt, from, to, key)) >= 0) {
		size_t ks = numeral_back(p, (size_t)k, num, from);

		if (!need_numeral || ks < (size_t)k) {
			h->ks = (long)ks;
			h->ke = k + (long)klen;
			h->fuzzy = 0;
			return;
		}
		from = (size_t)k + klen;
	}
}

/* Key window between the found neighbours of hit i. */
static void window(const struct hit *hits, size_t n, size_t i, size_t k0,
		   size_t k1, size_t *w0, size_t *w1)
{
	size_t j;

	*w0 = k0;
	*w1 = k1;
	for (j = i; j-- > 0;)
		if (hits[j].ks >= 0) {
			*w0 = (size_t)hits[j].ke;
			break;
		}
	for (j = i + 1; j < n; j++)
		if (hits[j].ks >= 0) {
			*w1 = (size_t)hits[j].ks;
			break;
		}
}

static void fuzzy_label(struct parser *p, const char *key, unsigned num,
			size_t w0, size_t w1, const char *what,
			struct hit *h)
{
	struct fuzzy_hit fh;

	if (!fuzzy_find(p, w0, w1, key, &fh))
		return;
	h->ks = (long)numeral_back(p, fh.ks, num, w0);
	h->ke = (long)fh.ke;
	h->fuzzy = 1;
	diag(p, line_of_key(p, fh.ks), DIAG_LABEL,
	     "%s: label '%.*s' read as '%s' (%u edits)", what,
	     (int)(fh.ke - fh.ks), p->kt.k + fh.ks, key, fh.dist);
}

static int parse_requests(struct parser *p)
{
	struct requests *q = &p->r->req;
	struct hit hits[REQ_ROW_COUNT];
	struct rowcands rc[REQ_ROW_COUNT];
	size_t k0, k1, pos, w0, w1, send;
	unsigned i, found = 0;
	int err = 0;

	memset(rc, 0, sizeof(rc));
	section_keys(p, SEC_REQUESTS, &k0, &k1);
	send = p->r->sections[SEC_REQUESTS].found
		       ? p->r->sections[SEC_REQUESTS].end
		       : p->len;
	pos = k0;
	/* distinctive labels first, in template order */
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		hits[i].ks = -1;
		if (weak_key(req_rows[i].key))
			continue;
		find_label(p, req_rows[i].key, req_rows[i].numeral, pos, k1, 0,
			   &hits[i]);
		if (hits[i].ks >= 0)
			pos = (size_t)hits[i].ke;
	}
	/* "3.其他" and "总计" only between their neighbours */
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		if (!weak_key(req_rows[i].key))
			continue;
		window(hits, REQ_ROW_COUNT, i, k0, k1, &w0, &w1);
		find_label(p, req_rows[i].key, req_rows[i].numeral, w0, w1,
			   req_rows[i].numeral != 0, &hits[i]);
	}
	for (i = 0; i < REQ_ROW_COUNT; i++)
		if (hits[i].ks >= 0)
			found++;
	if (found < 3 || (hits[REQ_NEW].ks < 0 && hits[REQ_CARRIED].ks < 0 &&
			  hits[REQ_CARRY_OVER].ks < 0))
		return 0;
	q->found = 1;
	q->other_split = hits[REQ_OTHER_1].ks >= 0 ||
			 hits[REQ_OTHER_2].ks >= 0;
	if (q->other_split && hits[REQ_OTHER_3].ks < 0) {
		window(hits, REQ_ROW_COUNT, REQ_OTHER_3, k0, k1, &w0, &w1);
		find_label(p, req_rows[REQ_OTHER_3].key, 3, w0, w1, 1,
			   &hits[REQ_OTHER_3]);
	}
	/* typos: "其他法律行政止公开", "本年度止件数" */
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		if (hits[i].ks >= 0 || weak_key(req_rows[i].key))
			continue;
		if (!q->other_split && i >= REQ_OTHER_1 && i <= REQ_OTHER_3)
			continue;
		window(hits, REQ_ROW_COUNT, i, k0, k1, &w0, &w1);
		fuzzy_label(p, req_rows[i].key, req_rows[i].numeral, w0, w1,
			    req_rows[i].code, &hits[i]);
	}
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		size_t a, b = send, j;
		char what[64];

		if (hits[i].ks < 0) {
			if ((q->other_split && i == REQ_OTHER) ||
			    (!q->other_split && i >= REQ_OTHER_1 &&
			     i <= REQ_OTHER_3))
				continue;
			diag(p, 0, DIAG_ROW_MISSING,
			     "table 三 row %s '%s' not found", req_rows[i].code,
			     req_rows[i].label);
			continue;
		}
		for (j = i + 1; j < REQ_ROW_COUNT; j++)
			if (hits[j].ks >= 0) {
				b = src_of(p, (size_t)hits[j].ks);
				break;
			}
		a = src_end_of(p, (size_t)hits[i].ke);
		q->rows[i].line = line_of_key(p, (size_t)hits[i].ks);
		join3(what, sizeof(what), "table 三 row ", req_rows[i].code, "");
		err = read_row(p, a, b, REQ_COL_COUNT, 0, rule_requests, 0, what,
			       q->rows[i].line, q->rows[i].cells, &rc[i]);
		if (err)
			goto out;
	}
	resolve_requests(p, rc);
out:
	for (i = 0; i < REQ_ROW_COUNT; i++)
		free(rc[i].v);
	return err;
}

/* ---- table 二 ---- */

static int parse_proactive(struct parser *p)
{
	struct proactive *pr = &p->r->pro;
	const struct pro_row_tmpl *tr = pro_rows(p->r->tmpl);
	struct hit hits[PRO_ROW_COUNT];
	size_t k0, k1, pos, w0, w1, send;
	unsigned i, neg, found = 0;
	long first;
	int err;

	section_keys(p, SEC_PROACTIVE, &k0, &k1);
	send = p->r->sections[SEC_PROACTIVE].found
		       ? p->r->sections[SEC_PROACTIVE].end
		       : p->len;
	if (!p->r->sections[SEC_PROACTIVE].found &&
	    p->r->sections[SEC_REQUESTS].found) {
		k1 = key_at(p, p->r->sections[SEC_REQUESTS].start);
		send = p->r->sections[SEC_REQUESTS].start;
	}
	first = keytext_find(&p->kt, k0, k1, "第二十条");
	if (first < 0 && p->r->tmpl == TEMPLATE_NONE)
		return 0; /* "行政许可" in prose is not table 二 */
	pos = first >= 0 ? (size_t)first : k0;
	for (i = 0; i < PRO_ROW_COUNT; i++) {
		hits[i].ks = -1;
		if (!tr[i].ncols)
			continue;
		find_label(p, tr[i].key, 0, pos, k1, 0, &hits[i]);
		if (hits[i].ks >= 0) {
			pos = (size_t)hits[i].ke;
			found++;
		}
	}
	for (i = 0; i < PRO_ROW_COUNT; i++) {
		if (!tr[i].ncols || hits[i].ks >= 0)
			continue;
		window(hits, PRO_ROW_COUNT, i, k0, k1, &w0, &w1);
		fuzzy_label(p, tr[i].key, 0, w0, w1, tr[i].label, &hits[i]);
		if (hits[i].ks >= 0)
			found++;
	}
	if (found < 2)
		return 0;
	pr->found = 1;
	for (i = 0; i < PRO_ROW_COUNT; i++) {
		size_t a, b = send, j, ke;
		long next_item;
		char what[96];

		if (!tr[i].ncols)
			continue;
		if (hits[i].ks < 0) {
			diag(p, 0, DIAG_ROW_MISSING,
			     "table 二 row '%s' (%s) not found", tr[i].label,
			     tr[i].clause);
			continue;
		}
		ke = (size_t)hits[i].ke;
		for (j = i + 1; j < PRO_ROW_COUNT; j++)
			if (hits[j].ks >= 0) {
				b = src_of(p, (size_t)hits[j].ks);
				break;
			}
		next_item = keytext_find(&p->kt, ke, k1, "第二十条");
		if (next_item >= 0 && src_of(p, (size_t)next_item) < b)
			b = src_of(p, (size_t)next_item);
		a = src_end_of(p, ke);
		pr->rows[i].line = line_of_key(p, (size_t)hits[i].ks);
		join3(what, sizeof(what), "table 二 row '", tr[i].label, "'");
		neg = 0;
		for (j = 0; j < tr[i].ncols; j++)
			if (tr[i].kinds[j] == PRO_DELTA)
				neg |= 1u << j;
		err = read_row(p, a, b, tr[i].ncols, neg,
			       neg == 2 && tr[i].kinds[0] == PRO_COUNT
				       ? rule_delta
				       : NULL,
			       0, what, pr->rows[i].line, pr->rows[i].cells,
			       NULL);
		if (err)
			return err;
		if (tr[i].kinds[tr[i].ncols - 1] == PRO_AMOUNT) {
			/* unit from the header: "（单位：万元，保留4位小数）" */
			long item = -1, at;
			size_t from = first >= 0 ? (size_t)first : k0;

			while ((at = keytext_find(&p->kt, from,
						  (size_t)hits[i].ks,
						  "第二十条")) >= 0) {
				item = at;
				from = (size_t)at + 1;
			}
			if (item < 0)
				item = (long)k0;
			if (keytext_find(&p->kt, (size_t)item,
					 (size_t)hits[i].ks, "万元") >= 0) {
				pr->fee_unit = "万元";
			} else if (keytext_find(&p->kt, (size_t)item,
						(size_t)hits[i].ks, "元") >= 0) {
				pr->fee_unit = "元";
				diag(p, pr->rows[i].line, DIAG_UNIT,
				     "table 二 row '%s': amount given in 元, "
				     "not 万元",
				     tr[i].label);
			}
		}
	}
	return 0;
}

/* ---- table 四 ---- */

static int parse_appeals(struct parser *p)
{
	struct appeals *ap = &p->r->app;
	size_t k0, k1, a, b;
	long kr, kt;
	unsigned i, any = 0;
	int err;

	section_keys(p, SEC_APPEALS, &k0, &k1);
	b = p->r->sections[SEC_APPEALS].found ? p->r->sections[SEC_APPEALS].end
					      : p->len;
	if (!p->r->sections[SEC_APPEALS].found && p->r->req.found) {
		/* after table 三 */
		size_t last = 0;

		for (i = 0; i < REQ_ROW_COUNT; i++)
			if (p->r->req.rows[i].line)
				last = p->lines.start[p->r->req.rows[i].line - 1];
		k0 = key_at(p, last);
		if (p->r->sections[SEC_PROBLEMS].found &&
		    p->r->sections[SEC_PROBLEMS].start > last) {
			b = p->r->sections[SEC_PROBLEMS].start;
			k1 = key_at(p, b);
		}
	}
	kr = keytext_find(&p->kt, k0, k1, "行政复议");
	if (kr < 0)
		return 0;
	/* numbers start after the header: its first "总计" */
	kt = keytext_find(&p->kt, (size_t)kr, k1, "总计");
	if (kt < 0)
		kt = keytext_find(&p->kt, (size_t)kr, k1, "合计");
	if (kt < 0)
		kt = keytext_find(&p->kt, (size_t)kr, k1, "审结");
	a = kt < 0 ? src_end_of(p, (size_t)kr + strlen("行政复议"))
		   : src_end_of(p, (size_t)kt + 6);
	ap->line = lines_at(&p->lines, a);
	/* "行政复议 … 10 1 0 0 11 行政诉讼 … 0 0 …": header rows in between */
	err = read_row(p, a, b, APP_CELL_COUNT, 0, rule_appeals, 1, "table 四",
		       ap->line, ap->cells, NULL);
	if (err)
		return err;
	for (i = 0; i < APP_CELL_COUNT; i++)
		if (ap->cells[i].state != CELL_MISSING ||
		    (ap->cells[i].flags & CELL_UNCERTAIN))
			any = 1;
	ap->found = (int)any;
	if (any && ap->cells[0].line)
		ap->line = ap->cells[0].line;
	return 0;
}

/* ---- kind ---- */

static void find_kind(struct parser *p)
{
	struct report *r = p->r;
	unsigned secs = 0, s;

	for (s = 0; s < SEC_COUNT; s++)
		secs += r->sections[s].found;
	if (r->tmpl == TEMPLATE_NONE && r->req.other_split)
		r->tmpl = TEMPLATE_2021;
	if (r->req.found || r->pro.found || (r->app.found && secs >= 3)) {
		r->kind = REPORT_ANNUAL;
		return;
	}
	if (r->id.title_line || secs >= 2 ||
	    (!p->notice &&
	     keytext_find(&p->kt, 0, p->kt.n, "政府信息公开") >= 0 &&
	     keytext_find(&p->kt, 0, p->kt.n, "报告") >= 0 &&
	     keytext_find(&p->kt, 0, p->kt.n, "依申请") >= 0)) {
		r->kind = REPORT_LEGACY;
		r->why = "a report on 政府信息公开 in neither the 2019 nor the "
			 "2021 template";
		r->tmpl = TEMPLATE_NONE;
		return;
	}
	r->kind = REPORT_NOT_REPORT;
	r->why = p->notice ? "a notice (通知, 公告, …)"
			   : "no report title, sections or tables found";
}

/* ---- entry points ---- */

void report_free(struct report *r)
{
	if (!r)
		return;
	arena_release(&r->arena);
	free(r);
}

int report_parse(const char *data, size_t len, const char *name,
		 struct report **out)
{
	struct parser p;
	struct report *r;
	struct text_info ti;
	struct buf text;
	char *t;
	int err;

	if (len > REPORT_MAX_BYTES)
		return -EFBIG;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	arena_init(&r->arena);
	memset(&p, 0, sizeof(p));
	p.r = r;
	buf_init(&text, (size_t)REPORT_MAX_BYTES * 2);
	err = text_decode(data, len, &text, &ti);
	if (err == -EILSEQ) {
		r->kind = REPORT_NOT_TEXT;
		r->why = "binary data, not UTF-8 or GB18030 text";
		r->text = "";
		buf_release(&text);
		*out = r;
		return 0;
	}
	if (err)
		goto out_free;
	t = arena_alloc(&r->arena, text.len + 1);
	if (!t) {
		err = -ENOMEM;
		goto out_free;
	}
	if (text.len)
		memcpy(t, text.ptr, text.len);
	t[text.len] = '\0';
	r->text = t;
	r->len = text.len;
	buf_release(&text);
	p.t = r->text;
	p.len = r->len;
	r->encoding = ti.enc;
	if (ti.enc == ENCODING_GB18030 || ti.enc == ENCODING_UTF16)
		diag(&p, 0, DIAG_ENCODING, "text converted from %s%s",
		     ti.charset,
		     ti.enc == ENCODING_UTF16 && !ti.bom
			     ? " (no byte order mark)"
			     : "");
	if (ti.replaced)
		diag(&p, 0, DIAG_ENCODING,
		     "%zu invalid byte sequence%s replaced by U+FFFD",
		     ti.replaced, ti.replaced == 1 ? "" : "s");

	err = lines_build(&p.lines, p.t, p.len);
	if (err)
		goto out_free;
	err = keytext_build(&p.kt, p.t, p.len, &p.lines);
	if (err)
		goto out_free;
	err = find_sections(&p);
	if (!err)
		err = find_identity(&p, name);
	if (!err) {
		find_template(&p);
		err = parse_proactive(&p);
	}
	if (!err)
		err = parse_requests(&p);
	if (!err)
		err = parse_appeals(&p);
	if (!err)
		find_kind(&p);
	if (!err)
		err = p.err;
	if (err)
		goto out_free;
	if (p.nd) {
		struct diag *d = arena_alloc(&r->arena, p.nd * sizeof(*d));

		if (!d) {
			err = -ENOMEM;
			goto out_free;
		}
		memcpy(d, p.diags, p.nd * sizeof(*d));
		r->diags = d;
		r->ndiags = p.nd;
	}
	free(p.diags);
	free(p.cands);
	free(p.cand_hash);
	free(p.cand_slot);
	toks_release(&p.toks);
	keytext_release(&p.kt);
	lines_release(&p.lines);
	*out = r;
	return 0;

out_free:
	buf_release(&text);
	free(p.diags);
	free(p.cands);
	free(p.cand_hash);
	free(p.cand_slot);
	toks_release(&p.toks);
	keytext_release(&p.kt);
	lines_release(&p.lines);
	report_free(r);
	return err;
}
