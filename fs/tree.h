/* SPDX-License-Identifier: MIT */
/*
 * tree.h - the path rules of the mount: safe names, the fixed
 * /agency/year/ directories built from each report's identity, duplicate
 * suffixes, path lookup and stable inode numbers.  Pure: no I/O, no locks.
 */
#ifndef REPORTFS_TREE_H
#define REPORTFS_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Longest path component in bytes (NAME_MAX), not counting the NUL. */
#define TREE_NAME_MAX 255

/* Inode numbers reserved for the files and folders inside one report dir. */
#define TREE_REPORT_SLOTS 64

/* Directory name used when a report's year is not known. */
#define TREE_UNKNOWN_YEAR "unknown"

/* Names of the generated files and folders at the root. */
#define TREE_README "README.txt"
#define TREE_INDEX "index.csv"
#define TREE_ALL "all"
#define TREE_BY_YEAR "by-year"

/* The files of /all: every report's table stacked, and the problems list. */
enum tree_all_file {
	TREE_ALL_APPEALS,   /* appeals.csv */
	TREE_ALL_PROACTIVE, /* proactive.csv */
	TREE_ALL_PROBLEMS,  /* problems.txt */
	TREE_ALL_REQUESTS,  /* requests.csv */
	TREE_ALL_COUNT
};

/* Their names, in byte order (the order above). */
extern const char *const tree_all_names[TREE_ALL_COUNT];

/* One report as the tree needs it; the caller keeps the strings. */
struct tree_entry {
	const char *path;   /* archive entry name, UTF-8: order and file stem */
	const char *agency; /* identified agency, or NULL when unknown */
	int year;           /* identified year, or 0 when unknown */
};

enum tree_kind {
	TREE_ROOT,   /* "/" */
	TREE_README_FILE, /* "/README.txt" */
	TREE_INDEX_FILE,  /* "/index.csv" */
	TREE_AGENCY, /* "/<agency>" */
	TREE_REPORT, /* "/<agency>/<year>": the rendered files live below */
	TREE_ALL_DIR,     /* "/all" */
	TREE_ALL_FILE,    /* "/all/requests.csv" ...: tree_node_all() says which */
	TREE_BY_YEAR_DIR, /* "/by-year" */
	TREE_YEAR,        /* "/by-year/<year>" */
	TREE_LINK,        /* "/by-year/<year>/<agency>": symlink to a report */
};

struct tree;
struct tree_node;

/*
 * Write the safe path component for (s, len) into `out`, which has room
 * for TREE_NAME_MAX + 1 bytes; returns its length (at least 1).  Invalid
 * UTF-8 becomes U+FFFD, '/' becomes '_', line breaks and tabs become a
 * space, other control characters (C0, DEL, C1) become '_'; leading and
 * trailing spaces go, the result is cut to TREE_NAME_MAX bytes on a code
 * point boundary, and "", "." and ".." become "_", "_." and "_..".
 * Thread-safe.
 */
size_t tree_safe_name(const char *s, size_t len, char *out);

/*
 * The file stem of an entry path: its last component without the last
 * extension ("a/b/报告.txt" -> "报告"); the whole last component when
 * stripping would leave nothing.  Returns a view into `path` (*len bytes).
 * Thread-safe.
 */
const char *tree_stem(const char *path, size_t *len);

/*
 * Build the tree for `n` reports.  Report i (the index into `e`) gets the
 * directory /<safe agency or stem>/<year>/; reports that share agency and
 * year are ordered by path (then index) and all but the first get the year
 * suffix " (2)", " (3)", ... .  Agency names that would clash with the root
 * entries (README.txt, index.csv, all, by-year) get a trailing "_".  Each
 * report also gets the link /by-year/<year>/<agency> (with the same
 * " (2)" suffix as its directory); /all holds the tree_all_names files.  Returns 0 and a new tree in *out (caller frees
 * with tree_free()), or -ENOMEM or -EOVERFLOW (too many nodes).  The tree
 * copies what it keeps and is immutable afterwards: any number of threads
 * may use it without locks.
 */
