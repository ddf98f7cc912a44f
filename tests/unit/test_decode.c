/* SPDX-License-Identifier: MIT */
/* test_decode.c - unit tests for text_decode(): encodings, line ends, binary */
#include "common.h"
#include "buf.h"
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define OUT_MAX (16u << 20)

/* A sample report in UTF-8 and the same text converted at test time. */
struct sample {
	char *utf8;
	size_t utf8_len;
	char *gb;       /* GB18030 */
	size_t gb_len;
	char *gb_crlf;  /* GB18030 with CRLF line ends */
	size_t gb_crlf_len;
	char *u16le;    /* UTF-16LE with BOM */
	size_t u16le_len;
	char *u16be;    /* UTF-16BE with BOM */
	size_t u16be_len;
};

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out_close;
	p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
		goto out_close;
	}
	if (p) {
		p[n] = '\0';
		*len = (size_t)n;
	}
out_close:
	fclose(f);
	return p;
}

/* Convert with iconv into a new buffer; NULL on any failure. */
static char *convert(const char *to, const char *from, const char *s,
		     size_t len, const char *prefix, size_t prefix_len,
		     size_t *out_len)
{
	size_t cap = len * 4 + prefix_len + 16, left = cap - prefix_len;
	char *in = (char *)s, *buf = malloc(cap), *o;
	iconv_t cd = iconv_open(to, from);

	if (!buf || cd == (iconv_t)-1)
		goto fail;
	memcpy(buf, prefix, prefix_len);
	o = buf + prefix_len;
	if (iconv(cd, &in, &len, &o, &left) == (size_t)-1)
		goto fail;
	iconv_close(cd);
	*out_len = (size_t)(o - buf);
	return buf;
fail:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(buf);
	return NULL;
}

/* Replace every LF by CRLF; a new buffer. */
static char *to_crlf(const char *s, size_t len, size_t *out_len)
{
	char *p = malloc(len * 2 + 1);
	size_t i, n = 0;

	if (!p)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			p[n++] = '\r';
		p[n++] = s[i];
	}
	*out_len = n;
	return p;
}

static int setup_sample(void **state)
{
	struct sample *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	*state = s;
	s->utf8 = read_whole(TEST_DATA_DIR "/seed004/input.txt", &s->utf8_len);
	if (!s->utf8)
		return -1;
	s->gb = convert("GB18030", "UTF-8", s->utf8, s->utf8_len, "", 0,
			&s->gb_len);
	s->u16le = convert("UTF-16LE", "UTF-8", s->utf8, s->utf8_len,
			   "\xFF\xFE", 2, &s->u16le_len);
	s->u16be = convert("UTF-16BE", "UTF-8", s->utf8, s->utf8_len,
			   "\xFE\xFF", 2, &s->u16be_len);
	if (!s->gb || !s->u16le || !s->u16be)
		return -1;
	s->gb_crlf = to_crlf(s->gb, s->gb_len, &s->gb_crlf_len);
	return s->gb_crlf ? 0 : -1;
}

static int teardown_sample(void **state)
{
	struct sample *s = *state;

	if (s) {
		free(s->utf8);
		free(s->gb);
		free(s->gb_crlf);
		free(s->u16le);
		free(s->u16be);
		free(s);
	}
	return 0;
}

/* Decode (data, len); expect success with `want` and encoding `enc`. */
static void check_decode(const char *data, size_t len, const char *want,
			 size_t want_len, enum report_encoding enc)
{
	struct text_info got = { (enum report_encoding)-1, NULL, -1, 99 };
	struct buf out;

	buf_init(&out, OUT_MAX);
	assert_int_equal(text_decode(data, len, &out, &got), 0);
	assert_int_equal(got.enc, enc);
	assert_non_null(got.charset);
	assert_int_not_equal(got.bom, -1);
	assert_int_equal(out.len, want_len);
	assert_memory_equal(out.ptr, want, want_len);
	assert_int_equal(out.ptr[out.len], '\0');
	buf_release(&out);
}

/* Decode (data, len) and return what was found; the text must be `want`. */
static struct text_info check_info(const char *data, size_t len,
				   const char *want)
{
	struct text_info got;
	struct buf out;

	buf_init(&out, OUT_MAX);
	assert_int_equal(text_decode(data, len, &out, &got), 0);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.ptr, want, out.len);
	buf_release(&out);
	return got;
}

static void check_str(const char *in, const char *want,
		      enum report_encoding enc)
{
	check_decode(in, strlen(in), want, strlen(want), enc);
}

