/* SPDX-License-Identifier: MIT */
/*
 * csv_echo.c - test tool: `csv_echo FIELD...` prints its arguments as one
 * CSV record with the writer of the tables/ files, for a CSV reader to
 * parse back.
 */
#include "common.h"
#include "buf.h"
#include "render-priv.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct buf b;
	int err;

	buf_init(&b, (size_t)1 << 20);
	err = csv_add_record(&b, (const char *const *)(argv + 1),
			     (size_t)(argc - 1));
	if (!err)
		fwrite(b.ptr, 1, b.len, stdout);
	buf_release(&b);
	if (err) {
		fprintf(stderr, "csv_echo: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
