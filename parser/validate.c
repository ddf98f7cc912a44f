/* SPDX-License-Identifier: MIT */
/*
 * validate.c - the review rules as a table of functions over the report
 * model: identity, structure, the tables' arithmetic and their values.
 */
#include "validate.h"
#include "common.h"
#include "validate-priv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "scan.h"

/* Parser notes shown per rule; the rest are counted in one INFO line. */
#define MAX_DIAGS_PER_RULE 50

/* "blank cells ... FAIL when there are many": this many or more. */
#define MANY_BLANK_CELLS 20

static const char *const verdict_names[VERDICT_COUNT] = {
	"PASS", "INFO", "WARN", "FAIL",
};

const char *verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT_COUNT ? verdict_names[v] : "INFO";
}

static const char *const sec_numerals[SEC_COUNT] = {
	"一、", "二、", "三、", "四、", "五、", "六、",
};

static const char *const app_groups[3] = {
	"行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉",
};

static const char *const app_parts[4] = {
	"维持", "纠正", "其他", "尚未审结",
};

/* ---- the list ---- */

static int list_push(struct check_list *cl, const struct check *c)
{
	if (cl->n == cl->cap) {
		size_t cap = cl->cap ? cl->cap * 2 : 64;
		struct check *nv = realloc(cl->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		cl->v = nv;
		cl->cap = cap;
	}
	cl->v[cl->n++] = *c;
	cl->count[c->verdict]++;
	return 0;
}

void vadd(struct vctx *v, enum verdict vd, const char *rule, uint32_t line,
	  const char *fmt, ...)
{
	struct check c;
	va_list ap;
	char *msg, *p;
	int n;

	if (v->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	msg = arena_alloc(&v->cl->arena, (size_t)n + 1);
	if (!msg) {
		v->err = -ENOMEM;
		return;
	}
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	/* one check, one line: notes may hold the report's line breaks */
	for (p = msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	c.verdict = vd;
	c.rule = rule;
	c.message = msg;
	c.line = line;
	v->err = list_push(v->cl, &c);
}

void check_list_free(struct check_list *cl)
{
	if (!cl)
		return;
	free(cl->v);
	arena_release(&cl->arena);
	free(cl);
}

int check_list_status(const struct check_list *cl)
{
	if (cl->count[VERDICT_FAIL])
		return 2;
	return cl->count[VERDICT_WARN] ? 1 : 0;
}

/* ---- cells ---- */

const char *cell_problem(const struct cell *c)
{
	if (c->state == CELL_MISSING)
		return "not found";
	if (c->state == CELL_EMPTY)
		return "blank";
	if (c->flags & CELL_UNCERTAIN)
		return "uncertain";
	if (c->v.scale)
		return "not a whole number";
	return NULL;
}

int cell_usable(const struct cell *c)
{
	return !cell_problem(c);
}

int report_req_row_used(const struct report *r, enum req_row row)
{
	if (row == REQ_OTHER)
		return !r->req.other_split;
	if (row >= REQ_OTHER_1 && row <= REQ_OTHER_3)
		return r->req.other_split;
	return (unsigned)row < REQ_ROW_COUNT;
}

int req_group_sum(const struct report *r, enum req_row first,
		  enum req_row last, int64_t *sum, enum req_row *bad)
{
	int64_t s = 0;
	unsigned i;

	for (i = first; i <= last; i++) {
		const struct cell *c = &r->req.rows[i].cells[REQ_COL_TOTAL];

		if (!report_req_row_used(r, (enum req_row)i))
			continue;
		if (!cell_usable(c) ||
		    __builtin_add_overflow(s, c->v.mant, &s)) {
			*bad = (enum req_row)i;
			return -1;
		}
	}
	*sum = s;
	return 0;
}

static int table_missing(struct vctx *v, const char *id, int found,
			 const char *table)
{
	if (found)
		return 0;
	vadd(v, VERDICT_WARN, id, 0, "cannot check: table %s not found", table);
	return 1;
}

#define T3 "三 (收到和处理政府信息公开申请情况)"
#define T4 "四 (行政复议、行政诉讼)"
#define T2 "二 (主动公开, 第二十条)"

/* ---- identity ---- */

static void rule_identity_kind(struct vctx *v, const char *id)
{
	const struct report *r = v->r;

	if (r->kind == REPORT_ANNUAL)
		vadd(v, VERDICT_PASS, id, 0, "an annual report");
	else if (r->kind == REPORT_LEGACY)
		vadd(v, VERDICT_WARN, id, 0,
		     "a report in neither the 2019 nor the 2021 template");
	else
		vadd(v, VERDICT_FAIL, id, 0, "not a report: %s",
		     r->why ? r->why : report_kind_name(r->kind));
}

static void rule_identity_title(struct vctx *v, const char *id)
{
	const struct identity *d = &v->r->id;

	if (d->title_line)
		vadd(v, VERDICT_PASS, id, d->title_line, "title found");
	else
		vadd(v, VERDICT_WARN, id, 0, "no title line");
}

static const char *source_words(enum ident_source s)
{
	switch (s) {
	case SOURCE_TITLE:
		return "from the title";
	case SOURCE_NAME:
		return "from the file name, not the text";
	case SOURCE_PERIOD:
		return "from the statistics period";
	case SOURCE_TEXT:
		return "the year most often named in the text";
	default:
		return "not found";
	}
}

static void rule_identity_agency(struct vctx *v, const char *id)
{
	const struct identity *d = &v->r->id;

	if (!d->agency || d->agency_src == SOURCE_NONE)
		vadd(v, VERDICT_WARN, id, 0, "agency not found");
	else
		vadd(v, d->agency_src == SOURCE_TITLE ? VERDICT_PASS
						       : VERDICT_WARN,
		     id, 0, "%s (%s)", d->agency,
		     source_words(d->agency_src));
}

static void rule_identity_year(struct vctx *v, const char *id)
{
	const struct identity *d = &v->r->id;

	if (!d->year || d->year_src == SOURCE_NONE)
		vadd(v, VERDICT_WARN, id, 0, "year not found");
	else
		vadd(v, d->year_src == SOURCE_TITLE ||
				d->year_src == SOURCE_PERIOD ? VERDICT_PASS
							     : VERDICT_WARN,
		     id, 0, "%d (%s)", d->year, source_words(d->year_src));
}

static void rule_identity_period(struct vctx *v, const char *id)
{
	const struct identity *d = &v->r->id;

	if (!d->period_year)
		vadd(v, VERDICT_INFO, id, 0,
		     "cannot check: no statistics period (统计期限) stated");
	else if (!d->title_year)
		vadd(v, VERDICT_INFO, id, 0,
		     "cannot check: statistics period %d, no year in the title",
		     d->period_year);
	else if (d->title_year == d->period_year)
		vadd(v, VERDICT_PASS, id, 0,
		     "title year %d = statistics period %d", d->title_year,
		     d->period_year);
	else
		vadd(v, VERDICT_FAIL, id, 0,
		     "title year %d ≠ statistics period %d", d->title_year,
		     d->period_year);
}

static void rule_identity_template(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	int y = r->id.year;

	if (r->tmpl == TEMPLATE_NONE) {
		vadd(v, VERDICT_WARN, id, 0, "template not identified");
	} else if (!y) {
		vadd(v, VERDICT_WARN, id, 0,
		     "cannot check: %s template, year unknown",
		     template_name(r->tmpl));
	} else if (r->tmpl == TEMPLATE_2019 && y >= 2021) {
		vadd(v, VERDICT_WARN, id, 0,
		     "a %d report on the 2019 template (the 2021 template applies from the 2021 reports)",
		     y);
	} else if (r->tmpl == TEMPLATE_2021 && y < 2021) {
		vadd(v, VERDICT_WARN, id, 0,
		     "a %d report on the 2021 template (issued for the 2021 reports)",
		     y);
	} else {
		vadd(v, VERDICT_PASS, id, 0, "%s template for a %d report",
		     template_name(r->tmpl), y);
	}
}

/* ---- structure ---- */

static void rule_structure_encoding(struct vctx *v, const char *id)
{
	if (v->r->encoding == ENCODING_GB18030)
		vadd(v, VERDICT_INFO, id, 0,
		     "text converted from GB18030 to UTF-8");
}

static void rule_structure_sections(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	unsigned i, found = 0;
	struct buf b;
	int err = 0;

	buf_init(&b, 4096);
	for (i = 0; i < SEC_COUNT && !err; i++) {
		const struct section *s = &r->sections[i];

		if (!s->found) {
			vadd(v, VERDICT_FAIL, id, 0, "%s%s missing",
			     sec_numerals[i], section_titles[i]);
			continue;
		}
		found++;
		b.len = 0;
		if (s->paren)
			err = buf_addf(&b, "numbered like a sub-heading, not %s",
				       sec_numerals[i]);
		else if (!s->numeral_ok)
			err = buf_addf(&b, "heading without its numeral %s",
				       sec_numerals[i]);
		if (!err && s->headings > 1)
			err = buf_addf(&b, "%sheading repeated (%u headings)",
				       b.len ? "; " : "", s->headings);
		if (!err && b.len)
			vadd(v, VERDICT_WARN, id, s->line, "%s%s: %s",
			     sec_numerals[i], section_titles[i], b.ptr);
		else if (!err)
			vadd(v, VERDICT_PASS, id, s->line, "%s%s",
			     sec_numerals[i], section_titles[i]);
	}
	buf_release(&b);
	if (err) {
		v->err = -ENOMEM;
		return;
	}
	if (found < 2)
		return;
	if (r->sections_in_order)
		vadd(v, VERDICT_PASS, id, 0, "sections in order");
	else
		vadd(v, VERDICT_WARN, id, 0, "sections out of order");
}

/* What is unsure in a cell: 0 nothing, 1 not found, 2 uncertain, 3 placed. */
static int cell_unsure(const struct cell *c)
{
	if (c->state == CELL_MISSING)
		return 1;
	if (c->flags & CELL_UNCERTAIN)
		return 2;
	if (c->flags & CELL_DEDUCED)
		return 3;
	return 0;
}

/*
 * Append what is unsure in cells [0, n) of a row to `b`, grouped: "自然人,
 * 总计 not found; all 7 cells placed by the parser (note)"; returns how
 * many cells were named.
 */
static unsigned row_cell_problems(struct buf *b, const struct cell *cells,
				  unsigned n, const char *const *cols,
				  int *err)
{
	static const char *const what[4] = { NULL, "not found", "uncertain",
					     "placed by the parser" };
	unsigned i, kind, k, j, named = 0;
	const char *note;

	for (kind = 1; kind <= 3 && !*err; kind++) {
		for (i = k = 0; i < n; i++)
			k += cell_unsure(&cells[i]) == (int)kind;
		if (!k)
			continue;
		if (named)
			*err = buf_adds(b, "; ");
		if (!*err && k == n && n > 1)
			*err = buf_addf(b, "all %u cells", n);
		for (i = j = 0; i < n && !*err && !(k == n && n > 1); i++)
			if (cell_unsure(&cells[i]) == (int)kind)
				*err = buf_addf(b, "%s%s", j++ ? ", " : "",
						cols[i]);
		if (!*err)
			*err = buf_addf(b, " %s", what[kind]);
		/* the parser's note once per distinct text */
		for (i = 0, note = NULL; i < n && !*err; i++) {
			const struct cell *c = &cells[i];

			if (cell_unsure(c) != (int)kind || !c->note ||
			    (note && !strcmp(note, c->note)))
				continue;
			note = c->note;
			*err = buf_addf(b, " (%s%s)",
					kind == 3 ? "" : "candidates: ",
					c->note);
		}
		named += k;
	}
	return named;
}

/* One WARN for a row with unsure cells; returns 1 when it warned. */
static int warn_row(struct vctx *v, const char *id, uint32_t line,
		    const char *name, const struct cell *cells, unsigned n,
		    const char *const *cols)
{
	struct buf b;
	unsigned named, missing = 0, i;
	int err = 0;

	for (i = 0; i < n; i++)
		if (cells[i].state == CELL_MISSING)
			missing++;
	if (!line && missing == n) {
		vadd(v, VERDICT_WARN, id, 0, "%s: row not found", name);
		return 1;
	}
	buf_init(&b, 1 << 16);
	named = row_cell_problems(&b, cells, n, cols, &err);
	if (err == -ENOMEM)
		v->err = err;
	else if (named)
		vadd(v, VERDICT_WARN, id, line, "%s: %s%s", name,
		     line ? "" : "row not in the text; ", b.ptr ? b.ptr : "");
	buf_release(&b);
	return named != 0;
}

static void rule_structure_tables(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	const struct pro_row_tmpl *pt = pro_rows(r->tmpl);
	char name[256];
	unsigned i, bad, rows;

	if (r->kind == REPORT_LEGACY && !r->pro.found && !r->req.found &&
	    !r->app.found) {
		vadd(v, VERDICT_WARN, id, 0,
		     "cannot check: not a 2019/2021-template report");
		return;
	}
	if (!r->pro.found) {
		vadd(v, VERDICT_FAIL, id, 0, "table " T2 " not found");
	} else {
		bad = rows = 0;
		for (i = 0; i < PRO_ROW_COUNT; i++) {
			if (!pt[i].ncols)
				continue;
			rows++;
			snprintf(name, sizeof(name), "二 %s %s", pt[i].clause,
				 pt[i].label);
			bad += warn_row(v, id, r->pro.rows[i].line, name,
					r->pro.rows[i].cells, pt[i].ncols,
					pt[i].cols);
		}
		if (!bad)
			vadd(v, VERDICT_PASS, id, 0,
			     "table 二: %u rows, every cell read", rows);
	}
	if (!r->req.found) {
		vadd(v, VERDICT_FAIL, id, 0, "table " T3 " not found");
	} else {
		bad = rows = 0;
		for (i = 0; i < REQ_ROW_COUNT; i++) {
			if (!report_req_row_used(r, (enum req_row)i))
				continue;
			rows++;
			snprintf(name, sizeof(name), "三 %s %s",
				 req_rows[i].code, req_rows[i].key);
			bad += warn_row(v, id, r->req.rows[i].line, name,
					r->req.rows[i].cells, REQ_COL_COUNT,
					req_cols);
		}
		if (!bad)
			vadd(v, VERDICT_PASS, id, 0,
			     "table 三: %u rows × %u columns, every cell read",
			     rows, (unsigned)REQ_COL_COUNT);
	}
	if (!r->app.found) {
		vadd(v, VERDICT_FAIL, id, 0, "table " T4 " not found");
	} else if (!warn_row(v, id, r->app.line, "四", r->app.cells,
			     APP_CELL_COUNT, app_cols)) {
		vadd(v, VERDICT_PASS, id, r->app.line,
		     "table 四: %u cells, every cell read",
		     (unsigned)APP_CELL_COUNT);
	}
}

/* ---- table arithmetic ---- */

static void rule_requests_balance(struct vctx *v, const char *id)
{
	static const enum req_row need[4] = { REQ_NEW, REQ_CARRIED, REQ_TOTAL,
					      REQ_CARRY_OVER };
	static const char *const names[4] = { "一", "二", "三(七)", "四" };
	const struct report *r = v->r;
	int64_t x[4], lhs, rhs;
	unsigned c, k;

	if (table_missing(v, id, r->req.found, T3))
		return;
	for (c = 0; c < REQ_COL_COUNT; c++) {
		const struct cell *bad = NULL;

		for (k = 0; k < 4 && !bad; k++) {
			const struct cell *ce = &r->req.rows[need[k]].cells[c];

			if (cell_usable(ce))
				x[k] = ce->v.mant;
			else
				bad = ce;
		}
		if (bad) {
			vadd(v, VERDICT_WARN, id, 0,
			     "%s: cannot check: %s %s", req_cols[c],
			     names[k - 1], cell_problem(bad));
			continue;
		}
		if (__builtin_add_overflow(x[0], x[1], &lhs) ||
		    __builtin_add_overflow(x[2], x[3], &rhs)) {
			vadd(v, VERDICT_WARN, id, 0,
			     "%s: cannot check: numbers too large",
			     req_cols[c]);
			continue;
		}
		vadd(v, lhs == rhs ? VERDICT_PASS : VERDICT_FAIL, id, 0,
		     "%s: 一 %" PRId64 " + 二 %" PRId64 " = %" PRId64
		     " %s 三(七) %" PRId64 " + 四 %" PRId64 " = %" PRId64,
		     req_cols[c], x[0], x[1], lhs, lhs == rhs ? "=" : "≠",
		     x[2], x[3], rhs);
	}
}

static void rule_requests_total(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	struct buf terms;
	unsigned c, i;
	int err = 0;

	if (table_missing(v, id, r->req.found, T3))
		return;
	buf_init(&terms, 1 << 16);
	for (c = 0; c < REQ_COL_COUNT && !err; c++) {
		const struct cell *tot = &r->req.rows[REQ_TOTAL].cells[c];
		const struct cell *bad = NULL;
		unsigned bad_row = 0;
		int64_t sum = 0;

		terms.len = 0;
		if (terms.ptr)
			terms.ptr[0] = '\0';
		for (i = REQ_PUBLIC; i <= REQ_OTHER_3 && !bad && !err; i++) {
			const struct cell *ce = &r->req.rows[i].cells[c];

			if (!report_req_row_used(r, (enum req_row)i))
				continue;
			if (!cell_usable(ce) ||
			    __builtin_add_overflow(sum, ce->v.mant, &sum)) {
				bad = ce;
				bad_row = i;
			} else if (ce->v.mant) {
				err = buf_addf(&terms, "%s%s: %" PRId64,
					       terms.len ? ", " : "",
					       req_rows[i].code, ce->v.mant);
			}
		}
		if (err)
			break;
		if (bad) {
			vadd(v, VERDICT_WARN, id, 0,
			     "%s: cannot check: %s %s %s", req_cols[c],
			     req_rows[bad_row].code, req_rows[bad_row].key,
			     cell_problem(bad));
			continue;
		}
		if (!cell_usable(tot)) {
			vadd(v, VERDICT_WARN, id, 0,
			     "%s: cannot check: (七)总计 %s", req_cols[c],
			     cell_problem(tot));
			continue;
		}
		vadd(v, tot->v.mant == sum ? VERDICT_PASS : VERDICT_FAIL, id,
		     0,
		     "%s: (七)总计 %" PRId64 " %s %" PRId64
		     ", the sum of the result rows (%s)",
		     req_cols[c], tot->v.mant, tot->v.mant == sum ? "=" : "≠",
		     sum, terms.len ? terms.ptr : "all 0");
	}
	if (err)
		v->err = -ENOMEM;
	buf_release(&terms);
}

static void rule_requests_row_sum(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	unsigned i, c;

	if (table_missing(v, id, r->req.found, T3))
		return;
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		const struct row *row = &r->req.rows[i];
		const struct cell *bad = NULL;
		int64_t x[REQ_COL_COUNT], sum = 0;
		unsigned bad_col = 0;

		if (!report_req_row_used(r, (enum req_row)i))
			continue;
		for (c = 0; c < REQ_COL_COUNT && !bad; c++) {
			if (!cell_usable(&row->cells[c]) ||
			    (c < REQ_COL_TOTAL &&
			     __builtin_add_overflow(sum, row->cells[c].v.mant,
						    &sum))) {
				bad = &row->cells[c];
				bad_col = c;
			} else {
				x[c] = row->cells[c].v.mant;
			}
		}
		if (bad) {
			vadd(v, VERDICT_WARN, id, row->line,
			     "%s %s: cannot check: %s %s", req_rows[i].code,
			     req_rows[i].key, req_cols[bad_col],
			     cell_problem(bad));
			continue;
		}
		vadd(v, sum == x[REQ_COL_TOTAL] ? VERDICT_PASS : VERDICT_FAIL,
		     id, row->line,
		     "%s %s: %" PRId64 " + %" PRId64 " + %" PRId64
		     " + %" PRId64 " + %" PRId64 " + %" PRId64 " = %" PRId64
		     " %s 总计 %" PRId64,
		     req_rows[i].code, req_rows[i].key, x[0], x[1], x[2], x[3],
		     x[4], x[5], sum, sum == x[REQ_COL_TOTAL] ? "=" : "≠",
		     x[REQ_COL_TOTAL]);
	}
}

static void rule_appeals_sum(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	unsigned g, k;

	if (table_missing(v, id, r->app.found, T4))
		return;
	for (g = 0; g < 3; g++) {
		const struct cell *cells = &r->app.cells[g * 5];
		const struct cell *bad = NULL;
		int64_t x[5], sum = 0;
		unsigned bad_k = 0;

		for (k = 0; k < 5 && !bad; k++) {
			if (!cell_usable(&cells[k]) ||
			    (k < 4 && __builtin_add_overflow(sum,
							     cells[k].v.mant,
							     &sum))) {
				bad = &cells[k];
				bad_k = k;
			} else {
				x[k] = cells[k].v.mant;
			}
		}
		if (bad) {
			vadd(v, VERDICT_WARN, id, r->app.line,
			     "%s: cannot check: %s %s", app_groups[g],
			     bad_k < 4 ? app_parts[bad_k] : "总计",
			     cell_problem(bad));
			continue;
		}
		vadd(v, sum == x[4] ? VERDICT_PASS : VERDICT_FAIL, id,
		     r->app.line,
		     "%s: 维持 %" PRId64 " + 纠正 %" PRId64 " + 其他 %" PRId64
		     " + 尚未审结 %" PRId64 " = %" PRId64 " %s 总计 %" PRId64,
		     app_groups[g], x[0], x[1], x[2], x[3], sum,
		     sum == x[4] ? "=" : "≠", x[4]);
	}
}

/* ---- values ---- */

/* FAIL a number the template's column cannot hold; returns 1 if it did. */
static int check_number(struct vctx *v, const char *id, const char *table,
			const char *row, const char *col,
			const struct cell *c, enum pro_kind kind)
{
	char num[48];
	const char *why = NULL;

	if (c->state != CELL_VALUE || (c->flags & CELL_UNCERTAIN))
		return 0;
	if (kind != PRO_AMOUNT && c->v.scale)
		why = "not a whole number";
	else if (kind != PRO_DELTA && c->v.mant < 0)
		why = "negative";
	if (!why)
		return 0;
	num_format(c->v, num, sizeof(num));
	vadd(v, VERDICT_FAIL, id, c->line, "%s %s/%s: %s is %s", table, row,
	     col, num, why);
	return 1;
}

static void rule_values_numbers(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	const struct pro_row_tmpl *pt = pro_rows(r->tmpl);
	unsigned i, c, bad = 0, n = 0;
	char name[256];

	if (r->pro.found) {
		for (i = 0; i < PRO_ROW_COUNT; i++) {
			snprintf(name, sizeof(name), "%s %s", pt[i].clause,
				 pt[i].label);
			for (c = 0; c < pt[i].ncols; c++, n++)
				bad += check_number(v, id, "二", name,
						    pt[i].cols[c],
						    &r->pro.rows[i].cells[c],
						    pt[i].kinds[c]);
		}
	}
	if (r->req.found) {
		for (i = 0; i < REQ_ROW_COUNT; i++) {
			if (!report_req_row_used(r, (enum req_row)i))
				continue;
			snprintf(name, sizeof(name), "%s %s", req_rows[i].code,
				 req_rows[i].key);
			for (c = 0; c < REQ_COL_COUNT; c++, n++)
				bad += check_number(v, id, "三", name,
						    req_cols[c],
						    &r->req.rows[i].cells[c],
						    PRO_COUNT);
		}
	}
	if (r->app.found) {
		for (c = 0; c < APP_CELL_COUNT; c++, n++)
			bad += check_number(v, id, "四", "", app_cols[c],
					    &r->app.cells[c], PRO_COUNT);
	}
	if (!n)
		vadd(v, VERDICT_WARN, id, 0, "cannot check: no tables found");
	else if (!bad)
		vadd(v, VERDICT_PASS, id, 0,
		     "%u cells: counts are whole numbers ≥ 0, amounts ≥ 0", n);
}

static void rule_values_blank(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	struct buf rows, cols;
	unsigned i, c, total = 0, nrows = 0, inrow;
	int err = 0;

	if (!r->req.found && !r->app.found) {
		vadd(v, VERDICT_WARN, id, 0,
		     "cannot check: tables 三 and 四 not found");
		return;
	}
	buf_init(&rows, 1 << 16);
	buf_init(&cols, 1 << 16);
	/* count first: a few blanks warn per row, many fail once */
	for (i = 0; r->req.found && i < REQ_ROW_COUNT; i++)
		for (c = 0; c < REQ_COL_COUNT; c++)
			if (report_req_row_used(r, (enum req_row)i) &&
			    r->req.rows[i].cells[c].state == CELL_EMPTY)
				total++;
	for (c = 0; r->app.found && c < APP_CELL_COUNT; c++)
		if (r->app.cells[c].state == CELL_EMPTY)
			total++;
	for (i = 0; r->req.found && i < REQ_ROW_COUNT && !err; i++) {
		if (!report_req_row_used(r, (enum req_row)i))
			continue;
		cols.len = 0;
		inrow = 0;
		for (c = 0; c < REQ_COL_COUNT && !err; c++) {
			if (r->req.rows[i].cells[c].state != CELL_EMPTY)
				continue;
			err = buf_addf(&cols, "%s%s", inrow ? ", " : "",
				       req_cols[c]);
			inrow++;
		}
		if (!inrow || err)
			continue;
		nrows++;
		if (total >= MANY_BLANK_CELLS)
			err = buf_addf(&rows, "%s%s", rows.len ? ", " : "",
				       req_rows[i].code);
		else
			vadd(v, VERDICT_WARN, id, r->req.rows[i].line,
			     "三 %s %s: %s blank", req_rows[i].code,
			     req_rows[i].key, cols.ptr);
	}
	if (r->app.found && !err) {
		cols.len = 0;
		inrow = 0;
		for (c = 0; c < APP_CELL_COUNT && !err; c++) {
			if (r->app.cells[c].state != CELL_EMPTY)
				continue;
			err = buf_addf(&cols, "%s%s", inrow ? ", " : "",
				       app_cols[c]);
			inrow++;
		}
		if (inrow && !err) {
			nrows++;
			if (total >= MANY_BLANK_CELLS)
				err = buf_addf(&rows, "%s四", rows.len ? ", " : "");
			else
				vadd(v, VERDICT_WARN, id, r->app.line,
				     "四: %s blank", cols.ptr);
		}
	}
	if (err)
		v->err = -ENOMEM;
	else if (total >= MANY_BLANK_CELLS)
		vadd(v, VERDICT_FAIL, id, 0,
		     "%u blank cells (\"\", \"/\", \"-\", \"无\") in %u rows of tables 三 and 四: %s",
		     total, nrows, rows.ptr ? rows.ptr : "");
	else if (!total)
		vadd(v, VERDICT_PASS, id, 0,
		     "no blank cells in tables 三 and 四");
	buf_release(&rows);
	buf_release(&cols);
}

static void rule_values_unit(struct vctx *v, const char *id)
{
	const char *u = v->r->pro.fee_unit;
	struct buf k;
	int err;

	if (!u) {
		vadd(v, VERDICT_PASS, id, 0,
		     "no unit written for amounts: 万元, the template's");
		return;
	}
	buf_init(&k, 4096);
	err = key_normalise(u, strlen(u), &k);
	if (err == -ENOMEM)
		v->err = err;
	else if (!err && k.ptr && !strcmp(k.ptr, "万元"))
		vadd(v, VERDICT_PASS, id, 0, "amounts in 万元");
	else
		vadd(v, VERDICT_WARN, id, 0, "amounts in %s, not 万元", u);
	buf_release(&k);
}

/* Drop trailing punctuation from a key body (in place). */
static size_t key_trim(const char *s)
{
	static const char *const tails[] = { "。", ".", ",", ";", "!", "、",
					     ":" };
	size_t len = strlen(s), i, t;
	int again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < ARRAY_SIZE(tails); i++) {
			t = strlen(tails[i]);
			if (len >= t && !memcmp(s + len - t, tails[i], t)) {
				len -= t;
				again = 1;
			}
		}
	}
	return len;
}

