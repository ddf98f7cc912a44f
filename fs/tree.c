/* SPDX-License-Identifier: MIT */
/* tree.c - the /agency/year/ path rules of the mount: names, duplicates, lookup */
#include "tree.h"
#include "common.h"
#include "arena.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_REPORT UINT32_MAX

struct tree_node {
	const char *name;  /* arena-owned; "" for the root */
	uint32_t first;    /* index of the first child in tree.nodes */
	uint32_t count;    /* children, contiguous and sorted by name */
	uint32_t parent;   /* the root is its own parent */
	uint32_t report;   /* TREE_REPORT: report index, else NO_REPORT */
	enum tree_kind kind;
};

struct tree {
	struct tree_node *nodes;
	size_t nnodes;
	size_t nagencies;
	size_t nreports;
	uint32_t *report_node;  /* report -> index of its TREE_REPORT node */
	uint32_t *group_start;  /* report -> first member in `order` */
	uint32_t *group_len;    /* report -> members in its group */
	size_t *order;          /* reports by (agency, year, path, index) */
	uint32_t *rank;         /* report -> its place in `order` */
	struct arena arena;     /* node names */
};

/* One report while building: its final agency directory name and year. */
struct item {
	const char *agency; /* safe name, arena-owned */
	const char *path;
	int year;
	size_t idx;
};

static int is_space(uint32_t cp)
{
	return cp == ' ';
}

static uint32_t safe_cp(uint32_t cp)
{
	if (cp == '/')
		return '_';
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return '_';
	return cp;
}

size_t tree_safe_name(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0, n, k;
	char enc[4];
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		cp = safe_cp(cp);
		if (o == 0 && is_space(cp))
			continue;
		k = utf8_encode(cp, enc);
		if (o + k > TREE_NAME_MAX)
			break;
		memcpy(out + o, enc, k);
		o += k;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	if (o == 0 || !strcmp(out, ".") || !strcmp(out, "..")) {
		n = o;
		memmove(out + 1, out, n + 1);
		out[0] = '_';
		o = n + 1;
	}
	return o;
}

