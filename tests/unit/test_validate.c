/* SPDX-License-Identifier: MIT */
/*
 * test_validate.c - one synthetic report per rule that breaks exactly that
 * rule: a clean report text is generated from a fixture, one thing in it
 * is changed, and the test asserts that rule's verdict and that the other
 * arithmetic rules still PASS.  Hand-built models cover what text cannot
 * say precisely (uncertain cells, non-reports).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "buf.h"
#include "report.h"
#include "validate.h"

#define NONE (-1) /* worst_verdict(): the rule added no line */

/* ---- the fixture: a clean report, as text ---- */

struct fixture {
	int tmpl;                            /* 2019 or 2021 */
	int title_year;                      /* 0: a title without a year */
	int no_title;
	int period;                          /* 0: no 统计期限 sentence */
	int req[REQ_ROW_COUNT][REQ_COL_COUNT];
	const char *req_text[REQ_ROW_COUNT]; /* a row's cells as written */
	int app[APP_CELL_COUNT];
	const char *app_text;
	const char *license;                 /* 行政许可 cells */
	const char *unit;                    /* amount unit in the header */
	const char *overview;                /* added to section 一 */
	const char *requests;                /* added after table 三 */
	const char *problems;
	const char *other;
	const char *heading[SEC_COUNT];      /* replaces a heading line */
	int omit[SEC_COUNT];                 /* leave a section out */
	int repeat[SEC_COUNT];               /* write its heading twice */
};

/*
 * Balanced: 一 9 + 二 1 = (七) 9 + 四 1, (七) = 5 + 1 + 2 + 1 in 总计,
 * every row's parties add up to its 总计.
 */
static void fixture_init(struct fixture *f, int tmpl)
{
	static const int rows[][REQ_COL_COUNT + 1] = {
		{ REQ_NEW, 8, 1, 0, 0, 0, 0, 9 },
		{ REQ_CARRIED, 1, 0, 0, 0, 0, 0, 1 },
		{ REQ_PUBLIC, 4, 1, 0, 0, 0, 0, 5 },
		{ REQ_PARTIAL, 1, 0, 0, 0, 0, 0, 1 },
		{ REQ_NOINFO_1, 2, 0, 0, 0, 0, 0, 2 },
		{ REQ_REFUSE_1, 1, 0, 0, 0, 0, 0, 1 },
		{ REQ_TOTAL, 8, 1, 0, 0, 0, 0, 9 },
		{ REQ_CARRY_OVER, 1, 0, 0, 0, 0, 0, 1 },
	};
	static const int app[APP_CELL_COUNT] = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1,
						 0, 0, 0, 0, 0 };
	size_t i;
	int c;

	memset(f, 0, sizeof(*f));
	f->tmpl = tmpl;
	f->title_year = tmpl == 2021 ? 2021 : 2020;
	f->period = f->title_year;
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		for (c = 0; c < REQ_COL_COUNT; c++)
			f->req[rows[i][0]][c] = rows[i][c + 1];
	memcpy(f->app, app, sizeof(app));
	f->unit = "万元";
	f->problems = "一是公开内容还不够全面；二是政策解读形式较少。下一步将加强培训，完善制度，提升公开质量。";
	f->other = "本年度未收取信息处理费。";
}

static const char *const headings[SEC_COUNT] = {
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
};

static void add(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	assert_int_equal(buf_vaddf(b, fmt, ap), 0);
	va_end(ap);
}

static void add_heading(struct buf *b, const struct fixture *f, int s)
{
	const char *h = f->heading[s] ? f->heading[s] : headings[s];

	add(b, "\n%s\n\n", h);
	if (f->repeat[s])
		add(b, "%s\n\n", h);
}

