/* SPDX-License-Identifier: MIT */
/*
 * test_render_csv.c - the CSV writer: RFC 4180 quoting, the BOM option,
 * row order for both templates, and which cells come out empty.
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
#include "render-priv.h"
#include "render.h"
#include "report.h"

#define BOM "\xEF\xBB\xBF"

static void check_field(const char *in, const char *want)
{
	struct buf b;

	buf_init(&b, 1 << 16);
	assert_int_equal(csv_add_field(&b, in, strlen(in)), 0);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	buf_release(&b);
}

static void test_csv_add_field_plain(void **state)
{
	(void)state;
	check_field("规章", "规章");
	check_field("", "");
	check_field("本年增/减", "本年增/减");
	/* full-width commas are text, not separators */
	check_field("区分处理的，只计这一情形", "区分处理的，只计这一情形");
	check_field(" x ", " x ");
}

static void test_csv_add_field_quoted(void **state)
{
	(void)state;
	check_field("a,b", "\"a,b\"");
	check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_field("\"", "\"\"\"\"");
	check_field("two\nlines", "\"two\nlines\"");
	check_field("cr\rx", "\"cr\rx\"");
	check_field(",", "\",\"");
}

static void test_csv_add_record(void **state)
{
	const char *f[] = { "1", "a,b", "", "\"" };
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(csv_add_record(&b, f, ARRAY_SIZE(f)), 0);
	assert_string_equal(b.ptr, "1,\"a,b\",,\"\"\"\"\n");
	buf_release(&b);
}

static struct report *model(enum report_template t, int split)
{
	struct report *r = calloc(1, sizeof(*r));
	int i, c;

	assert_non_null(r);
	arena_init(&r->arena);
	r->kind = REPORT_ANNUAL;
	r->tmpl = t;
	r->text = "";
	r->req.found = 1;
	r->req.other_split = split;
	for (i = 0; i < REQ_ROW_COUNT; i++)
		for (c = 0; c < REQ_COL_COUNT; c++) {
			r->req.rows[i].cells[c].state = CELL_VALUE;
			r->req.rows[i].cells[c].v.mant = i;
		}
	r->app.found = 1;
	for (c = 0; c < APP_CELL_COUNT; c++) {
		r->app.cells[c].state = CELL_VALUE;
		r->app.cells[c].v.mant = c;
	}
	r->pro.found = 1;
	for (i = 0; i < PRO_ROW_COUNT; i++)
		for (c = 0; c < PRO_MAX_COLS; c++) {
			r->pro.rows[i].cells[c].state = CELL_VALUE;
			r->pro.rows[i].cells[c].v.mant = 10 * i + c;
		}
	return r;
}

/* The first field of every line after the header. */
static void codes(const char *csv, char *out, size_t size)
{
	const char *p = strchr(csv, '\n');
	size_t n = 0;

	out[0] = '\0';
	while (p && p[1]) {
		size_t len = strcspn(p + 1, ",");

		n += (size_t)snprintf(out + n, size - n, "%s%.*s",
				      n ? " " : "", (int)len, p + 1);
		assert_true(n < size);
		p = strchr(p + 1, '\n');
	}
}

static char *requests_csv(const struct report *r, int bom)
{
	struct buf b;
	size_t len;

	buf_init(&b, 1 << 20);
	assert_int_equal(render_csv_requests(r, bom, &b), 0);
	return buf_detach(&b, &len);
}

#define CODES_TOP "1 2 3.1 3.2 3.3.1 3.3.2 3.3.3 3.3.4 3.3.5 3.3.6 3.3.7 3.3.8 " \
		  "3.4.1 3.4.2 3.4.3 3.5.1 3.5.2 3.5.3 3.5.4 3.5.5 "

static void test_render_csv_requests_2019(void **state)
{
	struct report *r = model(TEMPLATE_2019, 0);
	char *csv = requests_csv(r, 0), list[512];

	(void)state;
	assert_true(!strncmp(csv,
			     "编号,项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n"
			     "1,一、本年新收政府信息公开申请数量,0,0,0,0,0,0,0\n",
			     strlen("编号,项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n"
				    "1,一、本年新收政府信息公开申请数量,0,0,0,0,0,0,0\n")));
	codes(csv, list, sizeof(list));
	assert_string_equal(list, CODES_TOP "3.6 3.7 4");
	assert_non_null(strstr(csv, "\n3.6,（六）其他处理,20,20,20,20,20,20,20\n"));
	assert_non_null(strstr(csv, "\n3.7,（七）总计,24,"));
	free(csv);
	report_free(r);
}

static void test_render_csv_requests_2021(void **state)
{
	struct report *r = model(TEMPLATE_2021, 1);
	char *csv = requests_csv(r, 0), list[512];

	(void)state;
	codes(csv, list, sizeof(list));
	assert_string_equal(list, CODES_TOP "3.6.1 3.6.2 3.6.3 3.7 4");
	assert_non_null(strstr(csv, "\n3.6.3,3.其他,23,"));
	assert_null(strstr(csv, "\n3.6,"));
	free(csv);
	report_free(r);
}

static void test_render_csv_requests_2021_single_other(void **state)
{
	/* a 2021-format report that wrote (六) as one row: follow the data */
	struct report *r = model(TEMPLATE_2021, 0);
	char *csv = requests_csv(r, 0), list[512];

	(void)state;
	codes(csv, list, sizeof(list));
	assert_string_equal(list, CODES_TOP "3.6 3.7 4");
	free(csv);
	report_free(r);
}