const char *tree_stem(const char *path, size_t *len)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t blen;

	base = base ? base + 1 : path;
	blen = strlen(base);
	if (blen == 0) {
		*len = strlen(path);
		return path;
	}
	dot = strrchr(base, '.');
	*len = dot && dot != base ? (size_t)(dot - base) : blen;
	return base;
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = strcmp(a->agency, b->agency);

	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	c = strcmp(a->path, b->path);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int node_cmp(const void *pa, const void *pb)
{
	const struct tree_node *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* The agency directory name of one report, in the arena. */
static const char *agency_name(struct arena *ar, const struct tree_entry *e)
{
	char name[TREE_NAME_MAX + 2];
	const char *s = e->agency;
	size_t len, n;

	if (s)
		s += strspn(s, " \t\r\n");
	if (s && *s) {
		len = strlen(s);
	} else {
		/* unknown agency: the entry's file stem */
		s = tree_stem(e->path, &len);
	}
	n = tree_safe_name(s, len, name);
	if (!strcmp(name, TREE_README) || !strcmp(name, TREE_INDEX)) {
		name[n++] = '_';
		name[n] = '\0';
	}
	return arena_strndup(ar, name, n);
}

/* "2023", "2023 (2)", "unknown", "unknown (3)". */
static const char *year_name(struct arena *ar, int year, size_t dup)
{
	char y[32];

	if (year)
		snprintf(y, sizeof(y), "%d", year);
	else
		snprintf(y, sizeof(y), "%s", TREE_UNKNOWN_YEAR);
	if (dup == 1)
		return arena_strndup(ar, y, strlen(y));
	return arena_printf(ar, "%s (%zu)", y, dup);
}

static void node_set(struct tree_node *nd, const char *name,
		     enum tree_kind kind, uint32_t parent)
{
	nd->name = name;
	nd->kind = kind;
	nd->parent = parent;
	nd->first = 0;
	nd->count = 0;
	nd->report = NO_REPORT;
}

/* Lay out the reports of items[from, to) (one agency) under node `ag`. */
static int build_agency(struct tree *t, const struct item *items, size_t from,
			size_t to, uint32_t ag)
{
	struct tree_node *kids = t->nodes + t->nnodes;
	size_t i, k, g = from, dup = 0;

	t->nodes[ag].first = (uint32_t)t->nnodes;
	t->nodes[ag].count = (uint32_t)(to - from);
	for (i = from; i < to; i++) {
		const struct item *it = &items[i];
		struct tree_node *nd = &kids[i - from];
		const char *name;

		if (i == from || it->year != items[i - 1].year) {
			g = i;
			dup = 0;
		}
		dup++;
		name = year_name(&t->arena, it->year, dup);
		if (!name)
			return -ENOMEM;
		node_set(nd, name, TREE_REPORT, ag);
		nd->report = (uint32_t)it->idx;
		t->group_start[it->idx] = (uint32_t)g;
	}
	/* group sizes: members of a group are contiguous in `items` */
	for (i = from; i < to; i = k) {
		for (k = i + 1; k < to && items[k].year == items[i].year; k++)
			;
		for (g = i; g < k; g++)
			t->group_len[items[g].idx] = (uint32_t)(k - i);
	}
	qsort(kids, to - from, sizeof(*kids), node_cmp);
	for (i = 0; i < to - from; i++)
		t->report_node[kids[i].report] = (uint32_t)(t->nnodes + i);
	t->nnodes += to - from;
	return 0;
}

/* Root children: the two files and one node per distinct agency. */
static int build_root(struct tree *t, const struct item *items, size_t n)
{
	struct tree_node *kids = t->nodes + 1;
	size_t i, k = 0, j;
	int err;

	node_set(&kids[k++], TREE_README, TREE_README_FILE, 0);
	node_set(&kids[k++], TREE_INDEX, TREE_INDEX_FILE, 0);
	for (i = 0; i < n; i++) {
		if (i > 0 && !strcmp(items[i].agency, items[i - 1].agency))
			continue;
		node_set(&kids[k], items[i].agency, TREE_AGENCY, 0);
		/* remember where the agency starts in `items` */
		kids[k].report = (uint32_t)i;
		k++;
	}
	t->nagencies = k - 2;
	t->nodes[0].first = 1;
	t->nodes[0].count = (uint32_t)k;
	t->nnodes = 1 + k;
	qsort(kids, k, sizeof(*kids), node_cmp);
	for (j = 0; j < k; j++) {
		size_t from, to;

		if (kids[j].kind != TREE_AGENCY)
			continue;
		from = kids[j].report;
		for (to = from + 1; to < n &&
		     !strcmp(items[to].agency, items[from].agency); to++)
			;
		kids[j].report = NO_REPORT;
		err = build_agency(t, items, from, to, (uint32_t)(j + 1));
		if (err)
			return err;
	}
	return 0;
}

int tree_build(const struct tree_entry *e, size_t n, struct tree **out)
{
	struct item *items;
	struct tree *t;
	size_t i;
	int err = -ENOMEM;

	/* root + 2 files + at most n agencies + n reports, all in uint32_t */
	if (n > (UINT32_MAX - 3) / 2 - 1 ||
	    n > (UINT64_MAX / TREE_REPORT_SLOTS) / 2)
		return -EOVERFLOW;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	arena_init(&t->arena);
	items = calloc(n ? n : 1, sizeof(*items));
	t->nodes = calloc(3 + 2 * n, sizeof(*t->nodes));
	t->report_node = calloc(n ? n : 1, sizeof(*t->report_node));
	t->group_start = calloc(n ? n : 1, sizeof(*t->group_start));
	t->group_len = calloc(n ? n : 1, sizeof(*t->group_len));
	t->order = calloc(n ? n : 1, sizeof(*t->order));
	t->rank = calloc(n ? n : 1, sizeof(*t->rank));
	if (!items || !t->nodes || !t->report_node || !t->group_start ||
	    !t->group_len || !t->order || !t->rank)
		goto out_free;
	t->nreports = n;
	for (i = 0; i < n; i++) {
		items[i].agency = agency_name(&t->arena, &e[i]);
		if (!items[i].agency)
			goto out_free;
		items[i].path = e[i].path;
		items[i].year = e[i].year > 0 ? e[i].year : 0;
		items[i].idx = i;
	}
	qsort(items, n, sizeof(*items), item_cmp);
	for (i = 0; i < n; i++) {
		t->order[i] = items[i].idx;
		t->rank[items[i].idx] = (uint32_t)i;
	}
	node_set(&t->nodes[0], "", TREE_ROOT, 0);
	err = build_root(t, items, n);
	if (err)
		goto out_free;
	free(items);
	*out = t;
	return 0;

out_free:
	free(items);
	tree_free(t);
	return err;
}

void tree_free(struct tree *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->report_node);
	free(t->group_start);
	free(t->group_len);
	free(t->order);
	free(t->rank);
	arena_release(&t->arena);
	free(t);
}

