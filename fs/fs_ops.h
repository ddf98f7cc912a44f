/* SPDX-License-Identifier: MIT */
/* fs_ops.h - the FUSE callbacks of a reportfs mount, over a struct view */
#ifndef REPORTFS_FS_OPS_H
#define REPORTFS_FS_OPS_H

struct fuse_operations;
struct view;

/* What fuse_main() gets as user data. */
struct fs_ctx {
	struct view *view;
	int destroyed; /* set when the file system shut down after init */
};

/*
 * The callbacks; fuse_main() must get a struct fs_ctx as user data.  They
 * are thread-safe (the multithreaded loop is the default), answer every
 * write-like call with -EROFS and let the kernel cache data, attributes
 * and directories for the mount's life.
 */
extern const struct fuse_operations fs_operations;

#endif