static void test_render_csv_cells(void **state)
{
	struct report *r = model(TEMPLATE_2019, 0);
	struct row *row = &r->req.rows[REQ_PUBLIC];
	char *csv;

	(void)state;
	row->cells[0].state = CELL_EMPTY;   /* "/" in the report */
	row->cells[1].state = CELL_MISSING; /* not found */
	row->cells[2].flags = CELL_UNCERTAIN; /* a guess: never written */
	row->cells[2].note = "2 or 20";
	row->cells[3].flags = CELL_DEDUCED; /* placed by the parser: kept */
	row->cells[4].v.mant = -3;
	row->cells[5].v = (struct num){ 773028, 2 };
	csv = requests_csv(r, 0);
	assert_non_null(strstr(csv, "\n3.1,（一）予以公开,,,,2,-3,7730.28,2\n"));
	free(csv);
	report_free(r);
}

static void test_render_csv_bom(void **state)
{
	struct report *r = model(TEMPLATE_2021, 1);
	char *plain = requests_csv(r, 0), *bom = requests_csv(r, 1);

	(void)state;
	assert_int_equal(strlen(bom), strlen(plain) + 3);
	assert_memory_equal(bom, BOM, 3);
	assert_string_equal(bom + 3, plain);
	assert_false(!memcmp(plain, BOM, 3));
	free(plain);
	free(bom);
	report_free(r);
}

static void test_render_csv_appeals(void **state)
{
	struct report *r = model(TEMPLATE_2021, 1);
	struct buf b;
	const char *second;

	(void)state;
	buf_init(&b, 1 << 16);
	r->app.cells[APP_AFTER_TOTAL].state = CELL_EMPTY;
	assert_int_equal(render_csv_appeals(r, 0, &b), 0);
	assert_true(!strncmp(b.ptr, "行政复议/结果维持,行政复议/结果纠正,",
			     strlen("行政复议/结果维持,行政复议/结果纠正,")));
	second = strchr(b.ptr, '\n') + 1;
	assert_non_null(strstr(b.ptr, ",行政诉讼/复议后起诉/总计\n"));
	assert_string_equal(second, "0,1,2,3,4,5,6,7,8,9,10,11,12,13,\n");
	buf_release(&b);
	report_free(r);
}

static unsigned lines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_render_csv_proactive(void **state)
{
	struct report *r = model(TEMPLATE_2019, 0);
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(render_csv_proactive(r, 0, &b), 0);
	assert_int_equal(lines(b.ptr), 1 + 22);
	assert_true(!strncmp(b.ptr,
			     "条款,信息内容,指标,数值\n"
			     "第二十条第（一）项,规章,本年新制作数量,0\n",
			     strlen("条款,信息内容,指标,数值\n"
				    "第二十条第（一）项,规章,本年新制作数量,0\n")));
	assert_non_null(strstr(b.ptr, "\n第二十条第（九）项,政府集中采购,采购总金额,71\n"));
	buf_release(&b);
	report_free(r);

	r = model(TEMPLATE_2021, 1);
	buf_init(&b, 1 << 16);
	assert_int_equal(render_csv_proactive(r, 0, &b), 0);
	assert_int_equal(lines(b.ptr), 1 + 10);
	assert_non_null(strstr(b.ptr, "\n第二十条第（一）项,行政规范性文件,本年废止件数,11\n"));
	assert_non_null(strstr(b.ptr, "\n第二十条第（八）项,行政事业性收费,本年收费金额,60\n"));
	assert_null(strstr(b.ptr, "政府集中采购"));
	buf_release(&b);
	report_free(r);
}

static void test_render_csv_files_in_set(void **state)
{
	struct report *r = model(TEMPLATE_2021, 1);
	struct render_opts o = { .csv_bom = 1 };
	const struct rendered_file *f;
	struct file_set *fs = NULL;

	(void)state;
	r->app.found = 0; /* a table not found has no file */
	assert_int_equal(render_report(r, &o, &fs), 0);
	f = file_set_find(fs, "tables/requests.csv");
	assert_non_null(f);
	assert_memory_equal(f->data, BOM, 3);
	f = file_set_find(fs, "tables/proactive.csv");
	assert_non_null(f);
	assert_memory_equal(f->data, BOM, 3);
	assert_null(file_set_find(fs, "tables/appeals.csv"));
	f = file_set_find(fs, "validation.txt");
	assert_non_null(f);
	assert_true(!strncmp(f->data, "status: ", 8));
	file_set_free(fs);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_add_field_plain),
		cmocka_unit_test(test_csv_add_field_quoted),
		cmocka_unit_test(test_csv_add_record),
		cmocka_unit_test(test_render_csv_requests_2019),
		cmocka_unit_test(test_render_csv_requests_2021),
		cmocka_unit_test(test_render_csv_requests_2021_single_other),
		cmocka_unit_test(test_render_csv_cells),
		cmocka_unit_test(test_render_csv_bom),
		cmocka_unit_test(test_render_csv_appeals),
		cmocka_unit_test(test_render_csv_proactive),
		cmocka_unit_test(test_render_csv_files_in_set),
	};

	return cmocka_run_group_tests_name("render_csv", tests, NULL, NULL);
}
