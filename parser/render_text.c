/* SPDX-License-Identifier: MIT */
/* render_text.c - report.txt and the six section files */
#include "render.h"
#include "common.h"
#include "render-priv.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

int render_text_report(const struct report *r, struct buf *out)
{
	int err;

	if (!r->text || !r->len)
		return 0;
	err = buf_add(out, r->text, r->len);
	if (!err && r->text[r->len - 1] != '\n')
		err = buf_addch(out, '\n');
	return err;
}

int render_text_section(const struct report *r, enum section_id id,
			struct buf *out)
{
	const struct section *s = &r->sections[id];
	size_t a = s->start, b = s->end;
	int err;

	if (!r->text || a >= r->len || b <= a)
		return 0;
	if (b > r->len)
		b = r->len;
	/* one final newline, whatever blank lines the report had */
	while (b > a && is_space(r->text[b - 1]))
		b--;
	err = buf_add(out, r->text + a, b - a);
	if (!err)
		err = buf_addch(out, '\n');
	return err;
}