int tree_build(const struct tree_entry *e, size_t n, struct tree **out);

/* Free a tree; NULL is a no-op. */
void tree_free(struct tree *t);

/* The root directory node; borrowed, valid until tree_free(). */
const struct tree_node *tree_root(const struct tree *t);

/*
 * Resolve an absolute path ("/", "/a/2023", "/a/2023/tables/x.csv").
 * On success *node is the deepest fixed node on the path and *rest the
 * remainder below a TREE_REPORT node without leading '/' ("" when the path
 * names the node itself; otherwise only report nodes have a rest).
 * Returns 0, or -ENOENT.  Empty components ("//", trailing '/') are
 * ignored; "." and ".." are not special and do not resolve.
 */
int tree_lookup(const struct tree *t, const char *path,
		const struct tree_node **node, const char **rest);

/* Node accessors; all borrowed from the tree. */
enum tree_kind tree_node_kind(const struct tree_node *n);
const char *tree_node_name(const struct tree_node *n); /* "" for root */
size_t tree_node_nchildren(const struct tree_node *n);

/* Children in byte order of their names; NULL past the end. */
const struct tree_node *tree_node_child(const struct tree *t,
					const struct tree_node *n, size_t i);

/* A child by name, or NULL (binary search). */
const struct tree_node *tree_node_find(const struct tree *t,
				       const struct tree_node *n,
				       const char *name, size_t len);

/* The parent directory of a node (the root for the root); borrowed. */
const struct tree_node *tree_node_parent(const struct tree *t,
					 const struct tree_node *n);

/* The report index of a TREE_REPORT or TREE_LINK node; (size_t)-1 for
 * other kinds. */
size_t tree_node_report(const struct tree_node *n);

/* Which /all file a TREE_ALL_FILE node is. */
enum tree_all_file tree_node_all(const struct tree_node *n);

/*
 * Append the target of a TREE_LINK node, relative to its folder
 * ("../../<agency>/<year>"), to `out`: 0, -ENOMEM, -EFBIG.
 */
int tree_link_target(const struct tree *t, const struct tree_node *n,
		     struct buf *out);

/*
 * The report of the same agency directory for year `year` (the first of
 * its duplicates), or (size_t)-1 when there is none.  For cross-year
 * checks.
 */
size_t tree_report_of_year(const struct tree *t, size_t report, int year);

/*
 * Stable inode number of a node: 1 for the root, then one per node in
 * build order.  Numbers depend only on the build input.
 */
uint64_t tree_node_ino(const struct tree *t, const struct tree_node *n);

/*
 * Inode number for slot `slot` (< TREE_REPORT_SLOTS) inside report
 * `report`'s directory, above every node's number.
 */
uint64_t tree_report_ino(const struct tree *t, size_t report, unsigned slot);

/* The TREE_REPORT node of report `report`; borrowed. */
const struct tree_node *tree_report_node(const struct tree *t, size_t report);

/*
 * Reports sharing agency directory and year with `report`, itself
 * included, ordered by path: *members is borrowed from the tree.  Returns
 * their number (1 when the report is alone).
 */
size_t tree_report_group(const struct tree *t, size_t report,
			 const size_t **members);

/*
 * Reports in listing order (by agency directory, then year): the rank of
 * report `report`, and the report at rank `rank` (< tree_nreports()).
 */
size_t tree_report_rank(const struct tree *t, size_t report);
size_t tree_report_at(const struct tree *t, size_t rank);

/* Append the absolute path of `n` ("/a/2023") to `out`: 0, -ENOMEM, -EFBIG. */
int tree_node_path(const struct tree *t, const struct tree_node *n,
		   struct buf *out);

/* Counts for README.txt and tests. */
size_t tree_nagencies(const struct tree *t);
size_t tree_nreports(const struct tree *t);

#endif
