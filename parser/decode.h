/* SPDX-License-Identifier: MIT */
/* decode.h - raw report bytes to UTF-8 text with LF line ends */
#ifndef REPORTFS_DECODE_H
#define REPORTFS_DECODE_H

#include <stddef.h>

#include "buf.h"
#include "report.h"

/*
 * Detect the encoding of (data, len) -- UTF-8 with or without BOM, or
 * GB18030/GBK -- and append the text as UTF-8 to `out`, with CRLF and CR
 * turned into LF and the BOM dropped.  *enc says what was found.
 * Returns 0; -EILSEQ when the bytes are not text (NUL bytes, binary,
 * undecodable); -ENOMEM or -EFBIG from `out`.
 */
int text_decode(const char *data, size_t len, struct buf *out,
		enum report_encoding *enc);

#endif
