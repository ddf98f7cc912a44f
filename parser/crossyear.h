/* SPDX-License-Identifier: MIT */
/*
 * crossyear.h - checks of a report against the same agency's report for
 * the previous year: 结转 carried over correctly, text or tables copied
 * from last year, 现行有效件数 consistent with last year's.
 */
#ifndef REPORTFS_CROSSYEAR_H
#define REPORTFS_CROSSYEAR_H

#include "buf.h"
#include "report.h"

/*
 * Compare `cur` with `prev` (the same agency, the year before) and append
 * one validation.txt line per check to `out`, each "VERDICT rule message"
 * and a newline:
 *   crossyear.carry      prev 四、结转下年度 = cur 二、上年结转, per column (FAIL)
 *   crossyear.copy       sections or tables identical to last year's apart
 *                        from the year (WARN), else the text's similarity (PASS)
 *   crossyear.normative  prev 现行有效件数 + 本年制发 − 本年废止 vs 现行有效件数
 *                        (2021; 2019: 对外公开总数量 + 本年新公开数量; INFO
 *                        only: documents also lapse)
 * Returns 0, -ENOMEM or -EFBIG.  Thread-safe: reads both reports only.
 */
int crossyear_check(const struct report *prev, const struct report *cur,
		    struct buf *out);

/*
 * Similarity of two texts in percent (0..100): the share of distinct
 * 4-character shingles they have in common (Jaccard, estimated on a 64 Kbit
 * sketch), over their normalised key text with years (1990..2099) masked.
 * 100 only when those texts are equal.  -ENOMEM on failure.
 */
int crossyear_similarity(const char *a, size_t alen, const char *b,
			 size_t blen);

#endif
