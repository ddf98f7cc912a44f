/* SPDX-License-Identifier: MIT */
/* decode.h - raw report bytes to UTF-8 text with LF line ends */
#ifndef REPORTFS_DECODE_H
#define REPORTFS_DECODE_H

#include <stddef.h>

#include "buf.h"
#include "report.h"

/* What text_decode() found. */
struct text_info {
	enum report_encoding enc;
	const char *charset; /* "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE";
			      * static */
	int bom;             /* the input began with a byte order mark */
	size_t replaced;     /* invalid sequences replaced by U+FFFD */
};

/*
 * Detect the encoding of (data, len) and append the text as UTF-8 to `out`,
 * with CRLF and lone CR turned into LF and any BOM dropped.  In order:
 * a UTF-16LE/BE BOM selects UTF-16 (an unpaired surrogate or an odd last
 * byte becomes U+FFFD); NUL bytes at every other offset, without a BOM,
 * are UTF-16 too if the text decodes cleanly and is mostly CJK; valid
 * UTF-8 (with or without BOM) is taken as is; UTF-8 with a few invalid
 * sequences (a cut-short last character, say) keeps them as U+FFFD;
 * anything else is tried as GB18030 (a superset of GBK and GB2312).
 * *info says what was found and is written only on success.
 * Returns 0; -EILSEQ when the bytes are not text (NUL bytes, many control
 * bytes, undecodable); -ENOMEM or -EFBIG from `out`, which is left as it
 * was on any error.  Thread-safe.
 */
int text_decode(const char *data, size_t len, struct buf *out,
		struct text_info *info);

#endif
