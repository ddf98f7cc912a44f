/* SPDX-License-Identifier: MIT */
/*
 * validate.h - the review rules: a parsed report checked the way a 政务公开办
 * reviewer would (勾稽关系, sums, structure, identity, values, narrative),
 * as a list of verdicts with stable rule ids, rendered as validation.txt.
 */
#ifndef REPORTFS_VALIDATE_H
#define REPORTFS_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "report.h"

enum verdict {
	VERDICT_PASS,
	VERDICT_INFO, /* a note; not counted in the status line */
	VERDICT_WARN,
	VERDICT_FAIL,
	VERDICT_COUNT
};

struct check {
	enum verdict verdict;
	const char *rule;    /* stable id, "requests.balance"; static storage */
	const char *message; /* UTF-8, one line, owned by the list */
	uint32_t line;       /* source line the check is about, 0: none */
};

struct check_list {
	struct check *v;                /* in rule order */
	size_t n;
	size_t cap;
	unsigned count[VERDICT_COUNT]; /* checks per verdict */
	struct arena arena;            /* private: owns the messages */
};

/*
 * Run every rule on `r`.  Each check that runs adds a line, PASS too; a
 * rule that cannot run because cells or sections are missing adds a WARN
 * ("cannot check: ...").  Parser diags are added as INFO (or WARN) lines
 * under the rule they concern.  Returns 0 and a new list in *out (caller
 * frees with check_list_free()), or -ENOMEM.  Thread-safe: reads `r` only.
 */
int validate_report(const struct report *r, struct check_list **out);

/* Free a list and its messages; NULL is a no-op. */
void check_list_free(struct check_list *cl);

/* 0 PASS, 1 WARN, 2 FAIL: the worst counted verdict of the list. */
int check_list_status(const struct check_list *cl);

/* "PASS", "INFO", "WARN", "FAIL". */
const char *verdict_name(enum verdict v);

/*
 * Nonzero when table 三 row `row` belongs to this report's layout: the
 * single (六) row, or its three sub-rows when r->req.other_split.  Rows of
 * the layout are what requests.csv lists and what the sums cover.
 */
int report_req_row_used(const struct report *r, enum req_row row);

/*
 * The i-th rule id in the order validation.txt lists them, or NULL past the
 * last; static storage.  For documentation and tests.  Thread-safe.
 */
const char *validate_rule_id(size_t i);

#endif
