/* SPDX-License-Identifier: MIT */
/* validate-priv.h - helpers shared by the validation rule files */
#ifndef REPORTFS_VALIDATE_PRIV_H
#define REPORTFS_VALIDATE_PRIV_H

#include <stdint.h>

#include "report.h"
#include "validate.h"

/* What a sentence of the report claims, found by narrative_scan(). */
enum claim_kind {
	CLAIM_RECEIVED,     /* 收到/受理…申请N件: 一, or 一+二 */
	CLAIM_NEW,          /* 本年新收N件: 一 */
	CLAIM_CARRIED,      /* 上年结转N件: 二 */
	CLAIM_CARRY_OVER,   /* 结转下年度N件: 四 */
	CLAIM_COMPLETED,    /* 办结/答复N件: (七) */
	CLAIM_PUB_PART,     /* 予以公开及部分公开N件: (一)+(二) */
	CLAIM_PUBLIC,       /* 予以公开N件: (一) */
	CLAIM_PARTIAL,      /* 部分公开N件: (二) */
	CLAIM_DENY,         /* 不予公开N件: (三) */
	CLAIM_NOINFO,       /* 无法提供N件: (四) */
	CLAIM_REFUSE,       /* 不予处理N件: (五) */
	CLAIM_OTHER,        /* 其他处理N件: (六) */
	CLAIM_REVIEW,       /* 行政复议N件, 无行政复议 (n = 0) */
	CLAIM_LITIGATION,   /* 行政诉讼N件, 无行政诉讼 (n = 0) */
	CLAIM_UPHELD,       /* 均获维持; scope in `scope` */
	CLAIM_FEE,          /* 收取…费N元 */
	CLAIM_KIND_COUNT
};

enum claim_scope {
	SCOPE_ALL,
	SCOPE_REVIEW,
	SCOPE_LITIGATION,
};

struct claim {
	enum claim_kind kind;
	enum claim_scope scope; /* CLAIM_UPHELD only */
	int negative;           /* "无行政复议": no number stated */
	int64_t n;              /* the number stated (CLAIM_FEE: > 0 only) */
	uint32_t line;          /* source line */
	int in_other;           /* inside section 六 */
	const char *quote;      /* normalised words of the claim, list-owned */
};

/* Everything a rule function sees. */
struct vctx {
	const struct report *r;
	struct check_list *cl;
	struct claim *claims;   /* from narrative_scan() */
	size_t nclaims;
	int err;                /* first error; later adds are no-ops */
};

/* Add a check; on error records it in v->err. */
void vadd(struct vctx *v, enum verdict vd, const char *rule, uint32_t line,
	  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A cell arithmetic may use: a value, not uncertain, an integer. */
int cell_usable(const struct cell *c);

/* Why a cell is not usable: "not found", "blank", "uncertain", ... */
const char *cell_problem(const struct cell *c);

/*
 * Sum of the 总计 column over the rows [first, last] that belong to the
 * report's layout.  Returns 0 and *sum, or -1 and the first row whose cell
 * is not usable (or overflows) in *bad.
 */
int req_group_sum(const struct report *r, enum req_row first,
		  enum req_row last, int64_t *sum, enum req_row *bad);

/*
 * Find the narrative claims of the report's text; fills v->claims.
 * 0 or -ENOMEM.
 */
int narrative_scan(struct vctx *v);

/* Body of section `s` in key form (heading dropped), in the list's arena. */
const char *section_key_body(struct vctx *v, enum section_id s);

/* The narrative rules, one per id (validate_narrative.c). */
void rule_narrative_received(struct vctx *v, const char *id);
void rule_narrative_new(struct vctx *v, const char *id);
void rule_narrative_carried(struct vctx *v, const char *id);
void rule_narrative_carry_over(struct vctx *v, const char *id);
void rule_narrative_completed(struct vctx *v, const char *id);
void rule_narrative_results(struct vctx *v, const char *id);
void rule_narrative_review(struct vctx *v, const char *id);
void rule_narrative_litigation(struct vctx *v, const char *id);
void rule_narrative_upheld(struct vctx *v, const char *id);

#endif
