/* SPDX-License-Identifier: MIT */
/* readfile.c - read a whole regular file into memory */
#include "readfile.h"
#include "common.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf_init(&b, max);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_release;
		}
		if (n == 0)
			break;
		err = buf_add(&b, chunk, (size_t)n);
		if (err)
			goto out_release;
	}
	*data = buf_detach(&b, len);
	if (!*data)
		err = -ENOMEM;
out_release:
	buf_release(&b);
	close(fd);
	return err;
}
