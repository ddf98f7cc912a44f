/* SPDX-License-Identifier: MIT */
/* render-priv.h - the per-format writers behind render_report() */
#ifndef REPORTFS_RENDER_PRIV_H
#define REPORTFS_RENDER_PRIV_H

#include <stddef.h>

#include "buf.h"
#include "render.h"
#include "report.h"
#include "validate.h"

/* Caps on rendered files: hostile input must not make them unbounded. */
#define RENDER_TEXT_MAX ((size_t)REPORT_MAX_BYTES + 16)
#define RENDER_CSV_MAX ((size_t)1 << 20)
#define RENDER_VALIDATION_MAX ((size_t)16 << 20)

/*
 * Each writer appends one file's bytes to `out` and returns 0, -ENOMEM or
 * -EFBIG (from `out`).  Thread-safe: they read the report only.
 */

/* report.txt: the whole text, ending in a newline. */
int render_text_report(const struct report *r, struct buf *out);

/* A section's text from its heading, ending in a newline; the section
 * must be found. */
int render_text_section(const struct report *r, enum section_id s,
			struct buf *out);

/* One RFC 4180 field: quoted (with "" for ") when it holds , " CR or LF. */
int csv_add_field(struct buf *out, const char *s, size_t len);

/* One record of n fields, ending in LF. */
int csv_add_record(struct buf *out, const char *const *fields, size_t n);

/* tables/requests.csv, tables/appeals.csv and tables/proactive.csv. */
int render_csv_requests(const struct report *r, int bom, struct buf *out);
int render_csv_appeals(const struct report *r, int bom, struct buf *out);
int render_csv_proactive(const struct report *r, int bom, struct buf *out);

/* What validation.txt counts: the list plus the caller's extra lines. */
struct validation_counts {
	unsigned failed;
	unsigned warned;
	unsigned passed;
};

/*
 * Count the list's PASS/WARN/FAIL lines plus the NULL-terminated `extra`
 * lines (by their first word) into *c, as validation.txt's status line
 * does.  Thread-safe.
 */
void validation_count(const struct check_list *cl,
		      const char *const *extra, struct validation_counts *c);

/* validation.txt from a check list (see validate.h). */
int render_validation(const struct report *r, const struct render_opts *o,
		      const struct check_list *cl, struct buf *out);

#endif