static void add_proactive(struct buf *b, const struct fixture *f)
{
	const char *lic = f->license;

	if (f->tmpl == 2019) {
		add(b, "第二十条第（一）项\n"
		       "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
		       "规章\t0\t0\t0\n规范性文件\t2\t2\t10\n"
		       "第二十条第（五）项\n"
		       "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
		       "行政许可\t%s\n其他对外管理服务事项\t0\t0\t0\n"
		       "第二十条第（六）项\n"
		       "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
		       "行政处罚\t5\t-1\t3\n行政强制\t0\t0\t0\n"
		       "第二十条第（八）项\n"
		       "信息内容\t上一年项目数量\t本年增/减\n"
		       "行政事业性收费\t2\t0\n"
		       "第二十条第（九）项\n"
		       "信息内容\t采购项目数量\t采购总金额（单位：%s）\n"
		       "政府集中采购\t3\t12.5\n",
		    lic ? lic : "12\t-2\t30", f->unit);
		return;
	}
	add(b, "第二十条第（一）项\n"
	       "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
	       "规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n"
	       "第二十条第（五）项\n"
	       "信息内容\t本年处理决定数量\n"
	       "行政许可\t%s\n"
	       "第二十条第（六）项\n"
	       "信息内容\t本年处理决定数量\n"
	       "行政处罚\t3\n行政强制\t0\n"
	       "第二十条第（八）项\n"
	       "信息内容\t本年收费金额（单位：%s）\n"
	       "行政事业性收费\t1.5\n",
	    lic ? lic : "30", f->unit);
}

static int row_in_layout(const struct fixture *f, int i)
{
	if (i == REQ_OTHER)
		return f->tmpl == 2019;
	if (i >= REQ_OTHER_1 && i <= REQ_OTHER_3)
		return f->tmpl == 2021;
	return 1;
}

static void add_requests(struct buf *b, const struct fixture *f)
{
	const char *prev_group = NULL;
	int i, c;

	add(b, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\n"
	       "\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
	       "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n");
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		const struct req_row_tmpl *t = &req_rows[i];

		if (!row_in_layout(f, i))
			continue;
		if (i == REQ_PUBLIC)
			add(b, "三、本年度办理结果\t%s\t", t->label);
		else if (i == REQ_OTHER)
			add(b, "\t（六）其他处理\t");
		else if (t->numeral && t->group != prev_group)
			add(b, "\t%s\t%s\t", t->group, t->label);
		else if (t->numeral)
			add(b, "\t\t%s\t", t->label);
		else if (i == REQ_PARTIAL)
			add(b, "\t%s\t", t->label);
		else
			add(b, "%s\t\t", t->label);
		prev_group = t->numeral ? t->group : NULL;
		if (f->req_text[i]) {
			add(b, "%s\n", f->req_text[i]);
			continue;
		}
		for (c = 0; c < REQ_COL_COUNT; c++)
			add(b, "%d%s", f->req[i][c],
			    c + 1 < REQ_COL_COUNT ? "\t" : "\n");
	}
}

static void add_appeals(struct buf *b, const struct fixture *f)
{
	int c;

	add(b, "行政复议\t\t\t\t\t行政诉讼\n"
	       "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
	       "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n");
	if (f->app_text) {
		add(b, "%s\n", f->app_text);
		return;
	}
	for (c = 0; c < APP_CELL_COUNT; c++)
		add(b, "%d%s", f->app[c], c + 1 < APP_CELL_COUNT ? "\t" : "\n");
}

static char *fixture_text(const struct fixture *f)
{
	struct buf b;
	size_t len;

	buf_init(&b, 1 << 20);
	if (!f->no_title && f->title_year)
		add(&b, "测试市测试局%d年政府信息公开工作年度报告\n",
		    f->title_year);
	else if (!f->no_title)
		add(&b, "测试市测试局政府信息公开工作年度报告\n");
	if (!f->omit[SEC_OVERVIEW]) {
		add_heading(&b, f, SEC_OVERVIEW);
		if (f->period)
			add(&b, "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。",
			    f->period, f->period);
		add(&b, "本机关认真贯彻《条例》，推进政务公开。%s\n",
		    f->overview ? f->overview : "");
	}
	if (!f->omit[SEC_PROACTIVE]) {
		add_heading(&b, f, SEC_PROACTIVE);
		add_proactive(&b, f);
	}
	if (!f->omit[SEC_REQUESTS]) {
		add_heading(&b, f, SEC_REQUESTS);
		add_requests(&b, f);
		if (f->requests)
			add(&b, "\n%s\n", f->requests);
	}
	if (!f->omit[SEC_APPEALS]) {
		add_heading(&b, f, SEC_APPEALS);
		add_appeals(&b, f);
	}
	if (!f->omit[SEC_PROBLEMS]) {
		add_heading(&b, f, SEC_PROBLEMS);
		add(&b, "%s\n", f->problems);
	}
	if (!f->omit[SEC_OTHER]) {
		add_heading(&b, f, SEC_OTHER);
		add(&b, "%s\n", f->other);
	}
	return buf_detach(&b, &len);
}