static size_t count_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int has(const char *s, size_t len, const char *w)
{
	return mem_find(s, len, w, strlen(w)) != NULL;
}

static void rule_values_problems(struct vctx *v, const char *id)
{
	const char *b;
	size_t len;

	if (!v->r->sections[SEC_PROBLEMS].found) {
		vadd(v, VERDICT_WARN, id, 0,
		     "cannot check: section 五 not found");
		return;
	}
	b = section_key_body(v, SEC_PROBLEMS);
	if (!b)
		return;
	len = key_trim(b);
	if (!len)
		vadd(v, VERDICT_WARN, id, v->r->sections[SEC_PROBLEMS].line,
		     "section 五 (存在的主要问题及改进情况) is empty");
	else if (count_cps(b, len) <= 12 &&
		 (has(b, len, "无") || has(b, len, "没有")))
		vadd(v, VERDICT_WARN, id, v->r->sections[SEC_PROBLEMS].line,
		     "section 五 (存在的主要问题及改进情况) says only \"%.*s\"",
		     (int)len, b);
	else
		vadd(v, VERDICT_PASS, id, v->r->sections[SEC_PROBLEMS].line,
		     "section 五 states problems (%zu characters)",
		     count_cps(b, len));
}

/* "无", "无其他需要报告的事项。", "2021年，无收取信息处理费情况。" */
static int says_nil(const char *b)
{
	size_t len = key_trim(b);

	return len && count_cps(b, len) <= 40 &&
	       (has(b, len, "无") || has(b, len, "没有") ||
		has(b, len, "未"));
}

