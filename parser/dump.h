/* SPDX-License-Identifier: MIT */
/* dump.h - the report model as readable, diffable text (`reportfs parse`) */
#ifndef REPORTFS_DUMP_H
#define REPORTFS_DUMP_H

#include "buf.h"
#include "report.h"

/*
 * Append a line-oriented description of `r` to `out`: identity, template,
 * sections, every table cell and every parser note.  `name` is printed as
 * the file name.  Cells print as the number, "-" for empty in the report,
 * "?" for not found; a trailing "~" marks uncertain cells, "*" deduced ones.
 * Returns 0, -ENOMEM or -EFBIG.  Thread-safe.
 */
int report_dump(const struct report *r, const char *name, struct buf *out);

#endif
