/* SPDX-License-Identifier: MIT */
/* cmd_parse.c - `reportfs parse FILE...`: print the parsed report model */
#include "common.h"
#include "cmd.h"
#include "buf.h"
#include "dump.h"
#include "readfile.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int parse_one(const char *path)
{
	struct report *r = NULL;
	struct buf out;
	char *data;
	size_t len;
	int err;

	err = read_file(path, REPORT_MAX_BYTES, &data, &len);
	if (err) {
		fprintf(stderr, "reportfs: cannot read '%s': %s\n", path,
			strerror(-err));
		return 2;
	}
	err = report_parse(data, len, base_name(path), &r);
	free(data);
	if (err) {
		fprintf(stderr, "reportfs: cannot parse '%s': %s\n", path,
			strerror(-err));
		return 2;
	}
	buf_init(&out, (size_t)1 << 30);
	err = report_dump(r, base_name(path), &out);
	if (!err)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	report_free(r);
	if (err) {
		fprintf(stderr, "reportfs: cannot print '%s': %s\n", path,
			strerror(-err));
		return 2;
	}
	return 0;
}

int cmd_parse(int argc, char **argv)
{
	int i, rc = 0, one;

	if (argc < 2) {
		fprintf(stderr, "usage: reportfs parse FILE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (i > 1)
			putchar('\n');
		one = parse_one(argv[i]);
		if (one > rc)
			rc = one;
	}
	return rc;
}
