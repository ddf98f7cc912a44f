/* SPDX-License-Identifier: MIT */
/*
 * test_render.c - render_report(): which files a report gets and in what
 * order, the section and report text files, validation.txt's format and
 * counts, and that rendering is deterministic byte for byte.
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
#include "render.h"
#include "report.h"

static struct report *parse_case(const char *dir)
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
	return r;
}

static struct file_set *render(const struct report *r,
			       const struct render_opts *o)
{
	struct file_set *fs = NULL;

	assert_int_equal(render_report(r, o, &fs), 0);
	assert_non_null(fs);
	return fs;
}

static void test_render_report_files(void **state)
{
	static const char *const names[] = {
		"report.txt",	      "1-overview.txt",	     "2-proactive.txt",
		"3-requests.txt",     "4-appeals.txt",	     "5-problems.txt",
		"6-other.txt",	      "tables/proactive.csv", "tables/requests.csv",
		"tables/appeals.csv", "validation.txt",
	};
	struct report *r = parse_case("seed004");
	struct file_set *fs = render(r, NULL);
	size_t i;

	(void)state;
	assert_int_equal(fs->nfiles, ARRAY_SIZE(names));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		assert_string_equal(fs->files[i].name, names[i]);
		assert_ptr_equal(file_set_find(fs, names[i]), &fs->files[i]);
		assert_true(fs->files[i].len > 0);
		assert_int_equal(fs->files[i].data[fs->files[i].len - 1], '\n');
	}
	assert_null(file_set_find(fs, "tables"));
	assert_null(file_set_find(fs, "7-more.txt"));
	file_set_free(fs);
	report_free(r);
}

static void test_render_report_sections(void **state)
{
	struct report *r = parse_case("seed002");
	struct file_set *fs = render(r, NULL);
	const struct rendered_file *f;

	(void)state;
	f = file_set_find(fs, "6-other.txt");
	assert_non_null(f);
	/* the heading first, the text as written, one final newline */
	assert_string_equal(f->data,
			    "六、其他需要报告的事项\n\n无其他需要报告的事项。\n");
	f = file_set_find(fs, "4-appeals.txt");
	assert_true(!strncmp(f->data, "四、政府信息公开行政复议、行政诉讼情况\n",
			     strlen("四、政府信息公开行政复议、行政诉讼情况\n")));
	assert_null(strstr(f->data, "五、存在的主要问题"));
	assert_int_equal(f->data[f->len - 2], '0'); /* no blank lines kept */
	f = file_set_find(fs, "report.txt");
	assert_int_equal(f->len, r->len + 1); /* the input lacks a final LF */
	assert_memory_equal(f->data, r->text, r->len);
	file_set_free(fs);
	report_free(r);
}

static void test_render_report_missing_section(void **state)
{
	struct report *r = parse_case("seed001");
	struct file_set *fs;
	struct section saved;

	(void)state;
	/* a section not found has no file: absent, not empty */
	saved = r->sections[SEC_PROBLEMS];
	memset(&r->sections[SEC_PROBLEMS], 0, sizeof(saved));
	fs = render(r, NULL);
	assert_null(file_set_find(fs, "5-problems.txt"));
	assert_non_null(file_set_find(fs, "6-other.txt"));
	assert_int_equal(fs->status, 2);
	assert_non_null(strstr(file_set_find(fs, "validation.txt")->data,
			       "\nFAIL structure.sections 五、存在的主要问题及改进情况 missing\n"));
	file_set_free(fs);
	r->sections[SEC_PROBLEMS] = saved;
	report_free(r);
}

static void test_render_report_deterministic(void **state)
{
	static const char *const cases[] = { "seed000", "seed003",
					     "real-pingtan-2021-flat" };
	struct render_opts o = { .source = "x.txt" };
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r = parse_case(cases[i]);
		struct file_set *a = render(r, &o), *b = render(r, &o);

		assert_int_equal(a->nfiles, b->nfiles);
		for (k = 0; k < a->nfiles; k++) {
			assert_string_equal(a->files[k].name, b->files[k].name);
			assert_int_equal(a->files[k].len, b->files[k].len);
			assert_memory_equal(a->files[k].data, b->files[k].data,
					    a->files[k].len);
		}
		file_set_free(a);
		file_set_free(b);
		report_free(r);
	}
}

