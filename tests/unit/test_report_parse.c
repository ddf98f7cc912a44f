/* SPDX-License-Identifier: MIT */
/*
 * test_report_parse.c - every cell, identity, template and section of the
 * seven sample reports, checked against values read off the reports by
 * hand, plus one focused test per noise pattern the parser must survive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "buf.h"
#include "report.h"

#define X -1 /* row not in this report's layout */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct expect {
	const char *dir;
	const char *agency; /* NULL: none found */
	int year;
	enum ident_source year_src;
	enum report_template tmpl;
	int other_split;
	int req[REQ_ROW_COUNT][REQ_COL_COUNT];
	int app[APP_CELL_COUNT];
	int sec_headings[SEC_COUNT];
	int numerals_ok;
};

static struct report *parse_file(const char *dir)
{
	char path[512];
	struct report *r = NULL;
	FILE *f;
	char *data;
	long len;

	snprintf(path, sizeof(path), "%s/%s/input.txt", TEST_DATA_DIR, dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	data = malloc((size_t)len + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	assert_int_equal(report_parse(data, (size_t)len, "input.txt", &r), 0);
	free(data);
	assert_non_null(r);
	return r;
}

static struct report *parse_str(const char *s)
{
	struct report *r = NULL;

	assert_int_equal(report_parse(s, strlen(s), NULL, &r), 0);
	assert_non_null(r);
	return r;
}

static void assert_cell(const struct cell *c, int64_t v)
{
	assert_int_equal(c->state, CELL_VALUE);
	assert_false(c->flags & CELL_UNCERTAIN);
	assert_int_equal(c->v.scale, 0);
	assert_int_equal(c->v.mant, v);
}

static void check_expect(const struct expect *e)
{
	struct report *r = parse_file(e->dir);
	unsigned i, j;

	assert_int_equal(r->kind, REPORT_ANNUAL);
	if (e->agency)
		assert_string_equal(r->id.agency, e->agency);
	else
		assert_null(r->id.agency);
	assert_int_equal(r->id.year, e->year);
	assert_int_equal(r->id.year_src, e->year_src);
	assert_int_equal(r->tmpl, e->tmpl);
	assert_true(r->req.found);
	assert_int_equal(r->req.other_split, e->other_split);
	for (i = 0; i < REQ_ROW_COUNT; i++) {
		if (e->req[i][0] == X)
			continue;
		assert_true(r->req.rows[i].line > 0);
		for (j = 0; j < REQ_COL_COUNT; j++)
			assert_cell(&r->req.rows[i].cells[j], e->req[i][j]);
	}
	assert_true(r->app.found);
	for (i = 0; i < APP_CELL_COUNT; i++)
		assert_cell(&r->app.cells[i], e->app[i]);
	assert_true(r->sections_in_order);
	for (i = 0; i < SEC_COUNT; i++) {
		assert_true(r->sections[i].found);
		assert_int_equal(r->sections[i].headings, e->sec_headings[i]);
		assert_int_equal(r->sections[i].numeral_ok, e->numerals_ok);
	}
	report_free(r);
}

/* rows of a table 三 that is all zeros, 2019 layout */
#define Z7 { 0, 0, 0, 0, 0, 0, 0 }
#define N7 { X, X, X, X, X, X, X }
#define ZERO_2019                                                          \
	{ Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, Z7, \
	  Z7, Z7, Z7, Z7, N7, N7, N7, Z7, Z7 }
#define ONES6 { 1, 1, 1, 1, 1, 1 }

static const struct expect seed000 = {
	"seed000", NULL, 2020, SOURCE_TEXT, TEMPLATE_2019, 0, ZERO_2019,
	{ 0 }, { 2, 1, 1, 1, 1, 1 }, 1,
};

static const struct expect seed001 = {
	"seed001", "华龙区工业和信息化局", 2020, SOURCE_TITLE, TEMPLATE_2019,
	0, ZERO_2019, { 0 }, ONES6, 1,
};

static const struct expect seed002 = {
	"seed002", "前进区政府办", 2020, SOURCE_TEXT, TEMPLATE_2019, 0,
	{
		[REQ_NEW] = { 4, 0, 0, 0, 0, 0, 4 },
		[REQ_CARRIED] = Z7,
		[REQ_PUBLIC] = { 3, 0, 0, 0, 0, 0, 3 },
		[REQ_PARTIAL] = Z7,
		[REQ_DENY_1] = Z7, [REQ_DENY_2] = Z7, [REQ_DENY_3] = Z7,
		[REQ_DENY_4] = Z7,
		[REQ_DENY_5] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_DENY_6] = Z7, [REQ_DENY_7] = Z7, [REQ_DENY_8] = Z7,
		[REQ_NOINFO_1] = Z7, [REQ_NOINFO_2] = Z7, [REQ_NOINFO_3] = Z7,
		[REQ_REFUSE_1] = Z7, [REQ_REFUSE_2] = Z7, [REQ_REFUSE_3] = Z7,
		[REQ_REFUSE_4] = Z7, [REQ_REFUSE_5] = Z7,
		[REQ_OTHER] = Z7,
		[REQ_OTHER_1] = N7, [REQ_OTHER_2] = N7, [REQ_OTHER_3] = N7,
		/* the report's own (七)总计 row is all zeros: a real error */
		[REQ_TOTAL] = Z7,
		[REQ_CARRY_OVER] = Z7,
	},
	{ 0 }, ONES6, 1,
};

static const struct expect seed003 = {
	"seed003", "新习镇", 2020, SOURCE_TITLE, TEMPLATE_2019, 0, ZERO_2019,
	{ 0 }, { 2, 1, 1, 1, 1, 1 }, 0,
};

static const struct expect seed004 = {
	"seed004", "洛阳市洛龙区人民政府办公室", 2021, SOURCE_TITLE,
	TEMPLATE_2021, 1,
	{
		[REQ_NEW] = { 48, 0, 0, 0, 1, 0, 49 },
		[REQ_CARRIED] = Z7,
		[REQ_PUBLIC] = { 10, 0, 0, 0, 0, 0, 10 },
		[REQ_PARTIAL] = { 6, 0, 0, 0, 0, 0, 6 },
		[REQ_DENY_1] = Z7, [REQ_DENY_2] = Z7, [REQ_DENY_3] = Z7,
		[REQ_DENY_4] = Z7, [REQ_DENY_5] = Z7, [REQ_DENY_6] = Z7,
		[REQ_DENY_7] = Z7, [REQ_DENY_8] = Z7,
		[REQ_NOINFO_1] = { 25, 0, 0, 0, 1, 0, 26 },
		[REQ_NOINFO_2] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_NOINFO_3] = Z7,
		[REQ_REFUSE_1] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_REFUSE_2] = Z7, [REQ_REFUSE_3] = Z7, [REQ_REFUSE_4] = Z7,
		[REQ_REFUSE_5] = Z7,
		[REQ_OTHER] = N7,
		[REQ_OTHER_1] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_OTHER_2] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_OTHER_3] = Z7,
		[REQ_TOTAL] = { 45, 0, 0, 0, 1, 0, 46 },
		[REQ_CARRY_OVER] = { 3, 0, 0, 0, 0, 0, 3 },
	},
	{ 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, ONES6, 1,
};

