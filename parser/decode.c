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

/*
 * Append UTF-16 text (after any BOM) as UTF-8 with line ends normalised.
 * Unpaired surrogates and an odd last byte become U+FFFD, counted in
 * *bad.  A leading U+FEFF is dropped.  0, -ENOMEM or -EFBIG.
 */
static int add_utf16_raw(struct buf *out, const char *data, size_t len,
			 int be, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)data;
	char tmp[4096 + 8];
	size_t i = 0, n = 0;
	int cr = 0, err;

	if (len >= 2 && (be ? s[0] == 0xFE && s[1] == 0xFF
			    : s[0] == 0xFF && s[1] == 0xFE))
		i = 2;
	for (; i + 1 < len; i += 2) {
		uint32_t u = be ? (uint32_t)s[i] << 8 | s[i + 1]
				: (uint32_t)s[i + 1] << 8 | s[i];

		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t v = be ? (uint32_t)s[i + 2] << 8 | s[i + 3]
					: (uint32_t)s[i + 3] << 8 | s[i + 2];

			if (v >= 0xDC00 && v <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (v - 0xDC00);
				i += 2;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			u = 0xFFFD;
			(*bad)++;
		}
		if (u == '\n' && cr) {
			cr = 0;
			continue; /* the LF of a CRLF */
		}
		cr = u == '\r';
		if (cr)
			u = '\n';
		n += utf8_encode(u, tmp + n);
		if (n >= sizeof(tmp) - 8) {
			err = buf_add(out, tmp, n);
			if (err)
				return err;
			n = 0;
		}
	}
	if (len % 2) {
		/* cut short in the middle of a code unit */
		n += utf8_encode(0xFFFD, tmp + n);
		(*bad)++;
	}
	return buf_add(out, tmp, n);
}

/*
 * Append UTF-16 text as UTF-8 (see add_utf16_raw), refusing binary
 * content; without a BOM (`guessed`) it must also be valid and look like
 * Chinese text.  0, -EILSEQ, -ENOMEM or -EFBIG.
 */
static int add_utf16(struct buf *out, const char *data, size_t len, int be,
		     int guessed, size_t *bad)
{
	size_t start = out->len;
	struct text_scan ts;
	int err;

	err = add_utf16_raw(out, data, len, be, bad);
	if (err)
		return err;
	text_scan(out->ptr + start, out->len - start, &ts);
	if (scan_is_binary(&ts, out->len - start))
		return -EILSEQ;
	/* a quarter of the code units CJK and such: a Chinese report */
	if (guessed && (*bad || ts.wide * 4 < len / 2))
		return -EILSEQ;
	return 0;
}

/*
 * UTF-16 without a BOM: the high bytes of ASCII (digits, tabs, line
 * ends) are NUL, all at odd offsets (LE) or all at even ones (BE).
 * Returns 0 (LE), 1 (BE) or -1 (not UTF-16 by the look of it).
 */
static int utf16_guess(const char *data, size_t len)
{
	size_t i, zeros[2] = { 0, 0 }, units = len / 2;

	if (len < 16 || len % 2)
		return -1;
	for (i = 0; i < len; i++)
		zeros[i % 2] += data[i] == 0;
	/* CJK U+xx00 put their NUL on the other side: "一" is 00 4E in LE */
	if (zeros[1] >= 4 && zeros[1] * 16 >= units &&
	    zeros[0] * 4 <= zeros[1])
		return 0;
	if (zeros[0] >= 4 && zeros[0] * 16 >= units &&
	    zeros[1] * 4 <= zeros[0])
		return 1;
	return -1;
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
		  struct text_info *info)
{
	struct text_scan ts;
	int err, be;

	if (has_prefix(data, len, "\xFF\xFE", 2) ||
	    has_prefix(data, len, "\xFE\xFF", 2)) {
		be = data[0] == '\xFE';
		info->enc = ENCODING_UTF16;
		info->charset = be ? "UTF-16BE" : "UTF-16LE";
		info->bom = 1;
		return add_utf16(out, data, len, be, 0, &info->replaced);
	}
	info->enc = ENCODING_UTF8;
	info->charset = "UTF-8";
	if (has_prefix(data, len, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
		info->enc = ENCODING_UTF8_BOM;
		info->bom = 1;
	}
	text_scan(data, len, &ts);
	/* UTF-16 Chinese read as UTF-8 is mostly invalid */
	if (ts.nul && info->enc == ENCODING_UTF8 && ts.bad > ts.wide &&
	    (be = utf16_guess(data, len)) >= 0) {
		info->enc = ENCODING_UTF16;
		info->charset = be ? "UTF-16BE" : "UTF-16LE";
		return add_utf16(out, data, len, be, 1, &info->replaced);
	}
	if (scan_is_binary(&ts, len))
		return -EILSEQ;
	if (!ts.bad)
		return add_lf_normalised(out, data, len);
	/* UTF-8 Chinese text with a few bad bytes, or cut short at the end */
	info->replaced = ts.bad;
	if (ts.wide >= 8 * ts.bad)
		return add_utf8_lossy(out, data, len);
	if (info->enc != ENCODING_UTF8_BOM) {
		err = add_converted(out, "GB18030", data, len);
		if (!err) {
			info->enc = ENCODING_GB18030;
			info->charset = "GB18030";
			info->replaced = 0;
		}
		if (err != -EILSEQ)
			return err;
	}
	/* not GB18030 either: UTF-8 if more of it is valid than not */
	if (ts.wide >= ts.bad)
		return add_utf8_lossy(out, data, len);
	return -EILSEQ;
}

int text_decode(const char *data, size_t len, struct buf *out,
		struct text_info *info)
{
	size_t start = out->len;
	struct text_info ti = { ENCODING_UTF8, "UTF-8", 0, 0 };
	int err;

	err = decode(data, len, out, &ti);
	if (err) {
		/* leave `out` as it was */
		if (out->ptr) {
			out->len = start;
			out->ptr[start] = '\0';
		}
		return err;
	}
	*info = ti;
	return 0;
}
