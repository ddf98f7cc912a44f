/* SPDX-License-Identifier: MIT */
/* decode.h - raw report bytes to UTF-8 text with LF line ends */
#ifndef REPORTFS_DECODE_H
#define REPORTFS_DECODE_H

#include <stddef.h>

#include "buf.h"
#include "report.h"

/*
 * Detect the encoding of (data, len) and append the text as UTF-8 to `out`,
 * with CRLF and lone CR turned into LF and any BOM dropped.  In order:
 * a UTF-16LE/BE BOM selects UTF-16; valid UTF-8 (with or without BOM) is
 * taken as is; UTF-8 with a few invalid sequences (a cut-short last
 * character, say) keeps them as U+FFFD; anything else is tried as GB18030
 * (a superset of GBK and GB2312).  *enc says what was found (UTF-16 reports
 * ENCODING_UTF8_BOM for now) and is written only on success.
 * Returns 0; -EILSEQ when the bytes are not text (NUL bytes, many control
 * bytes, undecodable); -ENOMEM or -EFBIG from `out`, which is left as it
 * was on any error.  Thread-safe.
 */
int text_decode(const char *data, size_t len, struct buf *out,
		enum report_encoding *enc);

#endif