static const struct expect hongze = {
	"real-hongze-2023-pdf", "洪泽区人民政府", 2023, SOURCE_TITLE,
	TEMPLATE_2021, 0,
	{
		[REQ_NEW] = { 21, 0, 0, 0, 0, 0, 21 },
		[REQ_CARRIED] = Z7,
		[REQ_PUBLIC] = Z7,
		[REQ_PARTIAL] = { 4, 0, 0, 0, 0, 0, 4 },
		[REQ_DENY_1] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_DENY_2] = Z7, [REQ_DENY_3] = Z7, [REQ_DENY_4] = Z7,
		[REQ_DENY_5] = Z7,
		[REQ_DENY_6] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_DENY_7] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_DENY_8] = Z7,
		[REQ_NOINFO_1] = { 10, 0, 0, 0, 0, 0, 10 },
		[REQ_NOINFO_2] = { 3, 0, 0, 0, 0, 0, 3 },
		[REQ_NOINFO_3] = Z7,
		[REQ_REFUSE_1] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_REFUSE_2] = Z7, [REQ_REFUSE_3] = Z7, [REQ_REFUSE_4] = Z7,
		[REQ_REFUSE_5] = Z7,
		[REQ_OTHER] = Z7,
		[REQ_OTHER_1] = N7, [REQ_OTHER_2] = N7, [REQ_OTHER_3] = N7,
		[REQ_TOTAL] = { 21, 0, 0, 0, 0, 0, 21 },
		[REQ_CARRY_OVER] = Z7,
	},
	/* 行政复议 10+1 ≠ 总计 0 and 复议后起诉 5 ≠ 0: the report's own error */
	{ 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0 }, ONES6, 1,
};

static const struct expect pingtan = {
	"real-pingtan-2021-flat", "平潭综合实验区", 2021, SOURCE_TITLE,
	TEMPLATE_2021, 1,
	{
		[REQ_NEW] = { 64, 0, 0, 2, 0, 4, 70 },
		[REQ_CARRIED] = Z7,
		[REQ_PUBLIC] = { 27, 0, 0, 2, 0, 1, 30 },
		[REQ_PARTIAL] = { 5, 0, 0, 0, 0, 0, 5 },
		[REQ_DENY_1] = Z7, [REQ_DENY_2] = Z7, [REQ_DENY_3] = Z7,
		[REQ_DENY_4] = Z7,
		[REQ_DENY_5] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_DENY_6] = Z7,
		[REQ_DENY_7] = { 6, 0, 0, 0, 0, 0, 6 },
		[REQ_DENY_8] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_NOINFO_1] = { 22, 0, 0, 0, 0, 3, 25 },
		[REQ_NOINFO_2] = Z7, [REQ_NOINFO_3] = Z7,
		[REQ_REFUSE_1] = Z7, [REQ_REFUSE_2] = Z7, [REQ_REFUSE_3] = Z7,
		[REQ_REFUSE_4] = Z7, [REQ_REFUSE_5] = Z7,
		[REQ_OTHER] = N7,
		[REQ_OTHER_1] = Z7, [REQ_OTHER_2] = Z7,
		[REQ_OTHER_3] = { 1, 0, 0, 0, 0, 0, 1 },
		[REQ_TOTAL] = { 63, 0, 0, 2, 0, 4, 69 },
		[REQ_CARRY_OVER] = { 1, 0, 0, 0, 0, 0, 1 },
	},
	{ 1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0 }, ONES6, 1,
};

