/* SPDX-License-Identifier: MIT */
/* crossyear.c - a report checked against the same agency's previous year */
#include "crossyear.h"
#include "common.h"
#include "scan.h"
#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Code points per shingle. */
#define SHINGLE 4

/* A section shorter than this (bytes of key text, years masked) is not
 * compared: "无" or one line of boilerplate is the same every year. */
#define COPY_MIN_KEY 60

/* Whole texts at least this similar (percent) are reported as copies. */
#define COPY_SIMILAR_PCT 95

/* ---- similarity ----------------------------------------------------------- */

/*
 * The key text of (s, len) with every year 1990..2099 (four ASCII digits
 * not inside a longer number) replaced by "#", as code points.
 */
static int masked_cps(const char *s, size_t len, uint32_t **out, size_t *n)
{
	struct buf k;
	uint32_t *cp = NULL;
	size_t i = 0, m = 0;
	int err;

	buf_init(&k, REPORT_MAX_BYTES * 2u);
	err = key_normalise(s, len, &k);
	if (err)
		goto out;
	cp = malloc((k.len + 1) * sizeof(*cp));
	if (!cp) {
		err = -ENOMEM;
		goto out;
	}
	while (i < k.len) {
		const char *p = k.ptr + i;
		size_t rest = k.len - i;

		if (rest >= 4 && (i == 0 || p[-1] < '0' || p[-1] > '9') &&
		    ((p[0] == '1' && p[1] == '9' && p[2] == '9') ||
		     (p[0] == '2' && p[1] == '0' && p[2] >= '0' && p[2] <= '9')) &&
		    p[3] >= '0' && p[3] <= '9' &&
		    (rest == 4 || p[4] < '0' || p[4] > '9')) {
			cp[m++] = '#';
			i += 4;
			continue;
		}
		i += utf8_decode(p, rest, &cp[m++]);
	}
out:
	buf_release(&k);
	if (err) {
		free(cp);
		return err;
	}
	*out = cp;
	*n = m;
	return 0;
}

/* Bits of the shingle sketch: ~2,500 shingles of a report set ~4% of them. */
#define SKETCH_BITS 65536u

/* Set one bit per shingle (FNV-1a over SHINGLE code points). */
static void sketch(const uint32_t *cp, size_t n, uint64_t *bits)
{
	size_t m = n >= SHINGLE ? n - SHINGLE + 1 : (n ? 1 : 0), i, j;

	for (i = 0; i < m; i++) {
		uint64_t x = 1469598103934665603ull;

		for (j = i; j < i + SHINGLE && j < n; j++) {
			x ^= cp[j];
			x *= 1099511628211ull;
		}
		x ^= x >> 29;
		bits[(x % SKETCH_BITS) / 64] |= 1ull << (x % 64);
	}
}