/* ---- running the rules ---- */

struct run {
	struct report *r;
	struct check_list *cl;
	char *text;
};

static void run_model(struct run *x, struct report *r)
{
	x->r = r;
	assert_int_equal(validate_report(r, &x->cl), 0);
	assert_non_null(x->cl);
}

static void run_fixture(struct run *x, const struct fixture *f)
{
	struct report *r = NULL;

	x->text = fixture_text(f);
	assert_int_equal(report_parse(x->text, strlen(x->text), "测试.txt", &r),
			 0);
	assert_non_null(r);
	run_model(x, r);
}

static void run_release(struct run *x)
{
	check_list_free(x->cl);
	report_free(x->r);
	free(x->text);
	memset(x, 0, sizeof(*x));
}

/* Print the list: cmocka shows it when an assertion fails. */
static void dump(const struct check_list *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		print_message("# %s %s %s\n", verdict_name(cl->v[i].verdict),
			      cl->v[i].rule, cl->v[i].message);
}

/* Worst counted verdict among the rule's lines (INFO counts as PASS). */
static int worst(const struct check_list *cl, const char *rule)
{
	int w = NONE;
	size_t i;

	for (i = 0; i < cl->n; i++) {
		int v = (int)cl->v[i].verdict;

		if (strcmp(cl->v[i].rule, rule))
			continue;
		if (v == VERDICT_INFO)
			v = VERDICT_PASS;
		if (v > w)
			w = v;
	}
	return w;
}

static unsigned count(const struct check_list *cl, const char *rule,
		      enum verdict v)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < cl->n; i++)
		n += !strcmp(cl->v[i].rule, rule) && cl->v[i].verdict == v;
	return n;
}

/* The line of `rule` with verdict v whose message contains `part`. */
static int has_line(const struct check_list *cl, const char *rule,
		    enum verdict v, const char *part)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		if (!strcmp(cl->v[i].rule, rule) && cl->v[i].verdict == v &&
		    strstr(cl->v[i].message, part))
			return 1;
	return 0;
}

static void expect(const struct check_list *cl, const char *rule, int v)
{
	if (worst(cl, rule) != v) {
		dump(cl);
		print_message("# %s: expected %s\n", rule,
			      v == NONE ? "no line" : verdict_name(v));
	}
	assert_int_equal(worst(cl, rule), v);
}

static const char *const arithmetic[] = {
	"requests.balance", "requests.total", "requests.row_sum", "appeals.sum",
};

/* Every arithmetic rule but `except` passes. */
static void others_pass(const struct check_list *cl, const char *except)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arithmetic); i++)
		if (!except || strcmp(arithmetic[i], except))
			expect(cl, arithmetic[i], VERDICT_PASS);
}

/* ---- the clean reports ---- */

static void clean(int tmpl)
{
	struct fixture f;
	struct run x;

	fixture_init(&f, tmpl);
	f.overview = "本年度共收到政府信息公开申请9件，办结9件，1件结转下年度继续办理。";
	run_fixture(&x, &f);
	if (check_list_status(x.cl) != 0)
		dump(x.cl);
	assert_int_equal(check_list_status(x.cl), 0);
	others_pass(x.cl, NULL);
	assert_int_equal(count(x.cl, "requests.balance", VERDICT_PASS), 7);
	assert_int_equal(count(x.cl, "requests.total", VERDICT_PASS), 7);
	assert_int_equal(count(x.cl, "requests.row_sum", VERDICT_PASS),
			 tmpl == 2021 ? 25 : 23);
	assert_int_equal(count(x.cl, "appeals.sum", VERDICT_PASS), 3);
	expect(x.cl, "narrative.received", VERDICT_PASS);
	expect(x.cl, "narrative.completed", VERDICT_PASS);
	expect(x.cl, "narrative.carry_over", VERDICT_PASS);
	run_release(&x);
}

static void test_validate_clean_2019(void **state)
{
	(void)state;
	clean(2019);
}

static void test_validate_clean_2021(void **state)
{
	(void)state;
	clean(2021);
}

/* ---- requests.*, appeals.sum ---- */