static void test_report_parse_seed000(void **state)
{
	(void)state;
	check_expect(&seed000);
}

static void test_report_parse_seed001(void **state)
{
	(void)state;
	check_expect(&seed001);
}

static void test_report_parse_seed002(void **state)
{
	(void)state;
	check_expect(&seed002);
}

static void test_report_parse_seed003(void **state)
{
	struct report *r;
	unsigned i, j;

	(void)state;
	check_expect(&seed003);
	/* rows 3.1 .. 3.7 have 6 numbers for 7 columns: placed, not read */
	r = parse_file("seed003");
	for (i = REQ_PUBLIC; i <= REQ_TOTAL; i++) {
		if (i >= REQ_OTHER_1 && i <= REQ_OTHER_3)
			continue;
		for (j = 0; j < REQ_COL_COUNT; j++)
			assert_true(r->req.rows[i].cells[j].flags &
				    CELL_DEDUCED);
	}
	assert_false(r->req.rows[REQ_NEW].cells[0].flags & CELL_DEDUCED);
	report_free(r);
}

static void test_report_parse_seed004(void **state)
{
	(void)state;
	check_expect(&seed004);
}

static void test_report_parse_hongze_pdf(void **state)
{
	(void)state;
	check_expect(&hongze);
}

static void test_report_parse_pingtan_flat(void **state)
{
	(void)state;
	check_expect(&pingtan);
}

/* table 二 of every sample */
static void assert_pro(const struct report *r, enum pro_row row,
		       const int64_t *v, unsigned n)
{
	unsigned j;

	assert_true(r->pro.rows[row].line > 0);
	for (j = 0; j < n; j++)
		assert_cell(&r->pro.rows[row].cells[j], v[j]);
}

static void test_report_parse_proactive_2019(void **state)
{
	static const char *const dirs[] = { "seed000", "seed001", "seed002",
					    "seed003" };
	static const int64_t z[3] = { 0, 0, 0 };
	unsigned d, i;

	(void)state;
	for (d = 0; d < 4; d++) {
		struct report *r = parse_file(dirs[d]);
		const struct pro_row_tmpl *t = pro_rows(r->tmpl);

		assert_true(r->pro.found);
		for (i = 0; i < PRO_ROW_COUNT; i++)
			assert_pro(r, i, z, t[i].ncols);
		if (d == 2)
			assert_null(r->pro.fee_unit); /* "采购总金额" alone */
		else
			assert_string_equal(r->pro.fee_unit, "万元");
		report_free(r);
	}
}

static void test_report_parse_proactive_2021(void **state)
{
	static const int64_t z[3] = { 0, 0, 0 }, nor4[3] = { 9, 0, 119 },
			     nor_hz[3] = { 0, 5, 5 }, lic[1] = { 550 },
			     pen[1] = { 4119 }, coe[1] = { 195 },
			     lic_pt[1] = { 2293 }, pen_pt[1] = { 1282 },
			     coe_pt[1] = { 42 };
	struct report *r;
	unsigned j;

	(void)state;
	r = parse_file("seed004");
	assert_pro(r, PRO_RULES, z, 3);
	assert_pro(r, PRO_NORMATIVE, nor4, 3);
	assert_pro(r, PRO_LICENSE, z, 1);
	assert_pro(r, PRO_PENALTY, z, 1);
	assert_pro(r, PRO_COERCION, z, 1);
	assert_pro(r, PRO_FEE, z, 1); /* "0" two lines below its label */
	assert_int_equal(r->pro.rows[PRO_OTHER_SERVICE].line, 0);
	report_free(r);

	r = parse_file("real-hongze-2023-pdf");
	assert_pro(r, PRO_RULES, z, 3);
	assert_pro(r, PRO_NORMATIVE, nor_hz, 3);
	assert_pro(r, PRO_LICENSE, lic, 1);
	assert_pro(r, PRO_PENALTY, pen, 1); /* after the "-2-" page number */
	assert_pro(r, PRO_COERCION, coe, 1);
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].state, CELL_VALUE);
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].v.mant, 773028);
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].v.scale, 2);
	report_free(r);

	r = parse_file("real-pingtan-2021-flat");
	assert_pro(r, PRO_RULES, z, 3); /* "000": one reading */
	/* "693665" splits into three numbers in ten ways: uncertain */
	for (j = 0; j < 3; j++) {
		assert_true(r->pro.rows[PRO_NORMATIVE].cells[j].flags &
			    CELL_UNCERTAIN);
		assert_non_null(r->pro.rows[PRO_NORMATIVE].cells[j].note);
		assert_non_null(strstr(r->pro.rows[PRO_NORMATIVE].cells[j].note,
				       "69 3 665"));
	}
	assert_pro(r, PRO_LICENSE, lic_pt, 1);
	assert_pro(r, PRO_PENALTY, pen_pt, 1);
	assert_pro(r, PRO_COERCION, coe_pt, 1);
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].v.mant, 24252311082);
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].v.scale, 6);
	report_free(r);
}

