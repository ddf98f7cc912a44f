/* SPDX-License-Identifier: MIT */
/* test_tree.c - unit tests for the mount's path rules: safe names, duplicates, lookup, inodes */
#include "common.h"
#include "buf.h"
#include "tree.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *safe(const char *s)
{
	static char out[TREE_NAME_MAX + 1];

	tree_safe_name(s, strlen(s), out);
	return out;
}

static void test_tree_safe_name_plain(void **state)
{
	(void)state;
	assert_string_equal(safe("洛阳市洛龙区人民政府办公室"),
			    "洛阳市洛龙区人民政府办公室");
	assert_string_equal(safe("Office of X"), "Office of X");
}

static void test_tree_safe_name_slash(void **state)
{
	(void)state;
	assert_string_equal(safe("市/县政府"), "市_县政府");
	assert_string_equal(safe("/"), "_");
}

static void test_tree_safe_name_controls(void **state)
{
	(void)state;
	assert_string_equal(safe("a\tb\nc\rd"), "a b c d");
	assert_string_equal(safe("a\001b\177c"), "a_b_c");
	/* U+0085 (NEL), a C1 control */
	assert_string_equal(safe("a\xc2\x85" "b"), "a_b");
}

static void test_tree_safe_name_nul_inside(void **state)
{
	char out[TREE_NAME_MAX + 1];
	size_t n;

	(void)state;
	n = tree_safe_name("ab\0cd", 5, out);
	assert_int_equal(n, 5);
	assert_string_equal(out, "ab_cd");
}

static void test_tree_safe_name_trim(void **state)
{
	(void)state;
	assert_string_equal(safe("  机关  "), "机关");
	assert_string_equal(safe("\n机关\t"), "机关");
}

static void test_tree_safe_name_empty_and_dots(void **state)
{
	(void)state;
	assert_string_equal(safe(""), "_");
	assert_string_equal(safe("   "), "_");
	assert_string_equal(safe("."), "_.");
	assert_string_equal(safe(".."), "_..");
	assert_string_equal(safe("..."), "...");
}

static void test_tree_safe_name_invalid_utf8(void **state)
{
	(void)state;
	/* a lone GBK lead byte becomes U+FFFD */
	assert_string_equal(safe("a\xb2" "b"), "a\xef\xbf\xbd" "b");
}

static void test_tree_safe_name_cut_on_boundary(void **state)
{
	char in[400], out[TREE_NAME_MAX + 1];
	size_t i, n;

	(void)state;
	/* 100 three-byte characters = 300 bytes: cut to 85 chars = 255 */
	for (i = 0; i < 100; i++)
		memcpy(in + 3 * i, "机", 3);
	n = tree_safe_name(in, 300, out);
	assert_int_equal(n, 255);
	assert_int_equal(strlen(out), 255);
	/* one ASCII byte first: 254 bytes of whole characters fit */
	in[0] = 'x';
	for (i = 0; i < 100; i++)
		memcpy(in + 1 + 3 * i, "机", 3);
	n = tree_safe_name(in, 301, out);
	assert_int_equal(n, 1 + 84 * 3);
	assert_memory_equal(out + n - 3, "机", 3);
}

static void test_tree_safe_name_cut_then_trim(void **state)
{
	char in[300], out[TREE_NAME_MAX + 1];
	size_t n;

	(void)state;
	memset(in, 'a', 254);
	in[254] = ' ';
	memcpy(in + 255, "机", 3);
	n = tree_safe_name(in, 258, out);
	assert_int_equal(n, 254);
	assert_int_equal(out[253], 'a');
}

static void test_tree_stem(void **state)
{
	const char *s;
	size_t n;

	(void)state;
	s = tree_stem("a/b/报告.txt", &n);
	assert_int_equal(n, strlen("报告"));
	assert_memory_equal(s, "报告", n);
	s = tree_stem("x.tar.txt", &n);
	assert_int_equal(n, 5);
	s = tree_stem("dir/.txt", &n);
	assert_int_equal(n, 4);
	assert_memory_equal(s, ".txt", 4);
	s = tree_stem("noext", &n);
	assert_int_equal(n, 5);
}

/* ---- tree_build ---------------------------------------------------------- */

static struct tree *build(const struct tree_entry *e, size_t n)
{
	struct tree *t = NULL;

	assert_int_equal(tree_build(e, n, &t), 0);
	assert_non_null(t);
	return t;
}

