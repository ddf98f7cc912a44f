/* SPDX-License-Identifier: MIT */
/* filelist.c - the input files of a test tool: named ones and directories' */
#include "filelist.h"
#include "common.h"

#include <dirent.h>
#include <sys/stat.h>

void filelist_init(struct filelist *fl)
{
	fl->paths = NULL;
	fl->n = 0;
	fl->cap = 0;
}

void filelist_release(struct filelist *fl)
{
	size_t i;

	if (!fl)
		return;
	for (i = 0; i < fl->n; i++)
		free(fl->paths[i]);
	free(fl->paths);
	filelist_init(fl);
}

static int filelist_push(struct filelist *fl, const char *dir,
			 const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char **v;

	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 64;
		v = realloc(fl->paths, fl->cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		fl->paths = v;
	}
	fl->paths[fl->n] = malloc(len);
	if (!fl->paths[fl->n])
		return -ENOMEM;
	snprintf(fl->paths[fl->n], len, "%s%s%s", dir, *dir ? "/" : "", name);
	fl->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int filelist_add(struct filelist *fl, const char *path)
{
	size_t first = fl->n;
	struct dirent *de;
	struct stat st;
	int err = 0;
	DIR *d;

	if (stat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return filelist_push(fl, "", path);
	d = opendir(path);
	if (!d)
		return -errno;
	while (!err && (de = readdir(d)))
		if (de->d_name[0] != '.')
			err = filelist_push(fl, path, de->d_name);
	closedir(d);
	qsort(fl->paths + first, fl->n - first, sizeof(*fl->paths), cmp_str);
	return err;
}
