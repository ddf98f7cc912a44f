/* SPDX-License-Identifier: MIT */
/*
 * render_case.c - test tool: `render_case [--bom] INPUT OUTDIR` writes
 * every file render_report() makes for one report into OUTDIR, the way the
 * mount shows them; golden.sh and update-golden.sh compare and refresh them.
 */
#include "common.h"
#include "readfile.h"
#include "render.h"
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int write_all(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return -errno;
	if (len && fwrite(data, 1, len, f) != len)
		err = -EIO;
	if (fclose(f) && !err)
		err = -EIO;
	return err;
}

static int write_set(const struct file_set *fs, const char *dir)
{
	char path[4096];
	size_t i;
	int err;

	for (i = 0; i < fs->nfiles; i++) {
		const struct rendered_file *f = &fs->files[i];

		if (!strncmp(f->name, "tables/", 7)) {
			snprintf(path, sizeof(path), "%s/tables", dir);
			if (mkdir(path, 0755) && errno != EEXIST)
				return -errno;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		err = write_all(path, f->data, f->len);
		if (err)
			return err;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct render_opts o = { 0 };
	struct file_set *fs = NULL;
	struct report *r = NULL;
	const char *name;
	char *data;
	size_t len;
	int err;

	if (argc == 4 && !strcmp(argv[1], "--bom")) {
		o.csv_bom = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: render_case [--bom] INPUT OUTDIR\n");
		return 2;
	}
	name = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
	err = read_file(argv[1], REPORT_MAX_BYTES, &data, &len);
	if (err) {
		fprintf(stderr, "render_case: cannot read '%s': %s\n", argv[1],
			strerror(-err));
		return 1;
	}
	err = report_parse(data, len, name, &r);
	free(data);
	if (!err) {
		/* goldens must not depend on where the tree is checked out */
		o.source = name;
		err = render_report(r, &o, &fs);
	}
	if (!err && mkdir(argv[2], 0755) && errno != EEXIST)
		err = -errno;
	if (!err)
		err = write_set(fs, argv[2]);
	file_set_free(fs);
	report_free(r);
	if (err) {
		fprintf(stderr, "render_case: '%s': %s\n", argv[1],
			strerror(-err));
		return 1;
	}
	return 0;
}