static const struct tree_node *lookup(const struct tree *t, const char *path,
				      const char **rest)
{
	const struct tree_node *n = NULL;
	const char *r = NULL;

	if (tree_lookup(t, path, &n, &r))
		return NULL;
	if (rest)
		*rest = r;
	return n;
}

static void test_tree_build_empty(void **state)
{
	struct tree *t;
	const struct tree_node *root;

	(void)state;
	t = build(NULL, 0);
	root = tree_root(t);
	assert_int_equal(tree_node_kind(root), TREE_ROOT);
	assert_int_equal(tree_node_nchildren(root), 4);
	assert_string_equal(tree_node_name(tree_node_child(t, root, 0)),
			    TREE_README);
	assert_string_equal(tree_node_name(tree_node_child(t, root, 1)),
			    TREE_ALL);
	assert_string_equal(tree_node_name(tree_node_child(t, root, 2)),
			    TREE_BY_YEAR);
	assert_string_equal(tree_node_name(tree_node_child(t, root, 3)),
			    TREE_INDEX);
	assert_null(tree_node_child(t, root, 4));
	assert_int_equal(tree_node_nchildren(lookup(t, "/by-year", NULL)), 0);
	assert_int_equal(tree_node_nchildren(lookup(t, "/all", NULL)),
			 TREE_ALL_COUNT);
	assert_int_equal(tree_nreports(t), 0);
	assert_int_equal(tree_nagencies(t), 0);
	tree_free(t);
}

static void test_tree_build_layout(void **state)
{
	static const struct tree_entry e[] = {
		{ "b.txt", "乙局", 2021 },
		{ "a.txt", "甲局", 2020 },
		{ "c.txt", "甲局", 2021 },
	};
	const struct tree_node *n;
	const char *rest;
	struct tree *t;

	(void)state;
	t = build(e, 3);
	assert_int_equal(tree_nagencies(t), 2);
	assert_int_equal(tree_nreports(t), 3);
	n = lookup(t, "/甲局", &rest);
	assert_non_null(n);
	assert_int_equal(tree_node_kind(n), TREE_AGENCY);
	assert_int_equal(tree_node_nchildren(n), 2);
	assert_string_equal(tree_node_name(tree_node_child(t, n, 0)), "2020");
	assert_string_equal(tree_node_name(tree_node_child(t, n, 1)), "2021");
	n = lookup(t, "/甲局/2021", &rest);
	assert_non_null(n);
	assert_int_equal(tree_node_kind(n), TREE_REPORT);
	assert_int_equal(tree_node_report(n), 2);
	assert_string_equal(rest, "");
	assert_ptr_equal(tree_report_node(t, 2), n);
	n = lookup(t, "/乙局/2021", NULL);
	assert_int_equal(tree_node_report(n), 0);
	assert_ptr_equal(tree_node_parent(t, n), lookup(t, "/乙局", NULL));
	tree_free(t);
}

static void test_tree_build_root_sorted(void **state)
{
	static const struct tree_entry e[] = {
		{ "1.txt", "Zeta", 2020 },
		{ "2.txt", "Alpha", 2020 },
		{ "3.txt", "jade", 2020 },
	};
	const struct tree_node *root;
	struct tree *t;
	size_t i;

	(void)state;
	t = build(e, 3);
	root = tree_root(t);
	assert_int_equal(tree_node_nchildren(root), 7);
	for (i = 1; i < 7; i++)
		assert_true(strcmp(tree_node_name(tree_node_child(t, root, i - 1)),
				   tree_node_name(tree_node_child(t, root, i))) < 0);
	tree_free(t);
}

static void test_tree_build_unknown_agency_uses_stem(void **state)
{
	static const struct tree_entry e[] = {
		{ "dir/某某报告.txt", NULL, 2022 },
		{ "x/空.txt", "   ", 2022 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 2);
	assert_non_null(lookup(t, "/某某报告/2022", NULL));
	assert_non_null(lookup(t, "/空/2022", NULL));
	tree_free(t);
}

static void test_tree_build_unknown_year(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "甲局", 0 },
		{ "b.txt", "甲局", 0 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 2);
	assert_non_null(lookup(t, "/甲局/" TREE_UNKNOWN_YEAR, NULL));
	assert_non_null(lookup(t, "/甲局/" TREE_UNKNOWN_YEAR " (2)", NULL));
	tree_free(t);
}