static int has_diag(const struct report *r, enum diag_code code,
		    const char *needle)
{
	size_t i;

	for (i = 0; i < r->ndiags; i++)
		if (r->diags[i].code == code &&
		    (!needle || strstr(r->diags[i].message, needle)))
			return 1;
	return 0;
}

static void test_report_parse_label_typos(void **state)
{
	struct report *r;

	(void)state;
	r = parse_file("real-hongze-2023-pdf"); /* 2.其他法律行政止公开 */
	assert_true(has_diag(r, DIAG_LABEL, "其他法律行政止公开"));
	assert_true(r->req.rows[REQ_DENY_2].line > 0);
	report_free(r);
	r = parse_file("seed003"); /* 无正当理由由大量反复申请 */
	assert_true(has_diag(r, DIAG_LABEL, "无正当理由由大量反复申请"));
	report_free(r);
}

static void test_report_parse_split_label(void **state)
{
	struct report *r;

	(void)state;
	/* seed002: "(五) 不予处理" ... a lone "理" on the next row */
	r = parse_file("seed002");
	assert_cell(&r->req.rows[REQ_REFUSE_1].cells[0], 0);
	assert_cell(&r->req.rows[REQ_REFUSE_2].cells[6], 0);
	assert_int_equal(r->req.rows[REQ_REFUSE_2].line, 70);
	report_free(r);
}

#define HEAD "某某局2022年政府信息公开工作年度报告\n一、总体情况\n文字。\n" \
	     "三、收到和处理政府信息公开申请情况\n"
#define TAIL "四、政府信息公开行政复议、行政诉讼情况\n"

static void test_report_parse_fullwidth_and_markdown(void **state)
{
	struct report *r;

	(void)state;
	r = parse_str(HEAD
		      "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
		      "|---|---|---|---|---|---|---|---|\n"
		      "| 一、本年新收政府信息公开申请数量 | １２ | ０ | 0 | 0 | 0 | 0 | １２ |\n"
		      "| 二、上年结转政府信息公开申请数量 | / | — | - | 无 | 0 | 0 | 0 |\n"
		      "| （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
		      TAIL);
	assert_true(r->req.found);
	assert_cell(&r->req.rows[REQ_NEW].cells[0], 12);
	assert_cell(&r->req.rows[REQ_NEW].cells[6], 12);
	assert_int_equal(r->req.rows[REQ_CARRIED].cells[0].state, CELL_EMPTY);
	assert_int_equal(r->req.rows[REQ_CARRIED].cells[1].state, CELL_EMPTY);
	assert_int_equal(r->req.rows[REQ_CARRIED].cells[2].state, CELL_EMPTY);
	assert_int_equal(r->req.rows[REQ_CARRIED].cells[3].state, CELL_EMPTY);
	assert_cell(&r->req.rows[REQ_CARRIED].cells[4], 0);
	assert_cell(&r->req.rows[REQ_PUBLIC].cells[0], 3);
	assert_int_equal(r->req.rows[REQ_TOTAL].line, 0);
	assert_true(has_diag(r, DIAG_ROW_MISSING, "3.7"));
	report_free(r);
}

static void test_report_parse_one_cell_per_line(void **state)
{
	struct report *r;

	(void)state;
	r = parse_str(HEAD "一、本年新收政府信息公开申请数量\n5\n0\n0\n0\n1\n0\n6\n"
			   "二、上年结转政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n"
			   "（一）予以公开\n22（其中依申请16件）\n0\n0\n0\n0\n0\n22\n" TAIL);
	assert_cell(&r->req.rows[REQ_NEW].cells[4], 1);
	assert_cell(&r->req.rows[REQ_NEW].cells[6], 6);
	assert_cell(&r->req.rows[REQ_PUBLIC].cells[0], 22);
	assert_cell(&r->req.rows[REQ_PUBLIC].cells[6], 22);
	assert_true(has_diag(r, DIAG_CELL_TEXT, "其中依申请16件"));
	report_free(r);
}

static void test_report_parse_missing_cell_ambiguous(void **state)
{
	struct report *r;
	unsigned j;

	(void)state;
	/* 6 numbers, not all equal: which column lost its number is unknown */
	r = parse_str(HEAD "一、本年新收政府信息公开申请数量\t3\t1\t0\t0\t0\t4\n"
			   "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
			   "（一）予以公开\t0\t0\t0\t0\t0\t0\t0\n" TAIL);
	for (j = 0; j < REQ_COL_COUNT; j++)
		assert_true(r->req.rows[REQ_NEW].cells[j].flags &
			    CELL_UNCERTAIN);
	assert_true(has_diag(r, DIAG_UNCERTAIN, "6 numbers for 7 columns"));
	report_free(r);
}