static void test_validate_requests_balance(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	/* 二 1 -> 2, the row still adds up */
	f.req[REQ_CARRIED][REQ_COL_PERSON] = 2;
	f.req[REQ_CARRIED][REQ_COL_TOTAL] = 2;
	run_fixture(&x, &f);
	expect(x.cl, "requests.balance", VERDICT_FAIL);
	assert_int_equal(count(x.cl, "requests.balance", VERDICT_FAIL), 2);
	assert_true(has_line(x.cl, "requests.balance", VERDICT_FAIL,
			     "自然人: 一 8 + 二 2 = 10 ≠ 三(七) 8 + 四 1 = 9"));
	assert_true(has_line(x.cl, "requests.balance", VERDICT_FAIL, "总计:"));
	others_pass(x.cl, "requests.balance");
	run_release(&x);
}

static void test_validate_requests_total(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2019);
	f.req[REQ_PUBLIC][REQ_COL_PERSON] = 5; /* (一) grows, (七) does not */
	f.req[REQ_PUBLIC][REQ_COL_TOTAL] = 6;
	run_fixture(&x, &f);
	expect(x.cl, "requests.total", VERDICT_FAIL);
	assert_int_equal(count(x.cl, "requests.total", VERDICT_FAIL), 2);
	assert_true(has_line(x.cl, "requests.total", VERDICT_FAIL,
			     "自然人: (七)总计 8 ≠ 9"));
	others_pass(x.cl, "requests.total");
	run_release(&x);
}

static void test_validate_requests_total_2021_subrows(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.req[REQ_OTHER_3][REQ_COL_BUSINESS] = 1; /* (六)3 not in (七) */
	f.req[REQ_OTHER_3][REQ_COL_TOTAL] = 1;
	run_fixture(&x, &f);
	expect(x.cl, "requests.total", VERDICT_FAIL);
	assert_true(has_line(x.cl, "requests.total", VERDICT_FAIL, "3.6.3: 1"));
	others_pass(x.cl, "requests.total");
	run_release(&x);
}

static void test_validate_requests_row_sum(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	/* one 自然人 moves from (二) to (一): columns still add up */
	f.req[REQ_PUBLIC][REQ_COL_PERSON] = 5;
	f.req[REQ_PARTIAL][REQ_COL_PERSON] = 0;
	run_fixture(&x, &f);
	expect(x.cl, "requests.row_sum", VERDICT_FAIL);
	assert_int_equal(count(x.cl, "requests.row_sum", VERDICT_FAIL), 2);
	assert_true(has_line(x.cl, "requests.row_sum", VERDICT_FAIL,
			     "3.1 予以公开: 5 + 1 + 0 + 0 + 0 + 0 = 6 ≠ 总计 5"));
	others_pass(x.cl, "requests.row_sum");
	run_release(&x);
}

static void test_validate_appeals_sum(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.app[APP_REVIEW_UPHELD] = 2; /* 2 + 0 + 0 + 0 ≠ 1 */
	run_fixture(&x, &f);
	expect(x.cl, "appeals.sum", VERDICT_FAIL);
	assert_true(has_line(x.cl, "appeals.sum", VERDICT_FAIL,
			     "行政复议: 维持 2 + 纠正 0 + 其他 0 + 尚未审结 0 = 2 ≠ 总计 1"));
	assert_int_equal(count(x.cl, "appeals.sum", VERDICT_PASS), 2);
	others_pass(x.cl, "appeals.sum");
	run_release(&x);
}

/* ---- structure.* ---- */