const struct tree_node *tree_root(const struct tree *t)
{
	return &t->nodes[0];
}

const struct tree_node *tree_node_find(const struct tree *t,
				       const struct tree_node *n,
				       const char *name, size_t len)
{
	size_t lo = 0, hi = n->count;

	if (len > TREE_NAME_MAX)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct tree_node *c = &t->nodes[n->first + mid];
		int cmp = strncmp(c->name, name, len);

		if (cmp == 0 && c->name[len] != '\0')
			cmp = 1;
		if (cmp == 0)
			return c;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int tree_lookup(const struct tree *t, const char *path,
		const struct tree_node **node, const char **rest)
{
	const struct tree_node *n = &t->nodes[0];
	const char *p = path;

	for (;;) {
		const char *end;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (n->kind == TREE_REPORT)
			break;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		n = tree_node_find(t, n, p, (size_t)(end - p));
		if (!n)
			return -ENOENT;
		p = end;
	}
	*node = n;
	*rest = p;
	return 0;
}

enum tree_kind tree_node_kind(const struct tree_node *n)
{
	return n->kind;
}

const char *tree_node_name(const struct tree_node *n)
{
	return n->name;
}

size_t tree_node_nchildren(const struct tree_node *n)
{
	return n->count;
}

const struct tree_node *tree_node_child(const struct tree *t,
					const struct tree_node *n, size_t i)
{
	return i < n->count ? &t->nodes[n->first + i] : NULL;
}

const struct tree_node *tree_node_parent(const struct tree *t,
					 const struct tree_node *n)
{
	return &t->nodes[n->parent];
}

size_t tree_node_report(const struct tree_node *n)
{
	return n->report == NO_REPORT ? (size_t)-1 : n->report;
}

uint64_t tree_node_ino(const struct tree *t, const struct tree_node *n)
{
	return (uint64_t)(n - t->nodes) + 1;
}

uint64_t tree_report_ino(const struct tree *t, size_t report, unsigned slot)
{
	return (uint64_t)t->nnodes + 1 + (uint64_t)report * TREE_REPORT_SLOTS +
	       slot;
}

const struct tree_node *tree_report_node(const struct tree *t, size_t report)
{
	return &t->nodes[t->report_node[report]];
}

size_t tree_report_group(const struct tree *t, size_t report,
			 const size_t **members)
{
	*members = t->order + t->group_start[report];
	return t->group_len[report];
}

size_t tree_report_rank(const struct tree *t, size_t report)
{
	return t->rank[report];
}

size_t tree_report_at(const struct tree *t, size_t rank)
{
	return t->order[rank];
}

int tree_node_path(const struct tree *t, const struct tree_node *n,
		   struct buf *out)
{
	const struct tree_node *chain[3];
	size_t depth = 0;
	int err;

	if (n->kind == TREE_ROOT)
		return buf_addch(out, '/');
	/* the tree is three levels deep: root, agency, report */
	while (n->kind != TREE_ROOT && depth < ARRAY_SIZE(chain)) {
		chain[depth++] = n;
		n = &t->nodes[n->parent];
	}
	while (depth--) {
		err = buf_addch(out, '/');
		if (!err)
			err = buf_adds(out, chain[depth]->name);
		if (err)
			return err;
	}
	return 0;
}

size_t tree_nagencies(const struct tree *t)
{
	return t->nagencies;
}

size_t tree_nreports(const struct tree *t)
{
	return t->nreports;
}