static void test_report_parse_unit_yuan(void **state)
{
	struct report *r;

	(void)state;
	r = parse_str("某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
		      "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
		      "规章\t0\t0\t0\n行政规范性文件\t1\t2\t30\n"
		      "第二十条第（八）项\n信息内容\t本年收费金额（单位：元）\n"
		      "行政事业性收费\t1200.50\n三、收到和处理政府信息公开申请情况\n");
	assert_int_equal(r->tmpl, TEMPLATE_2021);
	assert_string_equal(r->pro.fee_unit, "元");
	assert_true(has_diag(r, DIAG_UNIT, NULL));
	assert_int_equal(r->pro.rows[PRO_FEE].cells[0].v.mant, 120050);
	report_free(r);
}

static void test_report_parse_kinds(void **state)
{
	static const char bin[] = "PK\x03\x04\x00\x00binary";
	struct report *r = NULL;

	(void)state;
	assert_int_equal(report_parse(bin, sizeof(bin) - 1, "x.docx", &r), 0);
	assert_int_equal(r->kind, REPORT_NOT_TEXT);
	report_free(r);

	r = parse_str("关于做好春节假期值班工作的通知\n各单位：请按时值班。\n");
	assert_int_equal(r->kind, REPORT_NOT_REPORT);
	report_free(r);

	/* a notice about the reports is not one of them */
	r = parse_str("关于报送2021年政府信息公开工作年度报告的通知\n各单位：\n"
		      "请于1月31日前报送政府信息公开工作年度报告，说明依申请公开"
		      "办理情况。\n");
	assert_int_equal(r->kind, REPORT_NOT_REPORT);
	assert_int_equal(r->id.title_line, 0);
	assert_non_null(strstr(r->why, "notice"));
	report_free(r);

	r = parse_str("某县2017年政府信息公开工作年度报告\n一、概述\n本年度共主动公开政府信息"
		      "1200条。\n二、依申请公开情况\n共受理依申请公开3件。\n");
	assert_int_equal(r->kind, REPORT_LEGACY);
	assert_int_equal(r->tmpl, TEMPLATE_NONE);
	assert_int_equal(r->id.year, 2017);
	report_free(r);
}

static void test_report_parse_identity_from_name(void **state)
{
	struct report *r = NULL;
	const char *s = "一、总体情况\n本报告所列数据的统计期限为2022年1月1日至2022年12月31日。\n";

	(void)state;
	assert_int_equal(report_parse(s, strlen(s),
				      "dir/某某区教育局2022年政府信息公开工作年度报告.txt",
				      &r),
			 0);
	assert_string_equal(r->id.agency, "某某区教育局");
	assert_int_equal(r->id.agency_src, SOURCE_NAME);
	assert_int_equal(r->id.year, 2022);
	assert_int_equal(r->id.year_src, SOURCE_PERIOD);
	report_free(r);
	assert_int_equal(report_parse(s, strlen(s), "report-17.txt", &r), 0);
	assert_null(r->id.agency); /* never invented */
	report_free(r);
}

static void test_report_parse_crlf_same_cells(void **state)
{
	struct report *a, *b;
	struct buf crlf;
	unsigned i, j;
	const char *t;

	(void)state;
	a = parse_file("seed004");
	buf_init(&crlf, 1 << 20);
	for (t = a->text; *t; t++) {
		if (*t == '\n')
			buf_addch(&crlf, '\r');
		buf_addch(&crlf, *t);
	}
	assert_int_equal(crlf.err, 0);
	assert_int_equal(report_parse(crlf.ptr, crlf.len, NULL, &b), 0);
	for (i = 0; i < REQ_ROW_COUNT; i++)
		for (j = 0; j < REQ_COL_COUNT; j++)
			assert_memory_equal(&a->req.rows[i].cells[j].v,
					    &b->req.rows[i].cells[j].v,
					    sizeof(struct num));
	assert_string_equal(a->text, b->text);
	buf_release(&crlf);
	report_free(a);
	report_free(b);
}

static void test_report_parse_title_forms(void **state)
{
	static const struct {
		const char *title, *agency;
		int year;
	} cases[] = {
		{ "2022年度上海市某某局政府信息公开工作年度报告", "上海市某某局", 2022 },
		{ "附件1：某某县人民政府二〇二一年政府信息公开工作年度报告",
		  "某某县人民政府", 2021 },
		{ "某某街道办事处关于2020年度政府信息公开工作的年度报告",
		  "某某街道办事处", 2020 },
		{ "某某市（某某）管委会 2023 年政府信息公开工作年度报告",
		  "某某市(某某)管委会", 2023 },
		{ "某某镇2022年政府信息公开工作年度报告 当前位置：首页 > 政务公开 > "
		  "年报 发布时间：2023-01-20 根据《中华人民共和国政府信息公开条例》"
		  "（以下简称《条例》）规定，编制本报告。",
		  "某某镇", 2022 },
	};
	char text[1024];
	unsigned i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r;

		snprintf(text, sizeof(text), "%s\n一、总体情况\n文字。\n",
			 cases[i].title);
		r = parse_str(text);
		assert_string_equal(r->id.agency, cases[i].agency);
		assert_int_equal(r->id.year, cases[i].year);
		assert_int_equal(r->id.year_src, SOURCE_TITLE);
		report_free(r);
	}
}