static void test_tree_build_duplicates_by_path(void **state)
{
	static const struct tree_entry e[] = {
		{ "z/last.txt", "甲局", 2021 },
		{ "a/first.txt", "甲局", 2021 },
		{ "m/middle.txt", "甲局", 2021 },
		{ "other.txt", "甲局", 2020 },
	};
	const size_t *members;
	struct tree *t;
	size_t n;

	(void)state;
	t = build(e, 4);
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2021", NULL)), 1);
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2021 (2)", NULL)), 2);
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2021 (3)", NULL)), 0);
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2020", NULL)), 3);
	n = tree_report_group(t, 0, &members);
	assert_int_equal(n, 3);
	assert_int_equal(members[0], 1);
	assert_int_equal(members[1], 2);
	assert_int_equal(members[2], 0);
	assert_int_equal(tree_report_group(t, 3, &members), 1);
	assert_int_equal(members[0], 3);
	tree_free(t);
}

static void test_tree_build_duplicates_same_path(void **state)
{
	static const struct tree_entry e[] = {
		{ "same.txt", "甲局", 2021 },
		{ "same.txt", "甲局", 2021 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 2);
	/* identical paths: entry order decides */
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2021", NULL)), 0);
	assert_int_equal(tree_node_report(lookup(t, "/甲局/2021 (2)", NULL)), 1);
	tree_free(t);
}

static void test_tree_build_deterministic(void **state)
{
	static const struct tree_entry a[] = {
		{ "x.txt", "甲局", 2021 },
		{ "y.txt", "甲局", 2021 },
	};
	static const struct tree_entry b[] = {
		{ "y.txt", "甲局", 2021 },
		{ "x.txt", "甲局", 2021 },
	};
	struct tree *ta, *tb;
	const struct tree_node *na, *nb;

	(void)state;
	ta = build(a, 2);
	tb = build(b, 2);
	/* the same entry gets the same name whatever the archive order */
	na = tree_report_node(ta, 0);
	nb = tree_report_node(tb, 1);
	assert_string_equal(tree_node_name(na), tree_node_name(nb));
	assert_string_equal(tree_node_name(na), "2021");
	tree_free(ta);
	tree_free(tb);
}

static void test_tree_build_sanitized_agencies_merge(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "市/县", 2021 },
		{ "b.txt", "市_县", 2021 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 2);
	assert_int_equal(tree_nagencies(t), 1);
	assert_non_null(lookup(t, "/市_县/2021 (2)", NULL));
	tree_free(t);
}

static void test_tree_build_reserved_names(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "index.csv", 2021 },
		{ "b.txt", "README.txt", 2021 },
		{ "c.txt", "all", 2021 },
		{ "d.txt", "by-year", 2021 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 4);
	assert_int_equal(tree_node_kind(lookup(t, "/all", NULL)), TREE_ALL_DIR);
	assert_int_equal(tree_node_kind(lookup(t, "/by-year", NULL)),
			 TREE_BY_YEAR_DIR);
	assert_non_null(lookup(t, "/all_/2021", NULL));
	assert_non_null(lookup(t, "/by-year_/2021", NULL));
	assert_int_equal(tree_node_kind(lookup(t, "/index.csv", NULL)),
			 TREE_INDEX_FILE);
	assert_int_equal(tree_node_kind(lookup(t, "/README.txt", NULL)),
			 TREE_README_FILE);
	assert_non_null(lookup(t, "/index.csv_/2021", NULL));
	assert_non_null(lookup(t, "/README.txt_/2021", NULL));
	tree_free(t);
}

static void test_tree_build_long_agency(void **state)
{
	struct tree_entry e = { "a.txt", NULL, 2021 };
	char agency[1000], path[TREE_NAME_MAX + 100];
	const struct tree_node *root, *n;
	struct tree *t;
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++)
		memcpy(agency + 3 * i, "局", 3);
	agency[900] = '\0';
	e.agency = agency;
	t = build(&e, 1);
	root = tree_root(t);
	n = tree_node_child(t, root, 4); /* after the ASCII root entries */
	assert_int_equal(strlen(tree_node_name(n)), 255);
	snprintf(path, sizeof(path), "/%s/2021", tree_node_name(n));
	assert_non_null(lookup(t, path, NULL));
	tree_free(t);
}


/* ---- /by-year and /all ---------------------------------------------------- */

