/* SPDX-License-Identifier: MIT */
/*
 * test_crossyear.c - checks of a report against the previous year's, on
 * hand-built models (every cell set on purpose) and on real sample text.
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
#include "crossyear.h"
#include "report.h"

static void set(struct cell *c, int64_t v)
{
	c->state = CELL_VALUE;
	c->v.mant = v;
	c->v.scale = 0;
}

/* A model with text split into six equal sections and every table zero. */
static void model(struct report *r, int year, enum report_template t,
		  const char *text)
{
	size_t i, c, n = strlen(text);

	memset(r, 0, sizeof(*r));
	r->kind = REPORT_ANNUAL;
	r->id.year = year;
	r->tmpl = t;
	r->text = text;
	r->len = n;
	for (i = 0; i < SEC_COUNT; i++) {
		r->sections[i].found = 1;
		r->sections[i].start = 0;
		r->sections[i].end = n;
	}
	r->req.found = 1;
	for (i = 0; i < REQ_ROW_COUNT; i++)
		for (c = 0; c < REQ_COL_COUNT; c++)
			set(&r->req.rows[i].cells[c], 0);
	r->app.found = 1;
	for (i = 0; i < APP_CELL_COUNT; i++)
		set(&r->app.cells[i], 0);
	r->pro.found = 1;
	for (i = 0; i < PRO_ROW_COUNT; i++)
		for (c = 0; c < pro_rows(t)[i].ncols; c++)
			set(&r->pro.rows[i].cells[c], 0);
}

static char *run(const struct report *prev, const struct report *cur)
{
	struct buf b;
	char *s;
	size_t len;

	buf_init(&b, 1 << 20);
	assert_int_equal(crossyear_check(prev, cur, &b), 0);
	s = buf_detach(&b, &len);
	assert_non_null(s);
	return s;
}

/* Lines of `out` that start with `prefix`. */
static int count_lines(const char *out, const char *prefix)
{
	int n = 0;
	const char *p = out;

	while (*p) {
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return n;
}

static const char text_a[] =
	"一、总体情况\n2020年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
	"围绕中心工作，扎实推进政务公开，主动公开政府信息328条，依申请公开办理"
	"及时规范。\n五、存在的主要问题及改进情况\n公开内容还不够全面。\n";
static const char text_a_next[] =
	"一、总体情况\n2021年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
	"围绕中心工作，扎实推进政务公开，主动公开政府信息328条，依申请公开办理"
	"及时规范。\n五、存在的主要问题及改进情况\n公开内容还不够全面。\n";
static const char text_b[] =
	"一、总体情况\n2021年，区政府办公室以数字政府建设为抓手，新建政策解读专栏，"
	"全年发布解读材料56篇，召开新闻发布会12场，回应社会关切事项31件。\n"
	"五、存在的主要问题及改进情况\n基层公开标准化仍需加强，下一步将开展培训。\n";

static void test_similarity(void **state)
{
	(void)state;
	assert_int_equal(crossyear_similarity(text_a, strlen(text_a), text_a,
					      strlen(text_a)), 100);
	/* only the year differs: masked, the same */
	assert_int_equal(crossyear_similarity(text_a, strlen(text_a),
					      text_a_next,
					      strlen(text_a_next)), 100);
	assert_in_range(crossyear_similarity(text_a, strlen(text_a), text_b,
					     strlen(text_b)), 0, 30);
	/* a number in the text is not a year: 3281 vs 328 differ */
	assert_true(crossyear_similarity("共2021件", 10, "共2020件", 10) == 100);
	assert_true(crossyear_similarity("共12021件", 11, "共12020件", 11) < 100);
	assert_int_equal(crossyear_similarity("", 0, "", 0), 100);
}

static void test_carry_pass(void **state)
{
	struct report prev, cur;
	char *out;

	(void)state;
	model(&prev, 2020, TEMPLATE_2021, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	set(&prev.req.rows[REQ_CARRY_OVER].cells[REQ_COL_PERSON], 3);
	set(&prev.req.rows[REQ_CARRY_OVER].cells[REQ_COL_TOTAL], 3);
	set(&cur.req.rows[REQ_CARRIED].cells[REQ_COL_PERSON], 3);
	set(&cur.req.rows[REQ_CARRIED].cells[REQ_COL_TOTAL], 3);
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "PASS crossyear.carry 2020年"), 1);
	assert_non_null(strstr(out, "in 7 of 7 columns"));
	assert_int_equal(count_lines(out, "FAIL"), 0);
	free(out);
}

static void test_carry_fail(void **state)
{
	struct report prev, cur;
	char *out;

	(void)state;
	model(&prev, 2020, TEMPLATE_2021, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	set(&prev.req.rows[REQ_CARRY_OVER].cells[REQ_COL_PERSON], 4);
	set(&prev.req.rows[REQ_CARRY_OVER].cells[REQ_COL_TOTAL], 4);
	set(&cur.req.rows[REQ_CARRIED].cells[REQ_COL_PERSON], 1);
	set(&cur.req.rows[REQ_CARRIED].cells[REQ_COL_TOTAL], 1);
	/* a blank cell counts as 0 */
	cur.req.rows[REQ_CARRIED].cells[REQ_COL_LEGAL].state = CELL_EMPTY;
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "FAIL crossyear.carry"), 2);
	assert_non_null(strstr(out, "FAIL crossyear.carry 自然人: 2020年 "
				    "四、结转下年度继续办理 4 ≠ 2021年 二、上年结转 1\n"));
	assert_non_null(strstr(out, "FAIL crossyear.carry 总计:"));
	assert_int_equal(count_lines(out, "PASS crossyear.carry"), 0);
	free(out);
}