static void test_report_parse_heading_forms(void **state)
{
	struct report *r;

	(void)state;
	/* sub-heading style numerals count when nothing better exists */
	r = parse_str("某局2021年政府信息公开工作年度报告\n（一）总体情况\n文字。\n"
		      "第二部分 主动公开政府信息情况\n文字。\n"
		      "三．收到和处理政府信息公开申请情况\n文字。\n"
		      "四、政府信息公开行政复议、行政诉讼情况\n"
		      "五、存在的主要问题及改进情况\n问题。\n"
		      "六、其他需要报告的事项\n无。\n");
	assert_true(r->sections[SEC_OVERVIEW].found);
	assert_true(r->sections[SEC_OVERVIEW].paren);
	assert_false(r->sections[SEC_OVERVIEW].numeral_ok);
	assert_true(r->sections[SEC_PROACTIVE].numeral_ok);
	assert_true(r->sections[SEC_REQUESTS].numeral_ok);
	assert_int_equal(r->sections[SEC_PROACTIVE].line, 4);
	assert_true(r->sections_in_order);
	report_free(r);

	/* a heading with a typo still counts when its numeral is there */
	r = parse_str("某局2021年政府信息公开工作年度报告\n一、总体情况\n文字。\n"
		      "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请清况\n"
		      "四、政府信息公开行政复议、行政诉讼情况\n");
	assert_true(r->sections[SEC_REQUESTS].found);
	assert_int_equal(r->sections[SEC_REQUESTS].line, 5);
	assert_true(has_diag(r, DIAG_HEADING, "1 edits"));
	assert_true(r->sections_in_order);
	report_free(r);

	/* an inline mention is not a heading; a repeated heading is counted */
	r = parse_str("某局2021年政府信息公开工作年度报告\n一、总体情况\n"
		      "本报告包括总体情况、主动公开政府信息情况等部分。\n"
		      "二、主动公开政府信息情况\n二、主动公开政府信息情况\n");
	assert_int_equal(r->sections[SEC_PROACTIVE].line, 4);
	assert_int_equal(r->sections[SEC_PROACTIVE].headings, 2);
	assert_false(r->sections[SEC_REQUESTS].found);
	report_free(r);
}

static void test_report_parse_appeals_interleaved(void **state)
{
	struct report *r;
	static const int want[APP_CELL_COUNT] = { 10, 1, 0, 0, 11, 0, 0, 0,
						  1, 1, 2, 0, 0, 0, 2 };
	unsigned i;

	(void)state;
	r = parse_str("某局2021年政府信息公开工作年度报告\n"
		      "四、政府信息公开行政复议、行政诉讼情况\n"
		      "行政复议\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
		      "10\t1\t0\t0\t11\n"
		      "行政诉讼\n未经复议直接起诉\t复议后起诉\n"
		      "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t"
		      "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
		      "0\t0\t0\t1\t1\t2\t0\t0\t0\t2\n"
		      "五、存在的主要问题及改进情况\n无\n");
	assert_true(r->app.found);
	for (i = 0; i < APP_CELL_COUNT; i++)
		assert_cell(&r->app.cells[i], want[i]);
	report_free(r);
}

static void test_report_parse_legacy_prose_not_tables(void **state)
{
	struct report *r;

	(void)state;
	r = parse_str("某县2016年政府信息公开工作年度报告\n一、概述\n"
		      "本年度主动公开规章2件、规范性文件5件，行政许可事项30项，"
		      "行政处罚事项12项。\n二、依申请公开情况\n共受理申请3件，"
		      "予以公开2件，部分公开1件。\n");
	assert_int_equal(r->kind, REPORT_LEGACY);
	assert_false(r->pro.found);
	assert_false(r->req.found);
	report_free(r);
}

/* seed004 converted to `charset` (after `bom`) parses to the same model */
static void check_same_model(const char *charset, const char *bom,
			     size_t bom_len, enum report_encoding enc,
			     const char *note)
{
	struct report *a, *b;
	iconv_t cd;
	char *in, *out, *obuf;
	size_t inleft, outleft, olen;
	unsigned i, j;

	a = parse_file("seed004");
	cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	inleft = a->len;
	olen = a->len * 2 + 16;
	obuf = malloc(olen);
	assert_non_null(obuf);
	memcpy(obuf, bom, bom_len);
	out = obuf + bom_len;
	outleft = olen - bom_len;
	in = (char *)a->text;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	assert_int_equal(report_parse(obuf, olen - outleft, NULL, &b), 0);
	assert_int_equal(b->encoding, enc);
	assert_true(has_diag(b, DIAG_ENCODING, note));
	if (bom_len || enc != ENCODING_UTF16)
		assert_false(has_diag(b, DIAG_ENCODING, "byte order mark"));
	assert_string_equal(a->text, b->text);
	assert_string_equal(a->id.agency, b->id.agency);
	assert_int_equal(a->tmpl, b->tmpl);
	for (i = 0; i < REQ_ROW_COUNT; i++)
		for (j = 0; j < REQ_COL_COUNT; j++) {
			assert_int_equal(a->req.rows[i].cells[j].state,
					 b->req.rows[i].cells[j].state);
			assert_int_equal(a->req.rows[i].cells[j].v.mant,
					 b->req.rows[i].cells[j].v.mant);
		}
	free(obuf);
	report_free(a);
	report_free(b);
}

