/* SPDX-License-Identifier: MIT */
/*
 * validate_narrative.c - the numbers a report's text states ("共收到政府信息
 * 公开申请49件", "无行政复议") found in its key text and checked against
 * the tables; only claims recognised with confidence, the rest is ignored.
 */
#include "validate.h"
#include "common.h"
#include "validate-priv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

/* Most code points between a keyword and its number: "收到政府信息公开申请49件". */
#define GAP_LONG 16
#define GAP_SHORT 8
/* Longest quote of a claim, in code points before the number. */
#define QUOTE_CPS 24
/* How far before a number its keyword and 其中 are looked for. */
#define WINDOW_CPS 48
#define MAX_CLAIMS 1000
/* "N件" looked at per report: a hostile text full of them stays fast. */
#define MAX_COUNTS 10000

enum { CLAIM_NONE = CLAIM_KIND_COUNT };

struct keyword {
	const char *w;
	int kind; /* enum claim_kind, or CLAIM_NONE: a word that ends a claim */
};

/* Longest first where one word ends another ("不予以公开", "予以公开"). */
static const struct keyword keywords[] = {
	{ "予以公开及部分公开", CLAIM_PUB_PART },
	{ "予以公开和部分公开", CLAIM_PUB_PART },
	{ "不予以公开", CLAIM_DENY },
	{ "不予公开", CLAIM_DENY },
	{ "予以公开", CLAIM_PUBLIC },
	{ "部分公开", CLAIM_PARTIAL },
	{ "无法提供", CLAIM_NOINFO },
	{ "不予处理", CLAIM_REFUSE },
	{ "其他处理", CLAIM_OTHER },
	{ "本年新收", CLAIM_NEW },
	{ "新收", CLAIM_NEW },
	{ "上年结转", CLAIM_CARRIED },
	{ "结转下年", CLAIM_CARRY_OVER },
	{ "收到", CLAIM_RECEIVED },
	{ "受理", CLAIM_RECEIVED },
	{ "办结", CLAIM_COMPLETED },
	{ "答复", CLAIM_COMPLETED },
	{ "行政复议", CLAIM_REVIEW },
	{ "行政诉讼", CLAIM_LITIGATION },
	/* sub-counts and other things counted in 件 */
	{ "复议后起诉", CLAIM_NONE },
	{ "直接起诉", CLAIM_NONE },
	{ "主动公开", CLAIM_NONE },
	{ "网上", CLAIM_NONE },
	{ "当面", CLAIM_NONE },
	{ "信函", CLAIM_NONE },
	{ "当场", CLAIM_NONE },
	{ "延期", CLAIM_NONE },
	{ "逾期", CLAIM_NONE },
	{ "提案", CLAIM_NONE },
	{ "建议", CLAIM_NONE },
	{ "信访", CLAIM_NONE },
	{ "咨询", CLAIM_NONE },
};

/* A clause with one of these compares years or counts parts of a whole. */
static const char *const skip_words[] = {
	"同比", "环比", "较上年", "比上年", "较去年", "比去年", "增长",
	"下降", "减少", "增加", "上升", "占",
};

/* "无" that does not deny: "无法", "无正当理由", "无论", "无需". */
static const char *const nil_not[] = { "无法", "无正当", "无论", "无需",
				       "无须", "未经", "尚未" };

static const char *const nil_words[] = { "没有", "不存在", "无", "未" };

static const char *const upheld_words[] = { "均获维持", "均被维持",
					    "均予以维持", "均予维持",
					    "全部维持", "均维持", "均为维持" };

struct scan {
	struct vctx *v;
	const char *t;
	struct lines lines;
	struct keytext kt;
	size_t other_a, other_b; /* section 六, source offsets */
	size_t cap;
	size_t counts;           /* "N件" looked at so far */
};

static int at(const char *k, size_t i, size_t end, const char *w)
{
	size_t n = strlen(w);

	return i + n <= end && !memcmp(k + i, w, n);
}