static unsigned popcount64(uint64_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

int crossyear_similarity(const char *a, size_t alen, const char *b,
			 size_t blen)
{
	uint32_t *ca = NULL, *cb = NULL;
	uint64_t *bits = NULL;
	size_t na, nb, i, both = 0, any = 0;
	int err;

	err = masked_cps(a, alen, &ca, &na);
	if (!err)
		err = masked_cps(b, blen, &cb, &nb);
	if (err)
		goto out;
	if (na == nb && !memcmp(ca, cb, na * sizeof(*ca))) {
		err = 100;
		goto out;
	}
	bits = calloc(2 * SKETCH_BITS / 64, sizeof(*bits));
	if (!bits) {
		err = -ENOMEM;
		goto out;
	}
	sketch(ca, na, bits);
	sketch(cb, nb, bits + SKETCH_BITS / 64);
	for (i = 0; i < SKETCH_BITS / 64; i++) {
		uint64_t x = bits[i], y = bits[SKETCH_BITS / 64 + i];

		both += popcount64(x & y);
		any += popcount64(x | y);
	}
	/* Jaccard of the shingle sets, estimated on the sketch; only equal
	 * texts (years masked) are 100 */
	err = any ? (int)(both * 100 / any) : 100;
	if (err == 100)
		err = 99;
out:
	free(ca);
	free(cb);
	free(bits);
	return err;
}

/* ---- the checks --------------------------------------------------------------- */

/* A cell as a number: values as they are, blank cells as 0. */
static int cell_num(const struct cell *c, int64_t *v)
{
	if (c->state == CELL_VALUE && c->v.scale == 0) {
		*v = c->v.mant;
		return 1;
	}
	if (c->state == CELL_EMPTY) {
		*v = 0;
		return 1;
	}
	return 0;
}

static int carry(const struct report *prev, const struct report *cur,
		 struct buf *out)
{
	const struct row *was = &prev->req.rows[REQ_CARRY_OVER];
	const struct row *now = &cur->req.rows[REQ_CARRIED];
	unsigned bad = 0, unknown = 0, c;
	int err = 0;

	if (!prev->req.found || !cur->req.found)
		return buf_addf(out, "INFO crossyear.carry not checked: table 三 "
				"missing in the %d report\n",
				prev->req.found ? cur->id.year : prev->id.year);
	for (c = 0; c < REQ_COL_COUNT && !err; c++) {
		int64_t a, b;

		if (!cell_num(&was->cells[c], &a) ||
		    !cell_num(&now->cells[c], &b)) {
			unknown++;
			continue;
		}
		if (a == b)
			continue;
		bad++;
		err = buf_addf(out, "FAIL crossyear.carry %s: %d年 四、结转下年度"
			       "继续办理 %lld ≠ %d年 二、上年结转 %lld\n",
			       req_cols[c], prev->id.year, (long long)a,
			       cur->id.year, (long long)b);
	}
	if (!err && !bad)
		err = buf_addf(out, "%s crossyear.carry %d年 四、结转下年度继续"
			       "办理 = %d年 二、上年结转 in %u of %u columns%s\n",
			       unknown ? "INFO" : "PASS", prev->id.year,
			       cur->id.year, REQ_COL_COUNT - unknown,
			       REQ_COL_COUNT, unknown ? " (the others have no "
			       "number)" : "");
	return err;
}

/* Two cells alike; *nonzero notes a value other than zero. */
static int cell_same(const struct cell *x, const struct cell *y, int *nonzero)
{
	if (x->state != y->state || (x->state == CELL_VALUE &&
	    (x->v.mant != y->v.mant || x->v.scale != y->v.scale)))
		return 0;
	*nonzero |= x->state == CELL_VALUE && x->v.mant;
	return 1;
}

/* Every cell of every table equal, and some number not zero (tables of
 * zeros are the same every year in small offices). */
static int tables_equal(const struct report *a, const struct report *b)
{
	const struct pro_row_tmpl *pt = pro_rows(a->tmpl);
	int nonzero = 0;
	size_t i, c;

	if (a->tmpl != b->tmpl || !a->req.found || !b->req.found)
		return 0;
	for (i = 0; i < REQ_ROW_COUNT; i++)
		for (c = 0; c < REQ_COL_COUNT; c++)
			if (!cell_same(&a->req.rows[i].cells[c],
				       &b->req.rows[i].cells[c], &nonzero))
				return 0;
	for (i = 0; i < APP_CELL_COUNT; i++)
		if (!cell_same(&a->app.cells[i], &b->app.cells[i], &nonzero))
			return 0;
	for (i = 0; i < PRO_ROW_COUNT; i++)
		for (c = 0; c < pt[i].ncols; c++)
			if (!cell_same(&a->pro.rows[i].cells[c],
				       &b->pro.rows[i].cells[c], &nonzero))
				return 0;
	return nonzero;
}

/*
 * Is section s the same in both reports, years masked?  Sections shorter
 * than COPY_MIN_KEY are never the same.  1, 0, or -ENOMEM.
 */
static int section_same(const struct report *p, const struct report *c,
			enum section_id s)
{
	const struct section *a = &p->sections[s], *b = &c->sections[s];
	uint32_t *ca = NULL, *cb = NULL;
	size_t na, nb;
	int same = 0, err;

	if (!a->found || !b->found)
		return 0;
	err = masked_cps(p->text + a->start, a->end - a->start, &ca, &na);
	if (!err)
		err = masked_cps(c->text + b->start, b->end - b->start, &cb,
				 &nb);
	if (!err)
		/* CJK: three bytes per code point */
		same = na == nb && na * 3 >= COPY_MIN_KEY &&
		       !memcmp(ca, cb, na * sizeof(*ca));
	free(ca);
	free(cb);
	return err ? err : same;
}

static int copy(const struct report *prev, const struct report *cur,
		struct buf *out)
{
	static const enum section_id secs[] = { SEC_OVERVIEW, SEC_PROBLEMS };
	int whole, warned = 0, err = 0, same;
	size_t i;

	whole = crossyear_similarity(prev->text, prev->len, cur->text,
				     cur->len);
	if (whole < 0)
		return whole;
	for (i = 0; i < ARRAY_SIZE(secs) && !err; i++) {
		same = section_same(prev, cur, secs[i]);
		if (same < 0)
			return same;
		if (!same)
			continue;
		warned++;
		err = buf_addf(out, "WARN crossyear.copy 第%s部分（%s）与%d年报告"
			       "相同（年份除外） / section %u is the same as in "
			       "the %d report apart from the year\n",
			       (const char *[]){ "一", "二", "三", "四", "五",
						 "六" }[secs[i]],
			       section_titles[secs[i]], prev->id.year,
			       (unsigned)secs[i] + 1, prev->id.year);
	}
	if (!err && tables_equal(prev, cur)) {
		warned++;
		err = buf_addf(out, "WARN crossyear.copy 统计表与%d年报告完全相同 "
			       "/ every table cell equals the %d report's\n",
			       prev->id.year, prev->id.year);
	}
	if (!err && whole >= COPY_SIMILAR_PCT) {
		warned++;
		err = buf_addf(out, "WARN crossyear.copy 全文与%d年报告 %d%% 相同"
			       "（年份除外） / the text is %d%% the same as the "
			       "%d report's\n", prev->id.year, whole, whole,
			       prev->id.year);
	}
	if (!err && !warned)
		err = buf_addf(out, "PASS crossyear.copy 全文与%d年报告的相似度 "
			       "%d%% / text %d%% similar to the %d report\n",
			       prev->id.year, whole, whole, prev->id.year);
	return err;
}

/*
 * Documents in force, for 规章 and (行政)规范性文件, both years on one
 * template: 2021: last year's 现行有效件数 + 本年制发 - 本年废止 against this
 * year's 现行有效件数; 2019: last year's 对外公开总数量 + 本年新公开数量
 * against this year's 对外公开总数量.  Advisory: documents also lapse.
 */
static int normative(const struct report *prev, const struct report *cur,
		     struct buf *out)
{
	static const enum pro_row rows[] = { PRO_RULES, PRO_NORMATIVE };
	const struct pro_row_tmpl *pt = pro_rows(cur->tmpl);
	int t21 = cur->tmpl == TEMPLATE_2021;
	size_t i;
	int err = 0;

	if (prev->tmpl != cur->tmpl || cur->tmpl == TEMPLATE_NONE) {
		const struct report *odd = cur->tmpl == TEMPLATE_NONE ||
			prev->tmpl == TEMPLATE_2021 ? cur : prev;

		return buf_addf(out, "INFO crossyear.normative not checked: the "
				"%d report is on the %s template and the %d "
				"report on the %s one\n", odd->id.year,
				template_name(odd->tmpl),
				odd == cur ? prev->id.year : cur->id.year,
				template_name(odd == cur ? prev->tmpl
							 : cur->tmpl));
	}
	for (i = 0; i < ARRAY_SIZE(rows) && !err; i++) {
		const struct cell *c = cur->pro.rows[rows[i]].cells;
		int64_t was, made, gone = 0, now, want;

		if (!cell_num(&prev->pro.rows[rows[i]].cells[2], &was) ||
		    !cell_num(&c[t21 ? 0 : 1], &made) ||
		    (t21 && !cell_num(&c[1], &gone)) || !cell_num(&c[2], &now)) {
			err = buf_addf(out, "INFO crossyear.normative %s: not "
				       "checked, a cell has no number\n",
				       pt[rows[i]].label);
			continue;
		}
		want = was + made - gone;
		if (t21)
			err = buf_addf(out, "INFO crossyear.normative %s: %d年 "
				       "现行有效 %lld + 本年制发 %lld − 本年废止 "
				       "%lld = %lld, 本年现行有效 %lld%s\n",
				       pt[rows[i]].label, prev->id.year,
				       (long long)was, (long long)made,
				       (long long)gone, (long long)want,
				       (long long)now, want == now ? "" :
				       " (documents also lapse)");
		else
			err = buf_addf(out, "INFO crossyear.normative %s: %d年 "
				       "对外公开总数量 %lld + 本年新公开 %lld = "
				       "%lld, 本年对外公开总数量 %lld%s\n",
				       pt[rows[i]].label, prev->id.year,
				       (long long)was, (long long)made,
				       (long long)want, (long long)now,
				       want == now ? "" :
				       " (documents also lapse)");
	}
	return err;
}

int crossyear_check(const struct report *prev, const struct report *cur,
		    struct buf *out)
{
	int err;

	err = carry(prev, cur, out);
	if (!err)
		err = copy(prev, cur, out);
	if (!err)
		err = normative(prev, cur, out);
	return err;
}