/* Decode (data, len); expect `err` and `out` left untouched. */
static void check_error(const char *data, size_t len, int err)
{
	struct text_info info = { ENCODING_GB18030, "keep", 7, 7 };
	struct buf out;

	buf_init(&out, OUT_MAX);
	assert_int_equal(buf_adds(&out, "keep"), 0);
	assert_int_equal(text_decode(data, len, &out, &info), err);
	assert_int_equal(info.enc, ENCODING_GB18030);
	assert_string_equal(info.charset, "keep");
	assert_int_equal(info.replaced, 7);
	assert_int_equal(out.len, 4);
	assert_string_equal(out.ptr, "keep");
	buf_release(&out);
}

static void test_text_decode_empty(void **state)
{
	(void)state;
	check_decode("", 0, "", 0, ENCODING_UTF8);
}

static void test_text_decode_utf8(void **state)
{
	(void)state;
	check_str("一、总体情况\n本年新收\t3\t0\n", "一、总体情况\n本年新收\t3\t0\n",
		  ENCODING_UTF8);
}

static void test_text_decode_utf8_sample(void **state)
{
	struct sample *s = *state;

	check_decode(s->utf8, s->utf8_len, s->utf8, s->utf8_len,
		     ENCODING_UTF8);
}

static void test_text_decode_utf8_bom(void **state)
{
	(void)state;
	check_str("\xEF\xBB\xBF总计\r\n", "总计\n", ENCODING_UTF8_BOM);
	check_str("\xEF\xBB\xBF", "", ENCODING_UTF8_BOM);
}

static void test_text_decode_crlf(void **state)
{
	(void)state;
	check_str("a\r\nb\r\n\r\nc", "a\nb\n\nc", ENCODING_UTF8);
}

static void test_text_decode_cr(void **state)
{
	(void)state;
	check_str("\r一\r二\r", "\n一\n二\n", ENCODING_UTF8);
}

static void test_text_decode_mixed_line_ends(void **state)
{
	(void)state;
	check_str("a\r\r\nb\n\rc\n", "a\n\nb\n\nc\n", ENCODING_UTF8);
}

static void test_text_decode_gb18030_sample(void **state)
{
	struct sample *s = *state;

	check_decode(s->gb, s->gb_len, s->utf8, s->utf8_len,
		     ENCODING_GB18030);
}

static void test_text_decode_gb18030_crlf(void **state)
{
	struct sample *s = *state;

	check_decode(s->gb_crlf, s->gb_crlf_len, s->utf8, s->utf8_len,
		     ENCODING_GB18030);
}

static void test_text_decode_gb18030_four_byte(void **state)
{
	/* "𠀀" (U+20000) takes four bytes in GB18030; "€" is A2 E3 */
	(void)state;
	check_str("\x95\x32\x82\x36\xA2\xE3\xC4\xEA", "𠀀€年",
		  ENCODING_GB18030);
}

static void test_text_decode_gbk_utf8_prefix(void **state)
{
	/* "联通" in GBK (C1 AA CD A8) is also valid UTF-8; the rest is not */
	(void)state;
	check_str("\xC1\xAA\xCD\xA8\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6",
		  "联通年度报告", ENCODING_GB18030);
}

static void test_text_decode_gbk_after_ascii(void **state)
{
	const char *gbk = "\xD7\xDC\xBC\xC6\t3\n"; /* "总计\t3\n" */
	size_t i, n = 0, pad = 100000, gbk_len = strlen(gbk);
	char *in = malloc(pad + gbk_len), *want = malloc(pad + 16);

	(void)state;
	assert_non_null(in);
	assert_non_null(want);
	for (i = 0; i < pad; i++)
		in[i] = want[i] = i % 64 == 63 ? '\n' : '0' + (char)(i % 10);
	memcpy(in + pad, gbk, gbk_len);
	n = pad;
	memcpy(want + n, "总计\t3\n", strlen("总计\t3\n"));
	n += strlen("总计\t3\n");
	check_decode(in, pad + gbk_len, want, n, ENCODING_GB18030);
	free(in);
	free(want);
}

static void test_text_decode_truncated_utf8(void **state)
{
	struct sample *s = *state;
	char *want;

	/* "年度报告" without the last byte of "告" */
	check_str("年度报告\n年度报\xE5\x91", "年度报告\n年度报\xEF\xBF\xBD",
		  ENCODING_UTF8);
	check_str("年\xE5\xB9", "年\xEF\xBF\xBD", ENCODING_UTF8);

	/* a whole report cut inside its last character, "。" (E3 80 82) */
	want = malloc(s->utf8_len + 3);
	assert_non_null(want);
	memcpy(want, s->utf8, s->utf8_len - 3);
	memcpy(want + s->utf8_len - 3, "\xEF\xBF\xBD", 3);
	check_decode(s->utf8, s->utf8_len - 2, want, s->utf8_len,
		     ENCODING_UTF8);
	free(want);
}

