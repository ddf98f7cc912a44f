/* SPDX-License-Identifier: MIT */
/* filelist.h - the input files of a test tool: named ones and directories' */
#ifndef REPORTFS_FILELIST_H
#define REPORTFS_FILELIST_H

#include <stddef.h>

struct filelist {
	char **paths; /* owned, each "dir/name" or the name given */
	size_t n;
	size_t cap;
};

/* Initialise an empty list. */
void filelist_init(struct filelist *fl);

/*
 * Add `path`, or when it is a directory the entries directly inside it
 * (not starting with '.'), sorted by name.  Returns 0, -ENOMEM or the
 * -errno of stat/opendir.  Not thread-safe.
 */
int filelist_add(struct filelist *fl, const char *path);

/* Free every path; the list is empty again.  NULL is a no-op. */
void filelist_release(struct filelist *fl);

#endif
