/* SPDX-License-Identifier: MIT */
/* decode.c - raw report bytes to UTF-8 text with LF line ends */
#include "decode.h"
#include "common.h"
#include "utf8.h"

#include <errno.h>
#include <string.h>

static int looks_binary(const char *data, size_t len)
{
	size_t i, ctrl = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1b)
			ctrl++;
	}
	return ctrl > 16 && ctrl * 50 > len;
}

static int add_lf_normalised(struct buf *out, const char *s, size_t len)
{
	size_t i, start = 0;
	int err;

	for (i = 0; i < len; i++) {
		if (s[i] != '\r')
			continue;
		err = buf_add(out, s + start, i - start);
		if (!err)
			err = buf_addch(out, '\n');
		if (err)
			return err;
		if (i + 1 < len && s[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	return buf_add(out, s + start, len - start);
}

int text_decode(const char *data, size_t len, struct buf *out,
		enum report_encoding *enc)
{
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
		*enc = ENCODING_UTF8_BOM;
	} else {
		*enc = ENCODING_UTF8;
	}
	if (looks_binary(data, len))
		return -EILSEQ;
	if (!utf8_valid(data, len))
		return -EILSEQ; /* NEEDSWORK: GB18030 */
	return add_lf_normalised(out, data, len);
}