static int in_range(const char *k, size_t a, size_t b, const char *w)
{
	size_t n = strlen(w);

	return b >= a + n && mem_find(k + a, b - a, w, n) != NULL;
}

static size_t cps(const char *k, size_t a, size_t b)
{
	size_t n = 0;

	for (; a < b; a++)
		if (((unsigned char)k[a] & 0xC0) != 0x80)
			n++;
	return n;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Bytes of the punctuation ending a clause at key index i: 。,;!?: */
static size_t punct_at(const struct scan *s, size_t i)
{
	const char *k = s->kt.k;

	if (i >= s->kt.n)
		return 0;
	if (at(k, i, s->kt.n, "。"))
		return strlen("。");
	return k[i] == ',' || k[i] == ';' || k[i] == '!' || k[i] == '?' ||
	       k[i] == ':';
}

/*
 * Line breaks and tabs dropped between key index i - 1 and i: 0 none,
 * 1 one line break, 2 a tab (a table cell) or a blank line (a paragraph).
 */
static int gap_at(const struct scan *s, size_t i)
{
	const char *p, *e;
	int nl = 0;

	if (i == 0 || i >= s->kt.n)
		return 0;
	p = s->t + s->kt.map[i - 1];
	e = s->t + s->kt.map[i];
	for (; p < e; p++) {
		if (*p == '\t')
			return 2;
		if (*p == '\n')
			nl++;
	}
	return nl > 1 ? 2 : nl;
}

/* Start of the last n code points of [a, b) (a when shorter). */
static size_t back_cps(const char *k, size_t a, size_t b, size_t n)
{
	size_t seen = 0;

	while (b > a && seen < n) {
		b--;
		if (((unsigned char)k[b] & 0xC0) != 0x80)
			seen++;
	}
	return b;
}

static int claim_push(struct scan *s, const struct claim *c)
{
	struct vctx *v = s->v;

	if (v->nclaims == MAX_CLAIMS)
		return 0;
	if (v->nclaims == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct claim *nv = realloc(v->claims, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		v->claims = nv;
		s->cap = cap;
	}
	v->claims[v->nclaims++] = *c;
	return 0;
}

/* Start a claim about key bytes [a, b) of a clause beginning at `ca`. */
static int claim_make(struct scan *s, struct claim *c, int kind, size_t ca,
		      size_t a, size_t b)
{
	const char *k = s->kt.k;
	size_t off = s->kt.map[a];

	/* quote at most QUOTE_CPS code points before the number */
	ca = back_cps(k, ca, a, QUOTE_CPS);
	memset(c, 0, sizeof(*c));
	c->kind = (enum claim_kind)kind;
	c->line = lines_at(&s->lines, off);
	c->in_other = off >= s->other_a && off < s->other_b;
	c->quote = arena_strndup(&s->v->cl->arena, k + ca, b - ca);
	return c->quote ? 0 : -ENOMEM;
}

/* The keyword ending last in key bytes [a, b), longest on ties; or NULL. */
static const struct keyword *last_keyword(const char *k, size_t a, size_t b,
					  size_t *end)
{
	const struct keyword *best = NULL;
	size_t i, best_end = 0, best_len = 0, n;
	const char *p;

	for (i = 0; i < ARRAY_SIZE(keywords); i++) {
		size_t from = a;

		n = strlen(keywords[i].w);
		while (from + n <= b &&
		       (p = mem_find(k + from, b - from, keywords[i].w, n))) {
			size_t e = (size_t)(p - k) + n;

			if (!best || e > best_end ||
			    (e == best_end && n > best_len)) {
				best = &keywords[i];
				best_end = e;
				best_len = n;
			}
			from = (size_t)(p - k) + 1;
		}
	}
	*end = best_end;
	return best;
}

/* End of a quote running on after the number: QUOTE_CPS at most. */
static size_t quote_end(const char *k, size_t e, size_t cb)
{
	size_t n = 0;

	while (e < cb && n < QUOTE_CPS) {
		e++;
		while (e < cb && ((unsigned char)k[e] & 0xC0) == 0x80)
			e++;
		n++;
	}
	return e;
}

/* "N件" claims in clause [ca, cb). */
static int scan_counts(struct scan *s, size_t ca, size_t cb)
{
	const char *k = s->kt.k;
	const struct keyword *kw;
	struct claim c;
	size_t i, j, e, w, wa, qa, qe, lim, prev = ca;
	int64_t n;
	int kind, err;
	const char *p;

	/* most clauses count nothing: look for "<digit>件" first */
	for (i = ca; i + 1 < cb; i++)
		if (is_digit(k[i]) && at(k, i + 1, cb, "件"))
			break;
	if (i + 1 >= cb)
		return 0;
	for (i = 0; i < ARRAY_SIZE(skip_words); i++)
		if (in_range(k, ca, cb, skip_words[i]))
			return 0;
	for (i = ca; i < cb; i = j) {
		j = i + 1;
		if (!is_digit(k[i]) || (i > ca && is_digit(k[i - 1])))
			continue;
		n = 0;
		for (j = i; j < cb && is_digit(k[j]) && j - i < 12; j++)
			n = n * 10 + (k[j] - '0');
		if (j >= cb || is_digit(k[j]) || !at(k, j, cb, "件") ||
		    (i > ca && k[i - 1] == '.'))
			continue;
		if (s->counts++ >= MAX_COUNTS)
			return 0;
		e = j + strlen("件");
		kind = CLAIM_NONE;
		/* look back a bounded way: long clauses stay linear */
		wa = back_cps(k, ca, i, WINDOW_CPS);
		kw = last_keyword(k, wa, i, &w);
		/* quote from the claim's own words: after "、" or a prior 件 */
		qa = prev > wa ? prev : wa;
		prev = e;
		lim = kw ? w - strlen(kw->w) : i;
		while (lim > qa && (p = mem_find(k + qa, lim - qa, "、",
						 strlen("、"))))
			qa = (size_t)(p - k) + strlen("、");
		if (kw && !in_range(k, w, i, "件")) {
			size_t gap = cps(k, w, i);
			int digits = 0;

			for (size_t d = w; d < i; d++)
				digits |= is_digit(k[d]);
			if (!digits &&
			    gap <= (kw->kind == CLAIM_RECEIVED ||
					    kw->kind == CLAIM_REVIEW ||
					    kw->kind == CLAIM_LITIGATION
				    ? GAP_LONG
				    : GAP_SHORT))
				kind = kw->kind;
		}
		/* "70件申请", "1件结转下年度继续办理" */
		qe = e;
		if (kind == CLAIM_NONE && at(k, e, cb, "结转下年")) {
			kind = CLAIM_CARRY_OVER;
			qe = quote_end(k, e, cb);
		} else if (kind == CLAIM_RECEIVED && at(k, e, cb, "申请")) {
			qe = e + strlen("申请");
		}
		if (kind == CLAIM_RECEIVED && !in_range(k, wa, i, "申请") &&
		    !at(k, e, cb, "申请") && !at(k, e, cb, "政府信息公开申请"))
			kind = CLAIM_NONE;
		/* "其中网上申请10件" counts a part */
		if ((kind == CLAIM_RECEIVED || kind == CLAIM_COMPLETED) &&
		    in_range(k, wa, i, "其中"))
			kind = CLAIM_NONE;
		if (kind == CLAIM_NONE)
			continue;
		err = claim_make(s, &c, kind, qa, i, qe);
		if (!err) {
			c.n = n;
			err = claim_push(s, &c);
		}
		if (err)
			return err;
	}
	return 0;
}

/* Digits other than a year ("2020年") in [a, b). */
static int has_count(const char *k, size_t a, size_t b)
{
	size_t i, j;

	for (i = a; i < b; i = j + 1) {
		j = i;
		if (!is_digit(k[i]))
			continue;
		while (j < b && is_digit(k[j]))
			j++;
		if (!(j - i == 4 && at(k, j, b, "年")))
			return 1;
	}
	return 0;
}

/* Key offset of a denying word in [a, b), or (size_t)-1. */
static size_t find_nil(const char *k, size_t a, size_t b)
{
	size_t i, x;

	for (i = a; i < b; i++) {
		for (x = 0; x < ARRAY_SIZE(nil_not); x++)
			if (at(k, i, b, nil_not[x]))
				break;
		if (x < ARRAY_SIZE(nil_not)) {
			i += strlen(nil_not[x]) - 1;
			continue;
		}
		for (x = 0; x < ARRAY_SIZE(nil_words); x++)
			if (at(k, i, b, nil_words[x]))
				return i;
	}
	return (size_t)-1;
}

/* "不存在依申请公开事件", "未收到政府信息公开申请": no request at all. */
static const char *const nil_requests[] = {
	"无依申请公开", "不存在依申请公开", "没有依申请公开", "未有依申请公开",
	"未发生依申请公开", "无政府信息公开申请", "未收到", "没有收到", "未接到",
};

/* Does [a, b) hold 无, 未, 没 or 不, which every denying word has? */
static int has_nil_char(const char *k, size_t a, size_t b)
{
	size_t i;

	for (i = a; i + 3 <= b; i++)
		if (at(k, i, b, "无") || at(k, i, b, "未") ||
		    at(k, i, b, "没") || at(k, i, b, "不"))
			return 1;
	return 0;
}

/* "无行政复议", "没有发生因政府信息公开申请行政复议、提起行政诉讼的情况" */
static int scan_nil(struct scan *s, size_t ca, size_t cb)
{
	static const struct {
		const char *w;
		enum claim_kind kind;
	} targets[] = { { "行政复议", CLAIM_REVIEW },
			{ "行政诉讼", CLAIM_LITIGATION } };
	const char *k = s->kt.k;
	struct claim c;
	size_t i, nil, t;
	const char *p;
	int err;

	if (!has_nil_char(k, ca, cb))
		return 0;
	if (has_count(k, ca, cb) || in_range(k, ca, cb, "纠正") ||
	    in_range(k, ca, cb, "纠错") || in_range(k, ca, cb, "败诉") ||
	    in_range(k, ca, cb, "撤销"))
		return 0;
	for (i = 0; i < ARRAY_SIZE(nil_requests); i++) {
		p = mem_find(k + ca, cb - ca, nil_requests[i],
			     strlen(nil_requests[i]));
		if (!p)
			continue;
		t = (size_t)(p - k) + strlen(nil_requests[i]);
		/* "未收到…申请"; not "未收到行政复议申请" */
		if (!in_range(k, (size_t)(p - k), cb, "申请") ||
		    in_range(k, ca, cb, "复议") || in_range(k, ca, cb, "诉讼"))
			break;
		err = claim_make(s, &c, CLAIM_RECEIVED, ca, (size_t)(p - k),
				 quote_end(k, t, cb));
		if (!err) {
			c.negative = 1;
			err = claim_push(s, &c);
		}
		if (err)
			return err;
		break;
	}
	nil = find_nil(k, ca, cb);
	if (nil == (size_t)-1)
		return 0;
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		p = mem_find(k + nil, cb - nil, targets[i].w,
			   strlen(targets[i].w));
		if (!p)
			continue;
		t = (size_t)(p - k) + strlen(targets[i].w);
		err = claim_make(s, &c, targets[i].kind, ca, nil, t);
		if (!err) {
			c.negative = 1;
			err = claim_push(s, &c);
		}
		if (err)
			return err;
	}
	return 0;
}

/* "收取…信息处理费120元" with a positive amount. */
static int scan_fee(struct scan *s, size_t ca, size_t cb)
{
	const char *k = s->kt.k;
	struct claim c;
	size_t i, j;
	const char *p;
	int positive, err;

	p = mem_find(k + ca, cb - ca, "收取", strlen("收取"));
	if (!p)
		return 0;
	i = (size_t)(p - k);
	p = mem_find(k + i, cb - i, "费", strlen("费"));
	if (!p)
		return 0;
	for (i = (size_t)(p - k); i < cb; i = j) {
		j = i + 1;
		if (!is_digit(k[i]))
			continue;
		positive = 0;
		for (j = i; j < cb && (is_digit(k[j]) || k[j] == '.'); j++)
			positive |= k[j] >= '1' && k[j] <= '9';
		if (!positive)
			continue;
		if (at(k, j, cb, "元"))
			j += strlen("元");
		else if (at(k, j, cb, "万元"))
			j += strlen("万元");
		else
			continue;
		err = claim_make(s, &c, CLAIM_FEE, ca, i, j);
		if (!err) {
			c.n = 1;
			err = claim_push(s, &c);
		}
		return err;
	}
	return 0;
}

/*
 * "行政复议2件，均获维持": the scope is the nearest clause of the sentence
 * [sa, sb) that names 复议 or 诉讼, walking back from the words.
 */
static int scan_upheld(struct scan *s, size_t sa, size_t sb)
{
	const char *k = s->kt.k;
	struct claim c;
	size_t i, pos, end, wend;
	const char *p = NULL;
	int rv = 0, lt = 0, err;

	if (!in_range(k, sa, sb, "维持")) /* in every upheld word */
		return 0;
	for (i = 0; i < ARRAY_SIZE(upheld_words) && !p; i++)
		p = mem_find(k + sa, sb - sa, upheld_words[i],
			   strlen(upheld_words[i]));
	if (!p)
		return 0;
	pos = (size_t)(p - k);
	wend = pos + strlen(upheld_words[i - 1]);
	end = wend;
	for (i = wend; i-- > sa && !rv && !lt;) {
		if (i > sa && !punct_at(s, i) && !gap_at(s, i))
			continue;
		rv = in_range(k, i, end, "复议");
		lt = in_range(k, i, end, "诉讼") || in_range(k, i, end, "起诉");
		end = i;
	}
	if (!rv && !lt)
		return 0;
	err = claim_make(s, &c, CLAIM_UPHELD, sa, pos, wend);
	if (err)
		return err;
	c.scope = rv && lt ? SCOPE_ALL : rv ? SCOPE_REVIEW : SCOPE_LITIGATION;
	return claim_push(s, &c);
}

int narrative_scan(struct vctx *v)
{
	const struct report *r = v->r;
	const struct section *six = &r->sections[SEC_OTHER];
	struct scan s;
	size_t i, ca, sa;
	int err;

	memset(&s, 0, sizeof(s));
	s.v = v;
	s.t = r->text;
	if (six->found) {
		s.other_a = six->start;
		s.other_b = six->end;
	}
	err = lines_build(&s.lines, r->text, r->len);
	if (err)
		return err;
	err = keytext_build(&s.kt, r->text, r->len, &s.lines);
	if (err)
		goto out_release_lines;
	for (i = ca = sa = 0; i <= s.kt.n && !err; i++) {
		size_t brk = punct_at(&s, i);
		int gap = gap_at(&s, i);
		int end = i == s.kt.n || brk || gap;
		int stop = i == s.kt.n || gap == 2 ||
			   brk == strlen("。") ||
			   (brk && (s.kt.k[i] == '!' || s.kt.k[i] == '?'));

		if (end && i > ca) {
			err = scan_counts(&s, ca, i);
			if (!err)
				err = scan_nil(&s, ca, i);
			if (!err)
				err = scan_fee(&s, ca, i);
		}
		if (stop && i > sa && !err)
			err = scan_upheld(&s, sa, i);
		if (end)
			ca = i + brk;
		if (stop)
			sa = i + brk;
		if (brk)
			i += brk - 1;
	}
	keytext_release(&s.kt);
out_release_lines:
	lines_release(&s.lines);
	return err;
}

const char *section_key_body(struct vctx *v, enum section_id id)
{
	const struct report *r = v->r;
	const struct section *sec = &r->sections[id];
	const char *t, *title = section_titles[id], *eol;
	size_t a = sec->start, b = sec->end, hl = 0, body, len;
	struct lines l;
	struct keytext kt;
	const char *out = NULL;
	long pos;

	if (a > r->len)
		a = r->len;
	if (b > r->len || b < a)
		b = r->len;
	t = r->text + a;
	if (lines_build(&l, t, b - a)) {
		v->err = -ENOMEM;
		return NULL;
	}
	if (keytext_build(&kt, t, b - a, &l)) {
		v->err = -ENOMEM;
		goto out_release_lines;
	}
	eol = memchr(t, '\n', b - a);
	while (hl < kt.n && (!eol || kt.map[hl] < (size_t)(eol - t)))
		hl++;
	pos = keytext_find(&kt, 0, hl, title);
	body = pos >= 0 ? (size_t)pos + strlen(title) : hl;
	/* "六、其他需要报告的事项：无" */
	while (body < kt.n && (kt.k[body] == ':' || kt.k[body] == ',' ||
			       kt.k[body] == '.' || kt.k[body] == ')'))
		body++;
	len = kt.n - body;
	out = arena_strndup(&v->cl->arena, kt.k + body, len);
	if (!out)
		v->err = -ENOMEM;
	keytext_release(&kt);
out_release_lines:
	lines_release(&l);
	return out;
}

/* ---- the rules ---- */

/* The 总计 of table 三 row `row`, or NULL when not usable. */
static const struct cell *req_total(const struct report *r, enum req_row row)
{
	const struct cell *c = &r->req.rows[row].cells[REQ_COL_TOTAL];

	return cell_usable(c) ? c : NULL;
}

static void no_table(struct vctx *v, const char *id, const struct claim *c,
		     const char *what, const char *why)
{
	vadd(v, VERDICT_WARN, id, c->line, "\"%s\": cannot check: %s %s",
	     c->quote, what, why);
}

static void compare(struct vctx *v, const char *id, const struct claim *c,
		    const char *what, int64_t want)
{
	vadd(v, c->n == want ? VERDICT_PASS : VERDICT_FAIL, id, c->line,
	     "\"%s\" %s %s %" PRId64, c->quote, c->n == want ? "=" : "≠",
	     what, want);
}

/* Claims of `kind` checked against one 总计 cell of table 三. */
static void check_row(struct vctx *v, const char *id, enum claim_kind kind,
		      enum req_row row, const char *what)
{
	const struct report *r = v->r;
	size_t i;

	for (i = 0; i < v->nclaims; i++) {
		const struct claim *c = &v->claims[i];
		const struct cell *t;

		if (c->kind != kind)
			continue;
		t = req_total(r, row);
		if (!r->req.found)
			no_table(v, id, c, "table 三", "not found");
		else if (!t)
			no_table(v, id, c, what,
				 cell_problem(&r->req.rows[row]
						       .cells[REQ_COL_TOTAL]));
		else
			compare(v, id, c, what, t->v.mant);
	}
}

void rule_narrative_received(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	size_t i, seen = 0;

	for (i = 0; i < v->nclaims; i++) {
		const struct claim *c = &v->claims[i];
		const struct cell *a, *b;

		if (c->kind != CLAIM_FEE)
			seen++;
		if (c->kind != CLAIM_RECEIVED)
			continue;
		a = req_total(r, REQ_NEW);
		b = req_total(r, REQ_CARRIED);
		if (!r->req.found) {
			no_table(v, id, c, "table 三", "not found");
		} else if (!a) {
			no_table(v, id, c, "一 总计",
				 cell_problem(&r->req.rows[REQ_NEW]
						       .cells[REQ_COL_TOTAL]));
		} else if (c->n == a->v.mant) {
			compare(v, id, c, "一 总计", a->v.mant);
		} else if (b && c->n == a->v.mant + b->v.mant) {
			compare(v, id, c, "一 + 二 总计",
				a->v.mant + b->v.mant);
		} else if (b) {
			vadd(v, VERDICT_FAIL, id, c->line,
			     "\"%s\" ≠ 一 总计 %" PRId64 " (一 + 二: %" PRId64
			     ")",
			     c->quote, a->v.mant, a->v.mant + b->v.mant);
		} else {
			compare(v, id, c, "一 总计", a->v.mant);
		}
	}
	if (!seen)
		vadd(v, VERDICT_INFO, id, 0,
		     "no statement about the tables' numbers recognised in the text");
}

void rule_narrative_new(struct vctx *v, const char *id)
{
	check_row(v, id, CLAIM_NEW, REQ_NEW, "一 总计");
}

void rule_narrative_carried(struct vctx *v, const char *id)
{
	check_row(v, id, CLAIM_CARRIED, REQ_CARRIED, "二 总计");
}

void rule_narrative_carry_over(struct vctx *v, const char *id)
{
	check_row(v, id, CLAIM_CARRY_OVER, REQ_CARRY_OVER, "四 总计");
}

void rule_narrative_completed(struct vctx *v, const char *id)
{
	check_row(v, id, CLAIM_COMPLETED, REQ_TOTAL, "(七)总计");
}

void rule_narrative_results(struct vctx *v, const char *id)
{
	static const struct {
		enum claim_kind kind;
		enum req_row first, last;
		const char *what;
	} groups[] = {
		{ CLAIM_PUB_PART, REQ_PUBLIC, REQ_PARTIAL, "(一) + (二) 总计" },
		{ CLAIM_PUBLIC, REQ_PUBLIC, REQ_PUBLIC, "(一)予以公开 总计" },
		{ CLAIM_PARTIAL, REQ_PARTIAL, REQ_PARTIAL,
		  "(二)部分公开 总计" },
		{ CLAIM_DENY, REQ_DENY_1, REQ_DENY_8, "(三)不予公开 总计" },
		{ CLAIM_NOINFO, REQ_NOINFO_1, REQ_NOINFO_3,
		  "(四)无法提供 总计" },
		{ CLAIM_REFUSE, REQ_REFUSE_1, REQ_REFUSE_5,
		  "(五)不予处理 总计" },
		{ CLAIM_OTHER, REQ_OTHER, REQ_OTHER_3, "(六)其他处理 总计" },
	};
	const struct report *r = v->r;
	size_t i, g;

	for (i = 0; i < v->nclaims; i++) {
		const struct claim *c = &v->claims[i];
		enum req_row bad;
		int64_t sum;

		for (g = 0; g < ARRAY_SIZE(groups); g++)
			if (groups[g].kind == c->kind)
				break;
		if (g == ARRAY_SIZE(groups))
			continue;
		if (!r->req.found)
			no_table(v, id, c, "table 三", "not found");
		else if (req_group_sum(r, groups[g].first, groups[g].last,
				       &sum, &bad))
			vadd(v, VERDICT_WARN, id, c->line,
			     "\"%s\": cannot check: %s %s 总计 %s", c->quote,
			     req_rows[bad].code, req_rows[bad].key,
			     cell_problem(&r->req.rows[bad]
						   .cells[REQ_COL_TOTAL]));
		else
			compare(v, id, c, groups[g].what, sum);
	}
}

/* Claims of `kind` against the sum of table 四 cells `cells`. */
static void check_app(struct vctx *v, const char *id, enum claim_kind kind,
		      const enum app_cell *cells, size_t n, const char *what)
{
	const struct report *r = v->r;
	size_t i, j;

	for (i = 0; i < v->nclaims; i++) {
		const struct claim *c = &v->claims[i];
		const struct cell *bad = NULL;
		int64_t sum = 0;

		if (c->kind != kind)
			continue;
		if (!r->app.found) {
			no_table(v, id, c, "table 四", "not found");
			continue;
		}
		for (j = 0; j < n && !bad; j++) {
			const struct cell *x = &r->app.cells[cells[j]];

			if (!cell_usable(x) ||
			    __builtin_add_overflow(sum, x->v.mant, &sum))
				bad = x;
		}
		if (bad)
			no_table(v, id, c, what, cell_problem(bad) ?
				 cell_problem(bad) : "too large");
		else
			compare(v, id, c, what, sum);
	}
}

void rule_narrative_review(struct vctx *v, const char *id)
{
	static const enum app_cell cells[] = { APP_REVIEW_TOTAL };

	check_app(v, id, CLAIM_REVIEW, cells, ARRAY_SIZE(cells),
		  "四 行政复议/总计");
}

void rule_narrative_litigation(struct vctx *v, const char *id)
{
	static const enum app_cell cells[] = { APP_DIRECT_TOTAL,
					       APP_AFTER_TOTAL };

	check_app(v, id, CLAIM_LITIGATION, cells, ARRAY_SIZE(cells),
		  "四 行政诉讼 总计 (直接起诉 + 复议后起诉)");
}

void rule_narrative_upheld(struct vctx *v, const char *id)
{
	static const char *const scope_names[] = { "行政复议和行政诉讼",
						   "行政复议", "行政诉讼" };
	const struct report *r = v->r;
	size_t i;
	unsigned g;

	for (i = 0; i < v->nclaims; i++) {
		const struct claim *c = &v->claims[i];
		int64_t part[4] = { 0, 0, 0, 0 };
		const struct cell *bad = NULL;
		unsigned k;

		if (c->kind != CLAIM_UPHELD)
			continue;
		if (!r->app.found) {
			no_table(v, id, c, "table 四", "not found");
			continue;
		}
		for (g = 0; g < 3 && !bad; g++) {
			if ((c->scope == SCOPE_REVIEW && g != 0) ||
			    (c->scope == SCOPE_LITIGATION && g == 0))
				continue;
			for (k = 0; k < 4 && !bad; k++) {
				const struct cell *x = &r->app.cells[g * 5 + k];

				if (!cell_usable(x) ||
				    __builtin_add_overflow(part[k], x->v.mant,
							   &part[k]))
					bad = x;
			}
		}
		if (bad) {
			no_table(v, id, c, "四", cell_problem(bad) ?
				 cell_problem(bad) : "too large");
		} else if (part[1] > 0) {
			vadd(v, VERDICT_FAIL, id, c->line,
			     "\"%s\" but 四 %s 结果纠正 is %" PRId64, c->quote,
			     scope_names[c->scope], part[1]);
		} else if (part[2] > 0 || part[3] > 0) {
			vadd(v, VERDICT_WARN, id, c->line,
			     "\"%s\" but 四 %s 其他结果 %" PRId64
			     ", 尚未审结 %" PRId64,
			     c->quote, scope_names[c->scope], part[2], part[3]);
		} else if (part[0] == 0) {
			vadd(v, VERDICT_WARN, id, c->line,
			     "\"%s\" but 四 %s 结果维持 is 0", c->quote,
			     scope_names[c->scope]);
		} else {
			vadd(v, VERDICT_PASS, id, c->line,
			     "\"%s\": 四 %s 结果维持 %" PRId64
			     ", none corrected or pending",
			     c->quote, scope_names[c->scope], part[0]);
		}
	}
}