static void test_report_parse_gb18030_same_model(void **state)
{
	(void)state;
	check_same_model("GB18030", "", 0, ENCODING_GB18030,
			 "text converted from GB18030");
}

static void test_report_parse_utf16_same_model(void **state)
{
	(void)state;
	check_same_model("UTF-16BE", "\xFE\xFF", 2, ENCODING_UTF16,
			 "converted from UTF-16BE");
	check_same_model("UTF-16LE", "", 0, ENCODING_UTF16,
			 "converted from UTF-16LE (no byte order mark)");
	assert_string_equal(report_encoding_name(ENCODING_UTF16), "utf-16");
}

static void test_report_parse_replaced_bytes_noted(void **state)
{
	struct report *r;

	(void)state;
	/* "年" cut to its first two bytes, and a stray 0xFF */
	r = parse_str("某局2021年政府信息公开工作年度报告\n一、总体情况\n"
		      "本\xE5\xB9度\xFF报告。\n");
	assert_int_equal(r->encoding, ENCODING_UTF8);
	assert_true(has_diag(r, DIAG_ENCODING,
			     "2 invalid byte sequences replaced by U+FFFD"));
	report_free(r);
	r = parse_str("某局2021年政府信息公开工作年度报告\n");
	assert_false(has_diag(r, DIAG_ENCODING, NULL));
	report_free(r);
}

static void test_report_parse_paren_numerals(void **state)
{
	struct report *r;

	(void)state;
	r = parse_str(HEAD "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
			   "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
			   "（三）不予公开\t（1）属于国家秘密\t2\t0\t0\t0\t0\t0\t2\n"
			   "（2）其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n" TAIL);
	assert_cell(&r->req.rows[REQ_DENY_1].cells[0], 2);
	assert_null(r->req.rows[REQ_DENY_1].cells[6].note);
	assert_false(has_diag(r, DIAG_CELL_TEXT, NULL));
	report_free(r);
}

#define PRO19 "某局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
#define REQ19 "三、收到和处理政府信息公开申请情况\n"

static void assert_blank(const struct cell *c)
{
	assert_int_equal(c->state, CELL_EMPTY);
	assert_false(c->flags & CELL_UNCERTAIN);
}

static void assert_uncertain_row(const struct row *row, unsigned n)
{
	unsigned j;

	for (j = 0; j < n; j++)
		assert_true(row->cells[j].flags & CELL_UNCERTAIN);
}

/* flattened HTML: the '-' of 本年增/减 glued between digit runs */
static void test_report_parse_flat_negative_delta(void **state)
{
	static const int64_t other[3] = { 68, -40, 0 }, pen[3] = { 5, -3, 7 },
			     coe[3] = { 12, -1, 30 }, fee[2] = { 3, -1 };
	struct report *r;

	(void)state;
	r = parse_str(PRO19
		      "第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量"
		      "行政许可257-1970其他对外管理服务事项68-400"
		      "第二十条第(六)项信息内容上一年项目数量本年增/减处理决定数量"
		      "行政处罚5-37行政强制12-130"
		      "第二十条第(八)项信息内容上一年项目数量本年增/减"
		      "行政事业性收费3-1\n" REQ19);
	assert_int_equal(r->tmpl, TEMPLATE_2019);
	/* 257 -1 970, 257 -19 70, 257 -197 0: the minus only tells where */
	assert_uncertain_row(&r->pro.rows[PRO_LICENSE], 3);
	assert_non_null(strstr(r->pro.rows[PRO_LICENSE].cells[0].note,
			       "257 -197 0"));
	assert_true(has_diag(r, DIAG_UNCERTAIN, "(257 -1970); 3 readings fit"));
	assert_pro(r, PRO_OTHER_SERVICE, other, 3);
	assert_pro(r, PRO_PENALTY, pen, 3);
	/* not 12 -13 0: this year's 12 - 13 items would be below zero */
	assert_pro(r, PRO_COERCION, coe, 3);
	assert_pro(r, PRO_FEE, fee, 2);
	report_free(r);
}

/* a glued '-' where no column may be negative is a blank cell */
static void test_report_parse_flat_dash_blank(void **state)
{
	static const int64_t nor[3] = { 0, 0, 0 };
	struct report *r;

	(void)state;
	/* 5 | — | 3: no negative reading fits three columns */
	r = parse_str(PRO19
		      "第二十条第(一)项信息内容本年新制作数量本年新公开数量对外公开总数量"
		      "规章20-225规范性文件000"
		      "第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量"
		      "行政许可5—3其他对外管理服务事项-03532\n" REQ19);
	assert_cell(&r->pro.rows[PRO_RULES].cells[0], 20);
	assert_blank(&r->pro.rows[PRO_RULES].cells[1]);
	assert_cell(&r->pro.rows[PRO_RULES].cells[2], 225);
	assert_pro(r, PRO_NORMATIVE, nor, 3);
	/* "—" is a blank, never a minus */
	assert_cell(&r->pro.rows[PRO_LICENSE].cells[0], 5);
	assert_blank(&r->pro.rows[PRO_LICENSE].cells[1]);
	assert_cell(&r->pro.rows[PRO_LICENSE].cells[2], 3);
	/* a '-' right after the label: 上一年项目数量 cannot be negative */
	assert_blank(&r->pro.rows[PRO_OTHER_SERVICE].cells[0]);
	assert_cell(&r->pro.rows[PRO_OTHER_SERVICE].cells[1], 0);
	assert_cell(&r->pro.rows[PRO_OTHER_SERVICE].cells[2], 3532);
	report_free(r);
}