static void rule_values_fees(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	const struct cell *c = &r->req.rows[REQ_OTHER_2].cells[REQ_COL_TOTAL];
	const char *b;
	char num[48];
	size_t i;
	int evidence = 0;

	if (!r->sections[SEC_OTHER].found) {
		vadd(v, VERDICT_WARN, id, 0,
		     "cannot check: section 六 not found");
		return;
	}
	b = section_key_body(v, SEC_OTHER);
	if (!b)
		return;
	if (!says_nil(b)) {
		vadd(v, VERDICT_PASS, id, r->sections[SEC_OTHER].line,
		     "section 六 does not say 无");
		return;
	}
	if (r->req.found && r->req.other_split && cell_usable(c) &&
	    c->v.mant > 0) {
		num_format(c->v, num, sizeof(num));
		vadd(v, VERDICT_WARN, id, r->req.rows[REQ_OTHER_2].line,
		     "section 六 says \"%.*s\" but 三 3.6.2 (逾期未按收费通知要求缴纳费用) is %s",
		     (int)key_trim(b), b, num);
		evidence = 1;
	}
	for (i = 0; i < v->nclaims; i++) {
		const struct claim *cl = &v->claims[i];

		if (cl->kind != CLAIM_FEE || cl->in_other)
			continue;
		vadd(v, VERDICT_WARN, id, cl->line,
		     "section 六 says \"%.*s\" but the text says \"%s\"",
		     (int)key_trim(b), b, cl->quote);
		evidence = 1;
	}
	if (!evidence)
		vadd(v, VERDICT_PASS, id, r->sections[SEC_OTHER].line,
		     "section 六 says \"%.*s\"; no fees reported elsewhere",
		     (int)key_trim(b), b);
}