static void test_carry_unknown(void **state)
{
	struct report prev, cur;
	char *out;

	(void)state;
	model(&prev, 2020, TEMPLATE_2019, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	prev.req.rows[REQ_CARRY_OVER].cells[REQ_COL_OTHER].state = CELL_MISSING;
	out = run(&prev, &cur);
	assert_non_null(strstr(out, "INFO crossyear.carry 2020年 四、结转下年度"
				    "继续办理 = 2021年 二、上年结转 in 6 of 7"));
	free(out);
	prev.req.found = 0;
	out = run(&prev, &cur);
	assert_non_null(strstr(out, "INFO crossyear.carry not checked: table "
				    "三 missing in the 2020 report\n"));
	free(out);
}

static void test_copy(void **state)
{
	struct report prev, cur;
	char *out;

	(void)state;
	/* different text, tables all zero: not a copy */
	model(&prev, 2020, TEMPLATE_2021, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "PASS crossyear.copy"), 1);
	assert_int_equal(count_lines(out, "WARN"), 0);
	free(out);

	/* the same text apart from the year: sections 1 and 5 and the whole */
	model(&cur, 2021, TEMPLATE_2021, text_a_next);
	set(&cur.req.rows[REQ_NEW].cells[REQ_COL_TOTAL], 1);
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 第一部分"), 1);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 第五部分"), 1);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 全文"), 1);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 统计表"), 0);
	assert_int_equal(count_lines(out, "PASS crossyear.copy"), 0);
	free(out);

	/* the same tables (not all zero), different text */
	model(&prev, 2020, TEMPLATE_2021, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	set(&prev.req.rows[REQ_NEW].cells[REQ_COL_PERSON], 7);
	set(&cur.req.rows[REQ_NEW].cells[REQ_COL_PERSON], 7);
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 统计表"), 1);
	assert_int_equal(count_lines(out, "WARN"), 1);
	free(out);

	/* a short section ("无") is the same every year: not a copy */
	model(&prev, 2020, TEMPLATE_2021, "无");
	model(&cur, 2021, TEMPLATE_2021, "无");
	set(&cur.req.rows[REQ_NEW].cells[REQ_COL_PERSON], 1);
	out = run(&prev, &cur);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 第"), 0);
	free(out);
}

static void test_normative(void **state)
{
	struct report prev, cur;
	char *out;

	(void)state;
	model(&prev, 2020, TEMPLATE_2021, text_a);
	model(&cur, 2021, TEMPLATE_2021, text_b);
	set(&prev.pro.rows[PRO_NORMATIVE].cells[2], 120);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[0], 10);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[1], 5);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[2], 122);
	set(&prev.pro.rows[PRO_RULES].cells[2], 2);
	set(&cur.pro.rows[PRO_RULES].cells[2], 2);
	out = run(&prev, &cur);
	assert_non_null(strstr(out, "INFO crossyear.normative 行政规范性文件: "
				    "2020年 现行有效 120 + 本年制发 10 − 本年废止 5 "
				    "= 125, 本年现行有效 122 (documents also lapse)\n"));
	assert_non_null(strstr(out, "INFO crossyear.normative 规章: 2020年 "
				    "现行有效 2 + 本年制发 0 − 本年废止 0 = 2, "
				    "本年现行有效 2\n"));
	/* advisory only: never WARN or FAIL */
	assert_int_equal(count_lines(out, "WARN crossyear.normative"), 0);
	assert_int_equal(count_lines(out, "FAIL crossyear.normative"), 0);
	free(out);

	model(&prev, 2020, TEMPLATE_2019, text_a);
	out = run(&prev, &cur);
	assert_non_null(strstr(out, "INFO crossyear.normative not checked: the "
				    "2020 report is on the 2019 template and the "
				    "2021 report on the 2021 one\n"));
	free(out);

	/* 2019 template: 对外公开总数量 grows by 本年新公开数量 */
	model(&cur, 2020, TEMPLATE_2019, text_b);
	model(&prev, 2019, TEMPLATE_2019, text_a);
	set(&prev.pro.rows[PRO_NORMATIVE].cells[2], 40);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[0], 9);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[1], 6);
	set(&cur.pro.rows[PRO_NORMATIVE].cells[2], 46);
	out = run(&prev, &cur);
	assert_non_null(strstr(out, "INFO crossyear.normative 规范性文件: 2019年 "
				    "对外公开总数量 40 + 本年新公开 6 = 46, "
				    "本年对外公开总数量 46\n"));
	free(out);
}

/* Two real reports: the parser's models go through unchanged. */
static void test_real_sample(void **state)
{
	struct report *r = NULL;
	char path[4096], *data, *out;
	long len;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/seed004/input.txt", TEST_DATA_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	assert_int_equal(report_parse(data, (size_t)len, "x.txt", &r), 0);
	/* a report against itself: copied, every way */
	out = run(r, r);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 第一部分"), 1);
	assert_int_equal(count_lines(out, "WARN crossyear.copy 全文"), 1);
	free(out);
	report_free(r);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_carry_pass),
		cmocka_unit_test(test_carry_fail),
		cmocka_unit_test(test_carry_unknown),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_normative),
		cmocka_unit_test(test_real_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
