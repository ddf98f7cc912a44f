/* SPDX-License-Identifier: MIT */
/*
 * render_validation.c - validation.txt: a status line, the identity, then
 * one "VERDICT rule.id message" line per check, for people and for grep.
 */
#include "render.h"
#include "common.h"
#include "render-priv.h"

#include <string.h>

static int starts(const char *s, const char *w)
{
	return !strncmp(s, w, strlen(w));
}

void validation_count(const struct check_list *cl,
		      const char *const *extra, struct validation_counts *c)
{
	size_t i;

	c->failed = cl->count[VERDICT_FAIL];
	c->warned = cl->count[VERDICT_WARN];
	c->passed = cl->count[VERDICT_PASS];
	for (i = 0; extra && extra[i]; i++) {
		if (starts(extra[i], "FAIL "))
			c->failed++;
		else if (starts(extra[i], "WARN "))
			c->warned++;
		else if (starts(extra[i], "PASS "))
			c->passed++;
	}
}

/* Append s without line breaks: one check, one line. */
static int add_line_text(struct buf *out, const char *s)
{
	size_t n;
	int err = 0;

	while (*s && !err) {
		n = strcspn(s, "\r\n");
		err = buf_add(out, s, n);
		s += n;
		if (*s && !err) {
			err = buf_addch(out, ' ');
			s++;
		}
	}
	return err;
}

int render_validation(const struct report *r, const struct render_opts *o,
		      const struct check_list *cl, struct buf *out)
{
	const char *const *extra = o ? o->extra_checks : NULL;
	const char *source = o && o->source ? o->source : "unknown";
	struct validation_counts c;
	size_t i;
	int err;

	validation_count(cl, extra, &c);
	err = buf_addf(out, "status: %s (%u failed, %u warnings, %u passed)\n",
		       c.failed ? "FAIL" : c.warned ? "WARN" : "PASS",
		       c.failed, c.warned, c.passed);
	if (!err)
		err = buf_adds(out, "agency: ");
	if (!err)
		err = add_line_text(out, r->id.agency ? r->id.agency
						      : "unknown");
	if (!err && r->id.year)
		err = buf_addf(out, "\nyear: %d\n", r->id.year);
	else if (!err)
		err = buf_adds(out, "\nyear: unknown\n");
	if (!err)
		err = buf_addf(out, "template: %s\nsource: ",
			       template_name(r->tmpl));
	if (!err)
		err = add_line_text(out, source);
	if (!err)
		err = buf_addch(out, '\n');
	for (i = 0; i < cl->n && !err; i++) {
		const struct check *k = &cl->v[i];

		err = buf_addf(out, "%s %s ", verdict_name(k->verdict),
			       k->rule);
		if (!err)
			err = add_line_text(out, k->message);
		if (!err && k->line)
			err = buf_addf(out, " (line %u)", (unsigned)k->line);
		if (!err)
			err = buf_addch(out, '\n');
	}
	for (i = 0; extra && extra[i] && !err; i++) {
		err = add_line_text(out, extra[i]);
		if (!err)
			err = buf_addch(out, '\n');
	}
	return err;
}
