/* SPDX-License-Identifier: MIT */
/* decode.c - raw report bytes to UTF-8 text with LF line ends */
#include "decode.h"
#include "common.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* What one pass over the raw bytes found. */
struct text_scan {
	size_t bad;   /* invalid UTF-8 sequences */
	size_t wide;  /* valid UTF-8 code points >= U+0800 (CJK and such) */
	size_t ctrl;  /* control bytes other than white space */
	int nul;      /* a NUL byte was seen */
};

/*
 * Length of the invalid UTF-8 at the start of (s, len): a lead byte and the
 * continuation bytes that follow it, short of a whole sequence, count as
 * one error (one U+FFFD), as in the Unicode "maximal subpart" practice.
 */
static size_t utf8_bad_len(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t need, i;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 4;
	else
		return 1;
	for (i = 1; i < need && i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			break;
	return i < need ? i : 1;
}

static void text_scan(const char *data, size_t len, struct text_scan *ts)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, n;
	uint32_t cp;

	memset(ts, 0, sizeof(*ts));
	while (i < len) {
		unsigned char c = s[i];

		/* the common case: a well-formed 3-byte (CJK) sequence */
		if (c >= 0xE1 && c <= 0xEC && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			ts->wide++;
			i += 3;
			continue;
		}
		if (c >= 0x80) {
			n = utf8_decode(data + i, len - i, &cp);
			if (n > 1) {
				ts->wide += cp >= 0x800;
			} else {
				ts->bad++;
				n = utf8_bad_len(data + i, len - i);
			}
			i += n;
			continue;
		}
		if (c == 0)
			ts->nul = 1;
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
			 c != '\v' && c != '\f' && c != 0x1a && c != 0x1b)
			ts->ctrl++; /* 0x1a: DOS end of file; 0x1b: stray ESC */
		i++;
	}
}

static int scan_is_binary(const struct text_scan *ts, size_t len)
{
	return ts->nul || (ts->ctrl > 16 && ts->ctrl * 50 > len);
}

/* Append (s, len) to `out` with CRLF and lone CR turned into LF. */
static int add_lf_normalised(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len, *cr;
	int err;

	while ((cr = memchr(s, '\r', (size_t)(end - s)))) {
		err = buf_add(out, s, (size_t)(cr - s));
		if (!err)
			err = buf_addch(out, '\n');
		if (err)
			return err;
		s = cr + 1;
		if (s < end && *s == '\n')
			s++;
	}
	return buf_add(out, s, (size_t)(end - s));
}

/*
 * Convert (data, len) from `charset` to UTF-8 and append it, line ends
 * normalised.  A leading U+FEFF in the result is dropped.  Returns 0,
 * -EILSEQ (invalid or truncated input, or no converter for `charset`),
 * -ENOMEM or -EFBIG.
 */
static int add_converted(struct buf *out, const char *charset,
			 const char *data, size_t len)
{
	size_t cap, in_left, out_left, used;
	char *tmp, *grown, *in, *o;
	const char *text;
	iconv_t cd;
	int err = 0;

	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return errno == ENOMEM ? -ENOMEM : -EILSEQ;
	/* 2 bytes of GB18030 or UTF-16 become at most 3 of UTF-8 */
	if (len > (SIZE_MAX - 64) / 2) {
		err = -EFBIG;
		goto out_close;
	}
	cap = len + len / 2 + 64;
	tmp = malloc(cap);
	if (!tmp) {
		err = -ENOMEM;
		goto out_close;
	}
	in = (char *)data;
	in_left = len;
	o = tmp;
	out_left = cap;
	while (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
		if (errno != E2BIG) {
			err = -EILSEQ; /* EILSEQ, or EINVAL: cut short */
			goto out_free_tmp;
		}
		used = (size_t)(o - tmp);
		if (cap > SIZE_MAX / 2) {
			err = -EFBIG;
			goto out_free_tmp;
		}
		grown = realloc(tmp, cap * 2);
		if (!grown) {
			err = -ENOMEM;
			goto out_free_tmp;
		}
		tmp = grown;
		o = tmp + used;
		out_left += cap;
		cap *= 2;
	}
	text = tmp;
	used = (size_t)(o - tmp);
	if (used >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		used -= 3;
	}
	err = add_lf_normalised(out, text, used);
out_free_tmp:
	free(tmp);
out_close:
	iconv_close(cd);
	return err;
}