static char *link_of(const struct tree *t, const char *path)
{
	const struct tree_node *n = lookup(t, path, NULL);
	struct buf b;
	size_t len;

	assert_non_null(n);
	assert_int_equal(tree_node_kind(n), TREE_LINK);
	buf_init(&b, 4096);
	assert_int_equal(tree_link_target(t, n, &b), 0);
	return buf_detach(&b, &len);
}

static void test_tree_by_year(void **state)
{
	static const struct tree_entry e[] = {
		{ "b.txt", "乙局", 2021 },
		{ "a.txt", "甲局", 2020 },
		{ "c.txt", "甲局", 2021 },
		{ "d.txt", "甲局", 2021 },  /* a duplicate: 2021 (2) */
		{ "e.txt", "丙局", 0 },
	};
	const struct tree_node *n;
	struct tree *t;
	char *s;

	(void)state;
	t = build(e, 5);
	n = lookup(t, "/by-year", NULL);
	assert_int_equal(tree_node_nchildren(n), 3);
	assert_string_equal(tree_node_name(tree_node_child(t, n, 0)), "2020");
	assert_string_equal(tree_node_name(tree_node_child(t, n, 1)), "2021");
	assert_string_equal(tree_node_name(tree_node_child(t, n, 2)),
			    TREE_UNKNOWN_YEAR);
	n = lookup(t, "/by-year/2021", NULL);
	assert_int_equal(tree_node_kind(n), TREE_YEAR);
	assert_int_equal(tree_node_nchildren(n), 3);
	s = link_of(t, "/by-year/2021/甲局");
	assert_string_equal(s, "../../甲局/2021");
	free(s);
	s = link_of(t, "/by-year/2021/甲局 (2)");
	assert_string_equal(s, "../../甲局/2021 (2)");
	free(s);
	s = link_of(t, "/by-year/" TREE_UNKNOWN_YEAR "/丙局");
	assert_string_equal(s, "../../丙局/" TREE_UNKNOWN_YEAR);
	free(s);
	assert_int_equal(tree_node_report(lookup(t, "/by-year/2020/甲局", NULL)),
			 1);
	/* nothing below a link: the kernel follows it */
	assert_null(lookup(t, "/by-year/2020/甲局/report.txt", NULL));
	/* the previous year of 甲局/2021 and of its duplicate is report 1 */
	assert_int_equal(tree_report_of_year(t, 2, 2020), 1);
	assert_int_equal(tree_report_of_year(t, 3, 2020), 1);
	assert_int_equal(tree_report_of_year(t, 0, 2020), (size_t)-1);
	assert_int_equal(tree_report_of_year(t, 4, -1), (size_t)-1);
	/* every link lives in its own year, with a name in byte order */
	n = lookup(t, "/by-year/2021", NULL);
	assert_true(strcmp(tree_node_name(tree_node_child(t, n, 0)),
			   tree_node_name(tree_node_child(t, n, 1))) < 0);
	tree_free(t);
}

static void test_tree_all_files(void **state)
{
	static const struct tree_entry e[] = { { "a.txt", "甲局", 2021 } };
	const struct tree_node *n;
	struct tree *t;
	unsigned i;
	char path[64];

	(void)state;
	t = build(e, 1);
	for (i = 0; i < TREE_ALL_COUNT; i++) {
		snprintf(path, sizeof(path), "/all/%s", tree_all_names[i]);
		n = lookup(t, path, NULL);
		assert_non_null(n);
		assert_int_equal(tree_node_kind(n), TREE_ALL_FILE);
		assert_int_equal(tree_node_all(n), i);
		assert_int_equal(tree_node_report(n), (size_t)-1);
	}
	assert_null(lookup(t, "/all/other.csv", NULL));
	tree_free(t);
}

