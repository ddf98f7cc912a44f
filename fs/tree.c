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
	size_t dup;         /* 1 for the first report of an agency and year */
};

const char *const tree_all_names[TREE_ALL_COUNT] = {
	[TREE_ALL_APPEALS] = "appeals.csv",
	[TREE_ALL_PROACTIVE] = "proactive.csv",
	[TREE_ALL_PROBLEMS] = "problems.txt",
	[TREE_ALL_REQUESTS] = "requests.csv",
};

/* Names at the root that agencies must not take. */
static int reserved_name(const char *name)
{
	return !strcmp(name, TREE_README) || !strcmp(name, TREE_INDEX) ||
	       !strcmp(name, TREE_ALL) || !strcmp(name, TREE_BY_YEAR);
}

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
	if (reserved_name(name)) {
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
static int build_agency(struct tree *t, struct item *items, size_t from,
			size_t to, uint32_t ag)
{
	struct tree_node *kids = t->nodes + t->nnodes;
	size_t i, k, g = from, dup = 0;

	t->nodes[ag].first = (uint32_t)t->nnodes;
	t->nodes[ag].count = (uint32_t)(to - from);
	for (i = from; i < to; i++) {
		struct item *it = &items[i];
		struct tree_node *nd = &kids[i - from];
		const char *name;

		if (i == from || it->year != items[i - 1].year) {
			g = i;
			dup = 0;
		}
		dup++;
		it->dup = dup;
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

/* Root children: the files, the two folders and one node per agency. */
static int build_root(struct tree *t, struct item *items, size_t n)
{
	struct tree_node *kids = t->nodes + 1;
	size_t i, k = 0, j;
	int err;

	node_set(&kids[k++], TREE_README, TREE_README_FILE, 0);
	node_set(&kids[k++], TREE_INDEX, TREE_INDEX_FILE, 0);
	node_set(&kids[k++], TREE_ALL, TREE_ALL_DIR, 0);
	node_set(&kids[k++], TREE_BY_YEAR, TREE_BY_YEAR_DIR, 0);
	for (i = 0; i < n; i++) {
		if (i > 0 && !strcmp(items[i].agency, items[i - 1].agency))
			continue;
		node_set(&kids[k], items[i].agency, TREE_AGENCY, 0);
		/* remember where the agency starts in `items` */
		kids[k].report = (uint32_t)i;
		k++;
	}
	t->nagencies = k - 4;
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

/* The files of /all under node `dir`. */
static void build_all(struct tree *t, uint32_t dir)
{
	unsigned i;

	t->nodes[dir].first = (uint32_t)t->nnodes;
	t->nodes[dir].count = TREE_ALL_COUNT;
	for (i = 0; i < TREE_ALL_COUNT; i++) {
		struct tree_node *nd = &t->nodes[t->nnodes++];

		node_set(nd, tree_all_names[i], TREE_ALL_FILE, dir);
		nd->report = i;
	}
}

static int year_cmp(const void *pa, const void *pb)
{
	const struct item *a = *(const struct item *const *)pa;
	const struct item *b = *(const struct item *const *)pb;

	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* "<agency>" or "<agency> (2)", cut on a code point so the suffix fits. */
static const char *link_name(struct arena *ar, const struct item *it)
{
	char suffix[32] = "";
	size_t slen, alen = strlen(it->agency);

	if (it->dup > 1)
		snprintf(suffix, sizeof(suffix), " (%zu)", it->dup);
	slen = strlen(suffix);
	if (alen + slen > TREE_NAME_MAX) {
		alen = TREE_NAME_MAX - slen;
		while (alen > 0 && ((unsigned char)it->agency[alen] & 0xc0) ==
		       0x80)
			alen--;
	}
	return arena_printf(ar, "%.*s%s", (int)alen, it->agency, suffix);
}

/* /by-year/<year>/<agency> links under node `dir`. */
static int build_by_year(struct tree *t, struct item *items, size_t n,
			 uint32_t dir)
{
	const struct item **v = calloc(n ? n : 1, sizeof(*v));
	size_t i, k, y, nyears = 0, first;
	int err = -ENOMEM;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		v[i] = &items[i];
	qsort(v, n, sizeof(*v), year_cmp);
	first = t->nnodes;
	for (i = 0; i < n; i++) {
		struct tree_node *nd;

		if (i > 0 && v[i]->year == v[i - 1]->year)
			continue;
		nd = &t->nodes[first + nyears++];
		node_set(nd, year_name(&t->arena, v[i]->year, 1), TREE_YEAR,
			 dir);
		if (!nd->name)
			goto out;
		nd->report = (uint32_t)i; /* where its reports start in v */
	}
	t->nodes[dir].first = (uint32_t)first;
	t->nodes[dir].count = (uint32_t)nyears;
	t->nnodes += nyears;
	qsort(t->nodes + first, nyears, sizeof(t->nodes[0]), node_cmp);
	for (y = 0; y < nyears; y++) {
		struct tree_node *yn = &t->nodes[first + y];
		size_t from = yn->report, to;

		for (to = from + 1; to < n && v[to]->year == v[from]->year; to++)
			;
		yn->report = NO_REPORT;
		yn->first = (uint32_t)t->nnodes;
		yn->count = (uint32_t)(to - from);
		for (k = from; k < to; k++) {
			struct tree_node *nd = &t->nodes[t->nnodes + k - from];

			node_set(nd, link_name(&t->arena, v[k]), TREE_LINK,
				 (uint32_t)(first + y));
			if (!nd->name)
				goto out;
			nd->report = (uint32_t)v[k]->idx;
		}
		qsort(t->nodes + t->nnodes, to - from, sizeof(t->nodes[0]),
		      node_cmp);
		t->nnodes += to - from;
	}
	err = 0;
out:
	free(v);
	return err;
}

/* /all and /by-year, after the agencies. */
static int build_views(struct tree *t, struct item *items, size_t n)
{
	size_t j;
	int err = 0;

	for (j = 0; j < t->nodes[0].count && !err; j++) {
		uint32_t at = t->nodes[0].first + (uint32_t)j;

		if (t->nodes[at].kind == TREE_ALL_DIR)
			build_all(t, at);
		else if (t->nodes[at].kind == TREE_BY_YEAR_DIR)
			err = build_by_year(t, items, n, at);
	}
	return err;
}

int tree_build(const struct tree_entry *e, size_t n, struct tree **out)
{
	struct item *items;
	struct tree *t;
	size_t i;
	int err = -ENOMEM;

	/* root, 4 root entries, 4 /all files, at most n agencies, n reports,
	 * n years and n links: all in uint32_t */
	if (n > (UINT32_MAX - 9) / 4 - 1 ||
	    n > (UINT64_MAX / TREE_REPORT_SLOTS) / 2)
		return -EOVERFLOW;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	arena_init(&t->arena);
	items = calloc(n ? n : 1, sizeof(*items));
	t->nodes = calloc(9 + 4 * n, sizeof(*t->nodes));
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
	if (!err)
		err = build_views(t, items, n);
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
	if (n->kind != TREE_REPORT && n->kind != TREE_LINK)
		return (size_t)-1;
	return n->report;
}

enum tree_all_file tree_node_all(const struct tree_node *n)
{
	return (enum tree_all_file)n->report;
}

int tree_link_target(const struct tree *t, const struct tree_node *n,
		     struct buf *out)
{
	const struct tree_node *r = tree_report_node(t, n->report);
	int err;

	err = buf_adds(out, "../../");
	if (!err)
		err = buf_adds(out, t->nodes[r->parent].name);
	if (!err)
		err = buf_addch(out, '/');
	if (!err)
		err = buf_adds(out, r->name);
	return err;
}

size_t tree_report_of_year(const struct tree *t, size_t report, int year)
{
	const struct tree_node *r = tree_report_node(t, report), *y;
	char name[16];
	int len;

	if (year <= 0)
		return (size_t)-1;
	len = snprintf(name, sizeof(name), "%d", year);
	y = tree_node_find(t, &t->nodes[r->parent], name, (size_t)len);
	return y ? y->report : (size_t)-1;
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