static void test_text_decode_stray_byte_in_utf8(void **state)
{
	struct sample *s = *state;
	size_t at = s->utf8_len / 2;
	char *in = malloc(s->utf8_len + 1), *want = malloc(s->utf8_len + 3);

	assert_non_null(in);
	assert_non_null(want);
	while ((unsigned char)s->utf8[at] >= 0x80)
		at++;
	memcpy(in, s->utf8, at);
	in[at] = '\xFF';
	memcpy(in + at + 1, s->utf8 + at, s->utf8_len - at);
	memcpy(want, s->utf8, at);
	memcpy(want + at, "\xEF\xBF\xBD", 3);
	memcpy(want + at + 3, s->utf8 + at, s->utf8_len - at);
	check_decode(in, s->utf8_len + 1, want, s->utf8_len + 3,
		     ENCODING_UTF8);
	free(in);
	free(want);
}

static void test_text_decode_utf16le(void **state)
{
	struct sample *s = *state;
	struct text_info info;

	check_decode(s->u16le, s->u16le_len, s->utf8, s->utf8_len,
		     ENCODING_UTF16);
	check_decode("\xFF\xFE\x74\x5E\r\0\n\0", 8, "年\n", 4,
		     ENCODING_UTF16);
	info = check_info("\xFF\xFE\x74\x5E\r\0\n\0", 8, "年\n");
	assert_string_equal(info.charset, "UTF-16LE");
	assert_int_equal(info.bom, 1);
	assert_int_equal(info.replaced, 0);
	/* U+1F600 as a surrogate pair; CR alone and CR CR LF */
	check_decode("\xFF\xFE\x3D\xD8\x00\xDE\r\0a\0\r\0\r\0\n\0", 16,
		     "\xF0\x9F\x98\x80\na\n\n", 8, ENCODING_UTF16);
}

static void test_text_decode_utf16be(void **state)
{
	struct sample *s = *state;
	struct text_info info;

	check_decode(s->u16be, s->u16be_len, s->utf8, s->utf8_len,
		     ENCODING_UTF16);
	check_decode("\xFE\xFF\x5E\x74\0\r", 6, "年\n", 4, ENCODING_UTF16);
	info = check_info("\xFE\xFF\x5E\x74\0\r", 6, "年\n");
	assert_string_equal(info.charset, "UTF-16BE");
	assert_int_equal(info.bom, 1);
}

static void test_text_decode_utf16_odd_length(void **state)
{
	struct text_info info;

	(void)state;
	/* cut short inside the last code unit, as UTF-8 cut short is */
	info = check_info("\xFF\xFE\x74\x5E\x41", 5, "年\xEF\xBF\xBD");
	assert_int_equal(info.enc, ENCODING_UTF16);
	assert_int_equal(info.replaced, 1);
}

static void test_text_decode_utf16_nul(void **state)
{
	(void)state;
	check_error("\xFF\xFE\x74\x5E\0\0\x41\0", 8, -EILSEQ);
}

static void test_text_decode_utf16_lone_surrogate(void **state)
{
	struct text_info info;

	(void)state;
	/* a high surrogate then "A", a low one alone: two U+FFFD */
	info = check_info("\xFF\xFE\x00\xD8\x41\x00\x00\xDC", 8,
			  "\xEF\xBF\xBD" "A" "\xEF\xBF\xBD");
	assert_int_equal(info.replaced, 2);
	/* without a BOM nothing may need replacing */
	check_error("\x00\xD8\x41\x00\x0A\x00\x74\x5E", 8, -EILSEQ);
}

/* UTF-16 without a BOM: told by where the NUL bytes of ASCII fall */
static void test_text_decode_utf16_no_bom(void **state)
{
	struct sample *s = *state;
	struct text_info info;

	check_decode(s->u16le + 2, s->u16le_len - 2, s->utf8, s->utf8_len,
		     ENCODING_UTF16);
	info = check_info(s->u16le + 2, s->u16le_len - 2, s->utf8);
	assert_string_equal(info.charset, "UTF-16LE");
	assert_int_equal(info.bom, 0);
	info = check_info(s->u16be + 2, s->u16be_len - 2, s->utf8);
	assert_int_equal(info.enc, ENCODING_UTF16);
	assert_string_equal(info.charset, "UTF-16BE");
	assert_int_equal(info.bom, 0);
	/* "一、总体情况\n" in LE: 一 is 00 4E, the NULs of "\n" win */
	info = check_info("\x00\x4E\x01\x30\x3B\x60\x53\x4F\xC5\x60"
			  "\xB5\x51\x0A\x00\x31\x00\x32\x00\x0A\x00", 20,
			  "一、总体情况\n12\n");
	assert_string_equal(info.charset, "UTF-16LE");
	/* ASCII as UTF-16 is not Chinese text: binary as before */
	check_error("a\0b\0c\0d\0e\0f\0g\0h\0", 16, -EILSEQ);
}