/* Append UTF-16 text (after its BOM) as UTF-8, refusing binary content. */
static int add_utf16(struct buf *out, const char *charset, const char *data,
		     size_t len)
{
	size_t start = out->len;
	struct text_scan ts;
	int err;

	err = add_converted(out, charset, data, len);
	if (err)
		return err;
	text_scan(out->ptr + start, out->len - start, &ts);
	return scan_is_binary(&ts, out->len - start) ? -EILSEQ : 0;
}

/*
 * Append UTF-8 text that has a few invalid sequences, each replaced by
 * U+FFFD.
 */
static int add_utf8_lossy(struct buf *out, const char *data, size_t len)
{
	size_t i = 0, start = 0, n;
	uint32_t cp;
	int err;

	while (i < len) {
		if ((unsigned char)data[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(data + i, len - i, &cp);
		if (n > 1) {
			i += n;
			continue;
		}
		err = add_lf_normalised(out, data + start, i - start);
		if (!err)
			err = buf_adds(out, "\xEF\xBF\xBD");
		if (err)
			return err;
		i += utf8_bad_len(data + i, len - i);
		start = i;
	}
	return add_lf_normalised(out, data + start, len - start);
}

static int has_prefix(const char *data, size_t len, const char *prefix,
		      size_t n)
{
	return len >= n && !memcmp(data, prefix, n);
}

static int decode(const char *data, size_t len, struct buf *out,
		  enum report_encoding *enc)
{
	struct text_scan ts;
	int err;

	/*
	 * NEEDSWORK: UTF-16 input reports ENCODING_UTF8_BOM until report.h
	 * has an ENCODING_UTF16 value.
	 */
	if (has_prefix(data, len, "\xFF\xFE", 2)) {
		*enc = ENCODING_UTF8_BOM;
		return add_utf16(out, "UTF-16LE", data + 2, len - 2);
	}
	if (has_prefix(data, len, "\xFE\xFF", 2)) {
		*enc = ENCODING_UTF8_BOM;
		return add_utf16(out, "UTF-16BE", data + 2, len - 2);
	}
	*enc = ENCODING_UTF8;
	if (has_prefix(data, len, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
		*enc = ENCODING_UTF8_BOM;
	}
	text_scan(data, len, &ts);
	if (scan_is_binary(&ts, len))
		return -EILSEQ;
	if (!ts.bad)
		return add_lf_normalised(out, data, len);
	/* UTF-8 Chinese text with a few bad bytes, or cut short at the end */
	if (ts.wide >= 8 * ts.bad)
		return add_utf8_lossy(out, data, len);
	if (*enc != ENCODING_UTF8_BOM) {
		err = add_converted(out, "GB18030", data, len);
		if (!err)
			*enc = ENCODING_GB18030;
		if (err != -EILSEQ)
			return err;
	}
	/* not GB18030 either: UTF-8 if more of it is valid than not */
	if (ts.wide >= ts.bad)
		return add_utf8_lossy(out, data, len);
	return -EILSEQ;
}

int text_decode(const char *data, size_t len, struct buf *out,
		enum report_encoding *enc)
{
	size_t start = out->len;
	enum report_encoding e;
	int err;

	err = decode(data, len, out, &e);
	if (err) {
		/* leave `out` as it was */
		if (out->ptr) {
			out->len = start;
			out->ptr[start] = '\0';
		}
		return err;
	}
	*enc = e;
	return 0;
}
