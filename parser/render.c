/* SPDX-License-Identifier: MIT */
/* render.c - render_report(): every file of one report, in display order */
#include "render.h"
#include "common.h"
#include "render-priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* report.txt, six sections, three tables, validation.txt */
#define MAX_FILES (1 + SEC_COUNT + 3 + 1)

enum writer {
	W_REPORT,
	W_SECTION,
	W_PROACTIVE,
	W_REQUESTS,
	W_APPEALS,
};

static int add_file(struct file_set *fs, const struct report *r,
		    const struct render_opts *o, const char *name,
		    enum writer w, unsigned sec)
{
	struct rendered_file *f = &fs->files[fs->nfiles];
	int bom = o && o->csv_bom;
	struct buf b;
	int err;

	buf_init(&b, w == W_REPORT || w == W_SECTION ? RENDER_TEXT_MAX
						     : RENDER_CSV_MAX);
	switch (w) {
	case W_REPORT:
		err = render_text_report(r, &b);
		break;
	case W_SECTION:
		err = render_text_section(r, (enum section_id)sec, &b);
		break;
	case W_PROACTIVE:
		err = render_csv_proactive(r, bom, &b);
		break;
	case W_REQUESTS:
		err = render_csv_requests(r, bom, &b);
		break;
	default:
		err = render_csv_appeals(r, bom, &b);
		break;
	}
	if (err) {
		buf_release(&b);
		return err;
	}
	f->name = name;
	f->data = buf_detach(&b, &f->len);
	if (!f->data)
		return -ENOMEM;
	fs->nfiles++;
	return 0;
}

static int add_validation(struct file_set *fs, const struct report *r,
			  const struct render_opts *o)
{
	struct rendered_file *f = &fs->files[fs->nfiles];
	struct validation_counts c;
	struct check_list *cl;
	struct buf b;
	int err;

	err = validate_report(r, &cl);
	if (err)
		return err;
	buf_init(&b, RENDER_VALIDATION_MAX);
	err = render_validation(r, o, cl, &b);
	if (err)
		goto out_free_list;
	validation_count(cl, o ? o->extra_checks : NULL, &c);
	fs->failed = c.failed;
	fs->warned = c.warned;
	fs->passed = c.passed;
	fs->status = c.failed ? 2 : c.warned ? 1 : 0;
	f->name = "validation.txt";
	f->data = buf_detach(&b, &f->len);
	if (!f->data)
		err = -ENOMEM;
	else
		fs->nfiles++;
out_free_list:
	buf_release(&b);
	check_list_free(cl);
	return err;
}

int render_report(const struct report *r, const struct render_opts *o,
		  struct file_set **out)
{
	struct file_set *fs;
	unsigned i;
	int err = 0;

	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->files = calloc(MAX_FILES, sizeof(*fs->files));
	if (!fs->files) {
		err = -ENOMEM;
		goto out_free_set;
	}
	if (r->kind != REPORT_NOT_TEXT)
		err = add_file(fs, r, o, "report.txt", W_REPORT, 0);
	for (i = 0; i < SEC_COUNT && !err; i++)
		if (r->sections[i].found)
			err = add_file(fs, r, o, section_files[i], W_SECTION,
				       i);
	if (!err && r->pro.found)
		err = add_file(fs, r, o, "tables/proactive.csv", W_PROACTIVE,
			       0);
	if (!err && r->req.found)
		err = add_file(fs, r, o, "tables/requests.csv", W_REQUESTS, 0);
	if (!err && r->app.found)
		err = add_file(fs, r, o, "tables/appeals.csv", W_APPEALS, 0);
	if (!err)
		err = add_validation(fs, r, o);
	if (err)
		goto out_free_set;
	*out = fs;
	return 0;

out_free_set:
	file_set_free(fs);
	return err;
}

const struct rendered_file *file_set_find(const struct file_set *fs,
					  const char *name)
{
	size_t i;

	for (i = 0; i < fs->nfiles; i++)
		if (!strcmp(fs->files[i].name, name))
			return &fs->files[i];
	return NULL;
}

void file_set_free(struct file_set *fs)
{
	size_t i;

	if (!fs)
		return;
	for (i = 0; fs->files && i < fs->nfiles; i++)
		free(fs->files[i].data);
	free(fs->files);
	free(fs);
}