static void test_text_decode_nul(void **state)
{
	(void)state;
	check_error("一、总体情况\0\n", sizeof("一、总体情况\0\n") - 1,
		    -EILSEQ);
	check_error("\0", 1, -EILSEQ);
}

static void test_text_decode_control_bytes(void **state)
{
	char in[400];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 8 ? 'a' : '\x01';
	check_error(in, sizeof(in), -EILSEQ);
}

static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_text_decode_random_bytes(void **state)
{
	static const size_t lens[] = { 256, 1000, 4096, 65536 };
	uint64_t x = 0x9E3779B97F4A7C15u;
	size_t i, j, seed;
	char *in = malloc(65536);

	(void)state;
	assert_non_null(in);
	for (seed = 0; seed < 16; seed++) {
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			for (j = 0; j < lens[i]; j++)
				in[j] = (char)next_random(&x);
			check_error(in, lens[i], -EILSEQ);
		}
	}
	free(in);
}

static void test_text_decode_random_high_bytes(void **state)
{
	uint64_t x = 88172645463325252u;
	size_t j, seed;
	char in[4096];

	(void)state;
	for (seed = 0; seed < 16; seed++) {
		for (j = 0; j < sizeof(in); j++)
			in[j] = (char)(0x80 | next_random(&x));
		check_error(in, sizeof(in), -EILSEQ);
	}
}

static void test_text_decode_bom_then_gbk(void **state)
{
	/* the BOM promises UTF-8, but "年度报告" follows in GBK */
	(void)state;
	check_error("\xEF\xBB\xBF\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6", 11,
		    -EILSEQ);
}

static void test_text_decode_invalid_gb18030(void **state)
{
	/* "年度" in GBK, then 0x80, which starts nothing in either encoding */
	(void)state;
	check_error("\xC4\xEA\xB6\xC8\x80", 5, -EILSEQ);
	/* a GBK lead byte cut short at the end */
	check_error("\xC4\xEA\xB6", 3, -EILSEQ);
}

static void test_text_decode_appends(void **state)
{
	struct text_info info;
	struct buf out;

	(void)state;
	buf_init(&out, OUT_MAX);
	assert_int_equal(buf_adds(&out, "x"), 0);
	assert_int_equal(text_decode("\xC4\xEA\r\n", 4, &out, &info), 0);
	assert_int_equal(info.enc, ENCODING_GB18030);
	assert_string_equal(info.charset, "GB18030");
	assert_int_equal(info.replaced, 0);
	assert_string_equal(out.ptr, "x年\n");
	buf_release(&out);
}

static void test_text_decode_too_big(void **state)
{
	struct sample *s = *state;
	struct text_info info;
	struct buf out;

	buf_init(&out, 8);
	assert_int_equal(text_decode("0123456789", 10, &out, &info), -EFBIG);
	assert_int_equal(text_decode(s->gb, s->gb_len, &out, &info), -EFBIG);
	assert_int_equal(text_decode(s->u16le, s->u16le_len, &out, &info),
			 -EFBIG);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_decode_empty),
		cmocka_unit_test(test_text_decode_utf8),
		cmocka_unit_test(test_text_decode_utf8_sample),
		cmocka_unit_test(test_text_decode_utf8_bom),
		cmocka_unit_test(test_text_decode_crlf),
		cmocka_unit_test(test_text_decode_cr),
		cmocka_unit_test(test_text_decode_mixed_line_ends),
		cmocka_unit_test(test_text_decode_gb18030_sample),
		cmocka_unit_test(test_text_decode_gb18030_crlf),
		cmocka_unit_test(test_text_decode_gb18030_four_byte),
		cmocka_unit_test(test_text_decode_gbk_utf8_prefix),
		cmocka_unit_test(test_text_decode_gbk_after_ascii),
		cmocka_unit_test(test_text_decode_truncated_utf8),
		cmocka_unit_test(test_text_decode_stray_byte_in_utf8),
		cmocka_unit_test(test_text_decode_utf16le),
		cmocka_unit_test(test_text_decode_utf16be),
		cmocka_unit_test(test_text_decode_utf16_odd_length),
		cmocka_unit_test(test_text_decode_utf16_nul),
		cmocka_unit_test(test_text_decode_utf16_lone_surrogate),
		cmocka_unit_test(test_text_decode_utf16_no_bom),
		cmocka_unit_test(test_text_decode_nul),
		cmocka_unit_test(test_text_decode_control_bytes),
		cmocka_unit_test(test_text_decode_random_bytes),
		cmocka_unit_test(test_text_decode_random_high_bytes),
		cmocka_unit_test(test_text_decode_bom_then_gbk),
		cmocka_unit_test(test_text_decode_invalid_gb18030),
		cmocka_unit_test(test_text_decode_appends),
		cmocka_unit_test(test_text_decode_too_big),
	};

	return cmocka_run_group_tests_name("decode", tests, setup_sample,
					   teardown_sample);
}