/* A link name keeps its duplicate suffix when the agency is 255 bytes. */
static void test_tree_by_year_long_duplicate(void **state)
{
	char agency[1000], want[TREE_NAME_MAX + 1];
	struct tree_entry e[2] = { { "a.txt", NULL, 2021 },
				   { "b.txt", NULL, 2021 } };
	const struct tree_node *n;
	struct tree *t;
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++)
		memcpy(agency + 3 * i, "局", 3);
	agency[900] = '\0';
	e[0].agency = e[1].agency = agency;
	t = build(e, 2);
	n = lookup(t, "/by-year/2021", NULL);
	assert_int_equal(tree_node_nchildren(n), 2);
	for (i = 0; i < 2; i++)
		assert_true(strlen(tree_node_name(tree_node_child(t, n, i))) <=
			    TREE_NAME_MAX);
	/* 250 bytes of 局 (83 whole ones = 249) and " (2)" */
	memcpy(want, agency, 249);
	memcpy(want + 249, " (2)", 5);
	assert_true(!strcmp(tree_node_name(tree_node_child(t, n, 0)), want) ||
		    !strcmp(tree_node_name(tree_node_child(t, n, 1)), want));
	tree_free(t);
}

/* ---- lookup ------------------------------------------------------------ */

static void test_tree_lookup_rest(void **state)
{
	static const struct tree_entry e[] = { { "a.txt", "甲局", 2021 } };
	const struct tree_node *n;
	const char *rest;
	struct tree *t;

	(void)state;
	t = build(e, 1);
	n = lookup(t, "/甲局/2021/tables/requests.csv", &rest);
	assert_non_null(n);
	assert_int_equal(tree_node_kind(n), TREE_REPORT);
	assert_string_equal(rest, "tables/requests.csv");
	n = lookup(t, "/甲局/2021/report.txt", &rest);
	assert_string_equal(rest, "report.txt");
	tree_free(t);
}

static void test_tree_lookup_root_and_slashes(void **state)
{
	static const struct tree_entry e[] = { { "a.txt", "甲局", 2021 } };
	const char *rest;
	struct tree *t;

	(void)state;
	t = build(e, 1);
	assert_ptr_equal(lookup(t, "/", &rest), tree_root(t));
	assert_string_equal(rest, "");
	assert_ptr_equal(lookup(t, "", &rest), tree_root(t));
	assert_ptr_equal(lookup(t, "//甲局//2021/", NULL),
			 lookup(t, "/甲局/2021", NULL));
	tree_free(t);
}

static void test_tree_lookup_missing(void **state)
{
	static const struct tree_entry e[] = { { "a.txt", "甲局", 2021 } };
	const struct tree_node *n;
	const char *rest;
	struct tree *t;

	(void)state;
	t = build(e, 1);
	assert_int_equal(tree_lookup(t, "/乙局", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/甲局/2020", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/甲", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/甲局局", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/README.txt/x", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/.", &n, &rest), -ENOENT);
	assert_int_equal(tree_lookup(t, "/甲局/..", &n, &rest), -ENOENT);
	tree_free(t);
}

static void test_tree_lookup_prefix_names(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "ab", 2021 },
		{ "b.txt", "a", 2021 },
		{ "c.txt", "abc", 2021 },
	};
	struct tree *t;

	(void)state;
	t = build(e, 3);
	assert_int_equal(tree_node_report(lookup(t, "/a/2021", NULL)), 1);
	assert_int_equal(tree_node_report(lookup(t, "/ab/2021", NULL)), 0);
	assert_int_equal(tree_node_report(lookup(t, "/abc/2021", NULL)), 2);
	tree_free(t);
}

/* ---- inodes and paths --------------------------------------------------- */

static void test_tree_inodes_unique_and_stable(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "甲局", 2021 },
		{ "b.txt", "乙局", 2020 },
		{ "c.txt", "甲局", 2021 },
	};
	uint64_t seen[64];
	size_t nseen = 0, i, j, k;
	const struct tree_node *root, *a, *r;
	struct tree *t, *t2;

	(void)state;
	t = build(e, 3);
	root = tree_root(t);
	assert_int_equal(tree_node_ino(t, root), 1);
	seen[nseen++] = tree_node_ino(t, root);
	for (i = 0; (a = tree_node_child(t, root, i)); i++) {
		seen[nseen++] = tree_node_ino(t, a);
		for (j = 0; (r = tree_node_child(t, a, j)); j++)
			seen[nseen++] = tree_node_ino(t, r);
	}
	for (i = 0; i < 3; i++) {
		seen[nseen++] = tree_report_ino(t, i, 0);
		seen[nseen++] = tree_report_ino(t, i, TREE_REPORT_SLOTS - 1);
	}
	for (i = 0; i < nseen; i++)
		for (k = i + 1; k < nseen; k++)
			assert_true(seen[i] != seen[k]);
	t2 = build(e, 3);
	assert_int_equal(tree_node_ino(t, lookup(t, "/甲局/2021 (2)", NULL)),
			 tree_node_ino(t2, lookup(t2, "/甲局/2021 (2)", NULL)));
	assert_int_equal(tree_report_ino(t, 2, 5), tree_report_ino(t2, 2, 5));
	tree_free(t);
	tree_free(t2);
}