/* Count "VERDICT " at line starts. */
static unsigned count_lines(const char *s, const char *verdict)
{
	size_t n = strlen(verdict);
	unsigned c = 0;

	for (; s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		c += !strncmp(s, verdict, n) && s[n] == ' ';
	return c;
}

static void test_render_validation_format(void **state)
{
	struct report *r = parse_case("seed002");
	struct render_opts o = { .source = "前进区/2020.txt" };
	struct file_set *fs = render(r, &o);
	const char *v = file_set_find(fs, "validation.txt")->data;
	const char *p;
	char status[128];

	(void)state;
	snprintf(status, sizeof(status),
		 "status: FAIL (%u failed, %u warnings, %u passed)\n",
		 fs->failed, fs->warned, fs->passed);
	assert_true(!strncmp(v, status, strlen(status)));
	assert_int_equal(fs->status, 2);
	assert_int_equal(fs->failed, 4);
	assert_int_equal(count_lines(v, "FAIL"), fs->failed);
	assert_int_equal(count_lines(v, "WARN"), fs->warned);
	assert_int_equal(count_lines(v, "PASS"), fs->passed);
	p = v + strlen(status);
	assert_true(!strncmp(p,
			     "agency: 前进区政府办\nyear: 2020\ntemplate: 2019\n"
			     "source: 前进区/2020.txt\n",
			     strlen("agency: 前进区政府办\nyear: 2020\ntemplate: 2019\n"
				    "source: 前进区/2020.txt\n")));
	/* the example line, verbatim */
	assert_non_null(strstr(v, "\nFAIL requests.balance 自然人: 一 4 + 二 0 = 4 ≠ 三(七) 0 + 四 0 = 0\n"));
	/* every check line: VERDICT rule.id message */
	p = strstr(v, "\nsource: ");
	p = strchr(p + 1, '\n') + 1;
	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *sp = strchr(p, ' ');

		assert_non_null(eol);
		assert_true(!strncmp(p, "PASS ", 5) || !strncmp(p, "WARN ", 5) ||
			    !strncmp(p, "FAIL ", 5) || !strncmp(p, "INFO ", 5));
		assert_non_null(memchr(sp + 1, '.', (size_t)(eol - sp)));
		assert_non_null(memchr(sp + 1, ' ', (size_t)(eol - sp)));
		p = eol + 1;
	}
	file_set_free(fs);
	report_free(r);
}

static void test_render_validation_extra_checks(void **state)
{
	static const char *const extra[] = {
		"WARN corpus.duplicate 前进区政府办/2020 also in b.txt",
		"INFO corpus.note a note",
		NULL,
	};
	struct report *r = parse_case("seed001");
	struct render_opts o = { .extra_checks = extra };
	struct file_set *fs = render(r, &o);
	const char *v = file_set_find(fs, "validation.txt")->data;

	(void)state;
	assert_int_equal(fs->status, 1);
	assert_int_equal(fs->warned, 1);
	assert_true(!strncmp(v, "status: WARN (0 failed, 1 warnings, ",
			     strlen("status: WARN (0 failed, 1 warnings, ")));
	assert_non_null(strstr(v, "\nsource: unknown\n"));
	assert_non_null(strstr(v, "\nWARN corpus.duplicate 前进区政府办/2020 also in b.txt\nINFO corpus.note a note\n"));
	file_set_free(fs);
	report_free(r);
}

static void test_render_report_not_text(void **state)
{
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
	struct report *r = NULL;
	struct file_set *fs;

	(void)state;
	assert_int_equal(report_parse(bin, sizeof(bin) - 1, "a.out", &r), 0);
	assert_int_equal(r->kind, REPORT_NOT_TEXT);
	fs = render(r, NULL);
	assert_int_equal(fs->nfiles, 1);
	assert_string_equal(fs->files[0].name, "validation.txt");
	assert_int_equal(fs->status, 2);
	assert_non_null(strstr(fs->files[0].data, "\nFAIL identity.kind not a report: "));
	file_set_free(fs);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_report_files),
		cmocka_unit_test(test_render_report_sections),
		cmocka_unit_test(test_render_report_missing_section),
		cmocka_unit_test(test_render_report_deterministic),
		cmocka_unit_test(test_render_validation_format),
		cmocka_unit_test(test_render_validation_extra_checks),
		cmocka_unit_test(test_render_report_not_text),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