/* tab-separated rows: a negative number only fits 本年增/减 */
static void test_report_parse_tabbed_negative_delta(void **state)
{
	static const int64_t other[3] = { 5, -2, 7 }, pen[3] = { 9, -4, 4 };
	struct report *r;
	const struct row *lic, *fee;

	(void)state;
	r = parse_str(PRO19 "第二十条第（五）项\n"
			    "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
			    "行政许可\t12\t-3\n"
			    "其他对外管理服务事项\t5\t-2\t7\n"
			    "第二十条第（六）项\n"
			    "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
			    "行政处罚\t9\t-4\t4\n"
			    "行政强制\t4\t3\n"
			    "第二十条第（八）项\n"
			    "信息内容\t上一年项目数量\t本年增/减\n"
			    "行政事业性收费\t-3\n" REQ19);
	lic = &r->pro.rows[PRO_LICENSE];
	assert_cell(&lic->cells[0], 12);
	assert_cell(&lic->cells[1], -3);
	assert_int_equal(lic->cells[2].state, CELL_MISSING);
	assert_true(lic->cells[1].flags & CELL_DEDUCED);
	assert_true(has_diag(r, DIAG_CELLS, "12 -3 ?"));
	assert_pro(r, PRO_OTHER_SERVICE, other, 3);
	assert_pro(r, PRO_PENALTY, pen, 3);
	/* no sign: which cell is lost is unknown */
	assert_uncertain_row(&r->pro.rows[PRO_COERCION], 3);
	fee = &r->pro.rows[PRO_FEE];
	assert_int_equal(fee->cells[0].state, CELL_MISSING);
	assert_cell(&fee->cells[1], -3);
	report_free(r);
}

/* flattened table 四: "—", "/", "无" run together are one blank each */
static void test_report_parse_flat_blank_marks(void **state)
{
	/* 0 — / 无 0 | - 无 0 - 无 | — 0 - 0 0 */
	static const int want[APP_CELL_COUNT] = { 0, X, X, X, 0, X, X, 0,
						  X, X, X, 0, X, 0, 0 };
	struct report *r;
	unsigned i;

	(void)state;
	r = parse_str("某局2020年政府信息公开工作年度报告\n"
		      "四、政府信息公开行政复议、行政诉讼情况\n"
		      "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
		      "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结"
		      "总计结果维持结果纠正其他结果尚未审结总计"
		      "0—/无0-无0-无—0-00五、存在的主要问题及改进情况\n");
	assert_true(r->app.found);
	for (i = 0; i < APP_CELL_COUNT; i++) {
		if (want[i] == X)
			assert_blank(&r->app.cells[i]);
		else
			assert_cell(&r->app.cells[i], want[i]);
	}
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_parse_seed000),
		cmocka_unit_test(test_report_parse_seed001),
		cmocka_unit_test(test_report_parse_seed002),
		cmocka_unit_test(test_report_parse_seed003),
		cmocka_unit_test(test_report_parse_seed004),
		cmocka_unit_test(test_report_parse_hongze_pdf),
		cmocka_unit_test(test_report_parse_pingtan_flat),
		cmocka_unit_test(test_report_parse_proactive_2019),
		cmocka_unit_test(test_report_parse_proactive_2021),
		cmocka_unit_test(test_report_parse_label_typos),
		cmocka_unit_test(test_report_parse_split_label),
		cmocka_unit_test(test_report_parse_fullwidth_and_markdown),
		cmocka_unit_test(test_report_parse_one_cell_per_line),
		cmocka_unit_test(test_report_parse_missing_cell_ambiguous),
		cmocka_unit_test(test_report_parse_unit_yuan),
		cmocka_unit_test(test_report_parse_kinds),
		cmocka_unit_test(test_report_parse_identity_from_name),
		cmocka_unit_test(test_report_parse_crlf_same_cells),
		cmocka_unit_test(test_report_parse_title_forms),
		cmocka_unit_test(test_report_parse_heading_forms),
		cmocka_unit_test(test_report_parse_appeals_interleaved),
		cmocka_unit_test(test_report_parse_legacy_prose_not_tables),
		cmocka_unit_test(test_report_parse_gb18030_same_model),
		cmocka_unit_test(test_report_parse_utf16_same_model),
		cmocka_unit_test(test_report_parse_replaced_bytes_noted),
		cmocka_unit_test(test_report_parse_paren_numerals),
		cmocka_unit_test(test_report_parse_flat_negative_delta),
		cmocka_unit_test(test_report_parse_flat_dash_blank),
		cmocka_unit_test(test_report_parse_tabbed_negative_delta),
		cmocka_unit_test(test_report_parse_flat_blank_marks),
	};

	return cmocka_run_group_tests_name("report_parse", tests, NULL, NULL);
}