static void test_tree_node_path(void **state)
{
	static const struct tree_entry e[] = {
		{ "a.txt", "甲局", 2021 },
		{ "b.txt", "甲局", 2021 },
	};
	struct tree *t;
	struct buf b;

	(void)state;
	t = build(e, 2);
	buf_init(&b, 4096);
	assert_int_equal(tree_node_path(t, tree_report_node(t, 1), &b), 0);
	assert_string_equal(b.ptr, "/甲局/2021 (2)");
	b.len = 0;
	assert_int_equal(tree_node_path(t, tree_root(t), &b), 0);
	assert_string_equal(b.ptr, "/");
	buf_release(&b);
	tree_free(t);
}

static void test_tree_build_many(void **state)
{
	enum { N = 5000 };
	struct tree_entry *e = calloc(N, sizeof(*e));
	char (*paths)[32] = calloc(N, sizeof(*paths));
	char (*agencies)[32] = calloc(N, sizeof(*agencies));
	const struct tree_node *n;
	struct tree *t;
	size_t i;

	(void)state;
	assert_non_null(e);
	for (i = 0; i < N; i++) {
		snprintf(paths[i], sizeof(paths[i]), "r%05zu.txt", i);
		snprintf(agencies[i], sizeof(agencies[i]), "机关%zu", i % 700);
		e[i].path = paths[i];
		e[i].agency = agencies[i];
		e[i].year = 2015 + (int)(i % 9);
	}
	t = build(e, N);
	assert_int_equal(tree_nagencies(t), 700);
	for (i = 0; i < N; i++) {
		struct buf b;
		const char *rest;

		buf_init(&b, 4096);
		n = tree_report_node(t, i);
		assert_int_equal(tree_node_report(n), i);
		assert_int_equal(tree_node_path(t, n, &b), 0);
		assert_ptr_equal(lookup(t, b.ptr, &rest), n);
		buf_release(&b);
	}
	tree_free(t);
	free(e);
	free(paths);
	free(agencies);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_safe_name_plain),
		cmocka_unit_test(test_tree_safe_name_slash),
		cmocka_unit_test(test_tree_safe_name_controls),
		cmocka_unit_test(test_tree_safe_name_nul_inside),
		cmocka_unit_test(test_tree_safe_name_trim),
		cmocka_unit_test(test_tree_safe_name_empty_and_dots),
		cmocka_unit_test(test_tree_safe_name_invalid_utf8),
		cmocka_unit_test(test_tree_safe_name_cut_on_boundary),
		cmocka_unit_test(test_tree_safe_name_cut_then_trim),
		cmocka_unit_test(test_tree_stem),
		cmocka_unit_test(test_tree_build_empty),
		cmocka_unit_test(test_tree_build_layout),
		cmocka_unit_test(test_tree_build_root_sorted),
		cmocka_unit_test(test_tree_build_unknown_agency_uses_stem),
		cmocka_unit_test(test_tree_build_unknown_year),
		cmocka_unit_test(test_tree_build_duplicates_by_path),
		cmocka_unit_test(test_tree_build_duplicates_same_path),
		cmocka_unit_test(test_tree_build_deterministic),
		cmocka_unit_test(test_tree_build_sanitized_agencies_merge),
		cmocka_unit_test(test_tree_build_reserved_names),
		cmocka_unit_test(test_tree_build_long_agency),
		cmocka_unit_test(test_tree_by_year),
		cmocka_unit_test(test_tree_all_files),
		cmocka_unit_test(test_tree_by_year_long_duplicate),
		cmocka_unit_test(test_tree_lookup_rest),
		cmocka_unit_test(test_tree_lookup_root_and_slashes),
		cmocka_unit_test(test_tree_lookup_missing),
		cmocka_unit_test(test_tree_lookup_prefix_names),
		cmocka_unit_test(test_tree_inodes_unique_and_stable),
		cmocka_unit_test(test_tree_node_path),
		cmocka_unit_test(test_tree_build_many),
	};

	return cmocka_run_group_tests_name("tree", tests, NULL, NULL);
}