static void test_validate_structure_section_missing(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.omit[SEC_PROBLEMS] = 1;
	run_fixture(&x, &f);
	expect(x.cl, "structure.sections", VERDICT_FAIL);
	assert_true(has_line(x.cl, "structure.sections", VERDICT_FAIL,
			     "五、存在的主要问题及改进情况 missing"));
	expect(x.cl, "values.problems", VERDICT_WARN); /* cannot check */
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_structure_section_numeral(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.heading[SEC_APPEALS] = "、政府信息公开行政复议、行政诉讼情况";
	f.repeat[SEC_OVERVIEW] = 1;
	run_fixture(&x, &f);
	expect(x.cl, "structure.sections", VERDICT_WARN);
	assert_int_equal(count(x.cl, "structure.sections", VERDICT_WARN), 2);
	assert_true(has_line(x.cl, "structure.sections", VERDICT_WARN,
			     "heading without its numeral 四、"));
	assert_true(has_line(x.cl, "structure.sections", VERDICT_WARN,
			     "heading repeated (2 headings)"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_structure_tables_shifted(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	/* 3.4.1 lost a cell: "2 0 0 0 0 2" for 7 columns */
	f.req_text[REQ_NOINFO_1] = "2\t0\t0\t0\t0\t2";
	run_fixture(&x, &f);
	expect(x.cl, "structure.tables", VERDICT_WARN);
	assert_true(has_line(x.cl, "structure.tables", VERDICT_WARN,
			     "三 3.4.1 本机关不掌握相关政府信息:"));
	assert_int_equal(count(x.cl, "structure.tables", VERDICT_WARN), 1);
	/* the only reading that adds up is used: the sums still pass */
	others_pass(x.cl, NULL);
	run_release(&x);
}

/* ---- identity.* ---- */

static void test_validate_identity_template(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2019);
	f.title_year = 2021; /* a 2021 report on the 2019 template */
	f.period = 2021;
	run_fixture(&x, &f);
	expect(x.cl, "identity.template", VERDICT_WARN);
	assert_true(has_line(x.cl, "identity.template", VERDICT_WARN,
			     "a 2021 report on the 2019 template"));
	expect(x.cl, "identity.period", VERDICT_PASS);
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_identity_period(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.period = 2020; /* last year's sentence left in */
	run_fixture(&x, &f);
	expect(x.cl, "identity.period", VERDICT_FAIL);
	assert_true(has_line(x.cl, "identity.period", VERDICT_FAIL,
			     "title year 2021 ≠ statistics period 2020"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_identity_no_title(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.no_title = 1;
	run_fixture(&x, &f);
	expect(x.cl, "identity.title", VERDICT_WARN);
	expect(x.cl, "identity.agency", VERDICT_WARN);
	expect(x.cl, "identity.period", VERDICT_PASS);
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_identity_from_title(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	run_fixture(&x, &f);
	expect(x.cl, "identity.kind", VERDICT_PASS);
	expect(x.cl, "identity.agency", VERDICT_PASS);
	assert_true(has_line(x.cl, "identity.agency", VERDICT_PASS,
			     "测试市测试局 (from the title)"));
	expect(x.cl, "identity.year", VERDICT_PASS);
	expect(x.cl, "identity.template", VERDICT_PASS);
	run_release(&x);
}

/* ---- values.* ---- */

static void test_validate_values_negative_count(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.license = "-4"; /* 本年处理决定数量 cannot be negative */
	run_fixture(&x, &f);
	expect(x.cl, "values.numbers", VERDICT_FAIL);
	assert_true(has_line(x.cl, "values.numbers", VERDICT_FAIL,
			     "行政许可/本年处理决定数量: -4 is negative"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_values_delta_may_be_negative(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2019); /* 本年增/减 -2 and -1, amount 12.5 */
	run_fixture(&x, &f);
	expect(x.cl, "values.numbers", VERDICT_PASS);
	run_release(&x);
}

static void test_validate_values_fraction_count(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2019);
	f.license = "12\t-2\t2.5";
	run_fixture(&x, &f);
	expect(x.cl, "values.numbers", VERDICT_FAIL);
	assert_true(has_line(x.cl, "values.numbers", VERDICT_FAIL,
			     "2.5 is not a whole number"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_values_blank_few(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.req_text[REQ_DENY_8] = "/\t/\t0\t0\t0\t0\t0";
	run_fixture(&x, &f);
	expect(x.cl, "values.blank", VERDICT_WARN);
	assert_true(has_line(x.cl, "values.blank", VERDICT_WARN,
			     "三 3.3.8 属于行政查询事项: 自然人, 商业企业 blank"));
	/* the sums over those columns cannot run: WARN, never FAIL */
	expect(x.cl, "requests.total", VERDICT_WARN);
	assert_true(has_line(x.cl, "requests.total", VERDICT_WARN,
			     "自然人: cannot check: 3.3.8 属于行政查询事项 blank"));
	expect(x.cl, "requests.balance", VERDICT_PASS);
	expect(x.cl, "appeals.sum", VERDICT_PASS);
	run_release(&x);
}

static void test_validate_values_blank_many(void **state)
{
	struct fixture f;
	struct run x;
	int i;

	(void)state;
	fixture_init(&f, 2021);
	for (i = REQ_DENY_1; i <= REQ_DENY_8; i++)
		f.req_text[i] = "/\t/\t/\t/\t/\t/\t/";
	run_fixture(&x, &f);
	expect(x.cl, "values.blank", VERDICT_FAIL);
	assert_int_equal(count(x.cl, "values.blank", VERDICT_FAIL), 1);
	assert_true(has_line(x.cl, "values.blank", VERDICT_FAIL,
			     "56 blank cells"));
	assert_int_equal(count(x.cl, "requests.total", VERDICT_FAIL), 0);
	run_release(&x);
}

static void test_validate_values_unit(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.unit = "元";
	run_fixture(&x, &f);
	expect(x.cl, "values.unit", VERDICT_WARN);
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_values_problems(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.problems = "无。";
	run_fixture(&x, &f);
	expect(x.cl, "values.problems", VERDICT_WARN);
	assert_true(has_line(x.cl, "values.problems", VERDICT_WARN,
			     "says only \"无\""));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_values_fees(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	/* one request dropped for an unpaid fee; section 六 says 无 */
	f.req[REQ_REFUSE_1][REQ_COL_PERSON] = 0;
	f.req[REQ_REFUSE_1][REQ_COL_TOTAL] = 0;
	f.req[REQ_OTHER_2][REQ_COL_PERSON] = 1;
	f.req[REQ_OTHER_2][REQ_COL_TOTAL] = 1;
	f.other = "无。";
	run_fixture(&x, &f);
	expect(x.cl, "values.fees", VERDICT_WARN);
	assert_true(has_line(x.cl, "values.fees", VERDICT_WARN, "3.6.2"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_values_fees_in_text(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.overview = "全年收取信息处理费120元。";
	f.other = "无。";
	run_fixture(&x, &f);
	expect(x.cl, "values.fees", VERDICT_WARN);
	assert_true(has_line(x.cl, "values.fees", VERDICT_WARN, "120元"));
	run_release(&x);
}

/* ---- narrative.* ---- */

static void narrative(int tmpl, const char *text, const char *rule, int v)
{
	struct fixture f;
	struct run x;

	fixture_init(&f, tmpl);
	f.overview = text;
	run_fixture(&x, &f);
	if (v == NONE) {
		/* not a claim: no verdict, at most an INFO */
		if (count(x.cl, rule, VERDICT_PASS) +
		    count(x.cl, rule, VERDICT_WARN) +
		    count(x.cl, rule, VERDICT_FAIL))
			dump(x.cl);
		assert_int_equal(count(x.cl, rule, VERDICT_PASS) +
					 count(x.cl, rule, VERDICT_WARN) +
					 count(x.cl, rule, VERDICT_FAIL),
				 0);
	} else {
		expect(x.cl, rule, v);
		assert_true(count(x.cl, rule, (enum verdict)v) >= 1);
	}
	others_pass(x.cl, NULL);
	run_release(&x);
}

static void test_validate_narrative_received(void **state)
{
	(void)state;
	narrative(2021, "本年度共收到政府信息公开申请12件。",
		  "narrative.received", VERDICT_FAIL);
	narrative(2021, "本年度共收到政府信息公开申请9件。",
		  "narrative.received", VERDICT_PASS);
	/* "收到" counting 一 + 二 is accepted too */
	narrative(2021, "本年度受理政府信息公开申请１０件。",
		  "narrative.received", VERDICT_PASS);
	narrative(2021, "全年共收到70件申请。", "narrative.received",
		  VERDICT_FAIL);
	narrative(2021, "本年度未收到政府信息公开申请。",
		  "narrative.received", VERDICT_FAIL);
	/* a part of the whole, a comparison: not claims */
	narrative(2021, "其中收到网上申请5件。", "narrative.received", NONE);
	narrative(2021, "收到申请较上年增加3件。", "narrative.received", NONE);
}

static void test_validate_narrative_rows(void **state)
{
	(void)state;
	narrative(2021, "本年新收政府信息公开申请9件。", "narrative.new",
		  VERDICT_PASS);
	narrative(2021, "本年新收政府信息公开申请8件。", "narrative.new",
		  VERDICT_FAIL);
	narrative(2021, "上年结转政府信息公开申请2件。",
		  "narrative.carried", VERDICT_FAIL);
	narrative(2021, "上年结转1件。", "narrative.carried", VERDICT_PASS);
	narrative(2021, "结转下年度继续办理3件。", "narrative.carry_over",
		  VERDICT_FAIL);
	narrative(2021, "另有1件结转下年度继续办理。",
		  "narrative.carry_over", VERDICT_PASS);
	narrative(2021, "全部办结9件。", "narrative.completed", VERDICT_PASS);
	narrative(2021, "已答复10件。", "narrative.completed", VERDICT_FAIL);
}

static void test_validate_narrative_results(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	fixture_init(&f, 2021);
	f.overview = "予以公开5件、部分公开1件、不予公开0件、无法提供2件、不予处理1件、其他处理0件。";
	run_fixture(&x, &f);
	assert_int_equal(count(x.cl, "narrative.results", VERDICT_PASS), 6);
	assert_true(has_line(x.cl, "narrative.results", VERDICT_PASS,
			     "\"无法提供2件\" = (四)无法提供 总计 2"));
	run_release(&x);
	narrative(2021, "其中予以公开5件，部分公开1件，无法提供2件，不予处理1件。",
		  "narrative.results", VERDICT_PASS);
	narrative(2021, "予以公开5件、部分公开1件、无法提供2件、不予处理1件。",
		  "narrative.results", VERDICT_PASS);
	/* 主动公开 counts something else */
	narrative(2021, "主动公开政府信息5件。", "narrative.results", NONE);
	narrative(2021, "予以公开及部分公开6件。", "narrative.results",
		  VERDICT_PASS);
	narrative(2021, "予以公开4件。", "narrative.results", VERDICT_FAIL);
	narrative(2021, "不予公开1件。", "narrative.results", VERDICT_FAIL);
	narrative(2021, "其他处理0件。", "narrative.results", VERDICT_PASS);
	narrative(2019, "其他处理2件。", "narrative.results", VERDICT_FAIL);
}

static void test_validate_narrative_appeals(void **state)
{
	(void)state;
	narrative(2021, "本年度发生行政复议1件，行政诉讼1件。",
		  "narrative.review", VERDICT_PASS);
	narrative(2021, "本年度发生行政复议1件，行政诉讼1件。",
		  "narrative.litigation", VERDICT_PASS);
	narrative(2021, "无行政复议，无行政诉讼。", "narrative.review",
		  VERDICT_FAIL);
	narrative(2021, "无行政复议，无行政诉讼。", "narrative.litigation",
		  VERDICT_FAIL);
	narrative(2021, "被申请行政复议3件。", "narrative.review",
		  VERDICT_FAIL);
	/* a table label holding "无" is no claim */
	narrative(2021, "对无正当理由大量反复申请的，依法申请行政复议。",
		  "narrative.review", NONE);
}

static void test_validate_narrative_upheld(void **state)
{
	struct fixture f;
	struct run x;

	(void)state;
	narrative(2021, "发生行政复议1件，均获维持。", "narrative.upheld",
		  VERDICT_PASS);
	/* 行政诉讼 has one case 尚未审结 */
	narrative(2021, "行政诉讼1件，均获维持。", "narrative.upheld",
		  VERDICT_WARN);
	fixture_init(&f, 2021);
	f.app[APP_REVIEW_UPHELD] = 0;
	f.app[APP_REVIEW_CORRECTED] = 1;
	f.overview = "行政复议1件，均获维持。";
	run_fixture(&x, &f);
	expect(x.cl, "narrative.upheld", VERDICT_FAIL);
	assert_true(has_line(x.cl, "narrative.upheld", VERDICT_FAIL,
			     "结果纠正 is 1"));
	others_pass(x.cl, NULL);
	run_release(&x);
}

/* ---- hand-built models ---- */

static struct report *model_new(void)
{
	struct report *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	arena_init(&r->arena);
	r->kind = REPORT_ANNUAL;
	r->text = "";
	return r;
}

/* report_free() of a calloc'ed model: only the arena is owned. */
static void model_fill_req(struct report *r)
{
	int i, c;

	r->req.found = 1;
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		r->req.rows[i].line = 10 + (uint32_t)i;
		for (c = 0; c < REQ_COL_COUNT; c++) {
			r->req.rows[i].cells[c].state = CELL_VALUE;
			r->req.rows[i].cells[c].line = 10 + (uint32_t)i;
		}
	}
}

static void test_validate_uncertain_cell_cannot_check(void **state)
{
	struct cell *c;
	struct run x = { 0 };
	struct report *r;

	(void)state;
	r = model_new();
	model_fill_req(r);
	c = &r->req.rows[REQ_TOTAL].cells[REQ_COL_PERSON];
	c->v.mant = 3;
	c->flags = CELL_UNCERTAIN;
	c->note = "3 or 30";
	run_model(&x, r);
	/* arithmetic never uses an uncertain cell: a WARN, not a FAIL */
	assert_true(has_line(x.cl, "requests.balance", VERDICT_WARN,
			     "自然人: cannot check: 三(七) uncertain"));
	assert_true(has_line(x.cl, "requests.total", VERDICT_WARN,
			     "自然人: cannot check: (七)总计 uncertain"));
	assert_true(has_line(x.cl, "structure.tables", VERDICT_WARN,
			     "三 3.7 总计: 自然人 uncertain (candidates: 3 or 30)"));
	assert_int_equal(count(x.cl, "requests.balance", VERDICT_FAIL), 0);
	assert_int_equal(count(x.cl, "requests.balance", VERDICT_PASS), 6);
	run_release(&x);
}

static void test_validate_missing_table(void **state)
{
	struct run x = { 0 };

	(void)state;
	run_model(&x, model_new());
	expect(x.cl, "structure.tables", VERDICT_FAIL);
	expect(x.cl, "requests.balance", VERDICT_WARN);
	assert_true(has_line(x.cl, "requests.balance", VERDICT_WARN,
			     "cannot check: table 三"));
	expect(x.cl, "appeals.sum", VERDICT_WARN);
	run_release(&x);
}

static void test_validate_not_a_report(void **state)
{
	struct run x = { 0 };
	struct report *r;

	(void)state;
	r = model_new();
	r->kind = REPORT_NOT_REPORT;
	r->why = "a notice, not an annual report";
	run_model(&x, r);
	assert_int_equal(x.cl->n, 1);
	expect(x.cl, "identity.kind", VERDICT_FAIL);
	assert_true(has_line(x.cl, "identity.kind", VERDICT_FAIL,
			     "not a report: a notice"));
	assert_int_equal(check_list_status(x.cl), 2);
	run_release(&x);
}

static void test_validate_rule_ids(void **state)
{
	const char *id;
	size_t i, j;

	(void)state;
	for (i = 0; (id = validate_rule_id(i)); i++) {
		assert_non_null(strchr(id, '.'));
		for (j = 0; j < i; j++)
			assert_string_not_equal(validate_rule_id(j), id);
	}
	assert_true(i >= 20);
	assert_string_equal(validate_rule_id(0), "identity.kind");
	assert_string_equal(verdict_name(VERDICT_FAIL), "FAIL");
	assert_string_equal(verdict_name(VERDICT_PASS), "PASS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_clean_2019),
		cmocka_unit_test(test_validate_clean_2021),
		cmocka_unit_test(test_validate_requests_balance),
		cmocka_unit_test(test_validate_requests_total),
		cmocka_unit_test(test_validate_requests_total_2021_subrows),
		cmocka_unit_test(test_validate_requests_row_sum),
		cmocka_unit_test(test_validate_appeals_sum),
		cmocka_unit_test(test_validate_structure_section_missing),
		cmocka_unit_test(test_validate_structure_section_numeral),
		cmocka_unit_test(test_validate_structure_tables_shifted),
		cmocka_unit_test(test_validate_identity_template),
		cmocka_unit_test(test_validate_identity_period),
		cmocka_unit_test(test_validate_identity_no_title),
		cmocka_unit_test(test_validate_identity_from_title),
		cmocka_unit_test(test_validate_values_negative_count),
		cmocka_unit_test(test_validate_values_delta_may_be_negative),
		cmocka_unit_test(test_validate_values_fraction_count),
		cmocka_unit_test(test_validate_values_blank_few),
		cmocka_unit_test(test_validate_values_blank_many),
		cmocka_unit_test(test_validate_values_unit),
		cmocka_unit_test(test_validate_values_problems),
		cmocka_unit_test(test_validate_values_fees),
		cmocka_unit_test(test_validate_values_fees_in_text),
		cmocka_unit_test(test_validate_narrative_received),
		cmocka_unit_test(test_validate_narrative_rows),
		cmocka_unit_test(test_validate_narrative_results),
		cmocka_unit_test(test_validate_narrative_appeals),
		cmocka_unit_test(test_validate_narrative_upheld),
		cmocka_unit_test(test_validate_uncertain_cell_cannot_check),
		cmocka_unit_test(test_validate_missing_table),
		cmocka_unit_test(test_validate_not_a_report),
		cmocka_unit_test(test_validate_rule_ids),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