/* ---- the rule table ---- */

struct rule {
	const char *id;
	void (*run)(struct vctx *v, const char *id);
};

static const struct rule rules[] = {
	{ "identity.kind", rule_identity_kind },
	{ "identity.title", rule_identity_title },
	{ "identity.agency", rule_identity_agency },
	{ "identity.year", rule_identity_year },
	{ "identity.period", rule_identity_period },
	{ "identity.template", rule_identity_template },
	{ "structure.encoding", rule_structure_encoding },
	{ "structure.sections", rule_structure_sections },
	{ "structure.tables", rule_structure_tables },
	{ "requests.balance", rule_requests_balance },
	{ "requests.total", rule_requests_total },
	{ "requests.row_sum", rule_requests_row_sum },
	{ "appeals.sum", rule_appeals_sum },
	{ "values.numbers", rule_values_numbers },
	{ "values.blank", rule_values_blank },
	{ "values.unit", rule_values_unit },
	{ "values.problems", rule_values_problems },
	{ "values.fees", rule_values_fees },
	{ "narrative.received", rule_narrative_received },
	{ "narrative.new", rule_narrative_new },
	{ "narrative.carried", rule_narrative_carried },
	{ "narrative.carry_over", rule_narrative_carry_over },
	{ "narrative.completed", rule_narrative_completed },
	{ "narrative.results", rule_narrative_results },
	{ "narrative.review", rule_narrative_review },
	{ "narrative.litigation", rule_narrative_litigation },
	{ "narrative.upheld", rule_narrative_upheld },
};

const char *validate_rule_id(size_t i)
{
	return i < ARRAY_SIZE(rules) ? rules[i].id : NULL;
}

/* Where each parser note is listed, and as what. */
static const struct {
	const char *rule;
	enum verdict vd;
} diag_rules[DIAG_COUNT] = {
	[DIAG_ENCODING] = { "structure.encoding", VERDICT_INFO },
	[DIAG_NO_TITLE] = { "identity.title", VERDICT_INFO },
	[DIAG_HEADING] = { "structure.sections", VERDICT_INFO },
	[DIAG_LABEL] = { "structure.tables", VERDICT_INFO },
	[DIAG_ROW_MISSING] = { "structure.tables", VERDICT_INFO },
	[DIAG_CELLS] = { "structure.tables", VERDICT_INFO },
	[DIAG_UNCERTAIN] = { "structure.tables", VERDICT_INFO },
	[DIAG_CELL_TEXT] = { "values.blank", VERDICT_INFO },
	[DIAG_UNIT] = { "values.unit", VERDICT_INFO },
	[DIAG_TEMPLATE] = { "identity.template", VERDICT_WARN },
};

static void add_diags(struct vctx *v, const char *id)
{
	const struct report *r = v->r;
	size_t i, shown = 0, more = 0;

	for (i = 0; i < r->ndiags; i++) {
		const struct diag *d = &r->diags[i];

		if ((unsigned)d->code >= DIAG_COUNT ||
		    !diag_rules[d->code].rule ||
		    strcmp(diag_rules[d->code].rule, id))
			continue;
		if (shown == MAX_DIAGS_PER_RULE) {
			more++;
			continue;
		}
		shown++;
		vadd(v, diag_rules[d->code].vd, id, d->line, "parser: %s",
		     d->message ? d->message : diag_code_name(d->code));
	}
	if (more)
		vadd(v, VERDICT_INFO, id, 0, "parser: %zu more notes not shown",
		     more);
}

int validate_report(const struct report *r, struct check_list **out)
{
	struct check_list *cl;
	struct vctx v;
	size_t i;
	int err;

	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return -ENOMEM;
	arena_init(&cl->arena);
	memset(&v, 0, sizeof(v));
	v.r = r;
	v.cl = cl;
	if (r->kind == REPORT_NOT_TEXT || r->kind == REPORT_NOT_REPORT) {
		rule_identity_kind(&v, rules[0].id);
		goto out_done;
	}
	err = narrative_scan(&v);
	if (err)
		goto out_free_list;
	for (i = 0; i < ARRAY_SIZE(rules) && !v.err; i++) {
		rules[i].run(&v, rules[i].id);
		add_diags(&v, rules[i].id);
	}
out_done:
	err = v.err;
	if (err)
		goto out_free_list;
	free(v.claims);
	*out = cl;
	return 0;

out_free_list:
	free(v.claims);
	check_list_free(cl);
	return err;
}
