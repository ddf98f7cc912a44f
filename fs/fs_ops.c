/* SPDX-License-Identifier: MIT */
/* fs_ops.c - the fuse_operations adapter: FUSE calls to struct view, read-only */
#include "fs_ops.h"
#include "common.h"
#include "view.h"

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Seconds the kernel may keep names and attributes: the tree never changes. */
#define FS_TIMEOUT 86400.0

/*
 * The kernel can open files without asking us (ENOSYS from open, Linux
 * 4.19 and later): that saves the open and release round trips of every
 * file read, and the page cache is kept.  (Not for directories: the
 * high-level API needs its own handle in readdir.)  Set once in
 * fs_init(), before any other call.
 */
static int fs_no_open;

static struct view *fs_view(void)
{
	struct fs_ctx *ctx = fuse_get_context()->private_data;

	return ctx->view;
}

/*
 * Links are 0777, as every symbolic link on Linux (`lrwxrwxrwx` in
 * `ls -l`, what symlink(2) always makes): the kernel never checks a
 * link's own mode, access is decided by its target (0555/0444 here),
 * and an unusual mode would only suggest a meaning it does not have.
 */
static mode_t fs_mode(const struct view_stat *vs)
{
	if (vs->is_dir)
		return S_IFDIR | 0555;
	if (vs->is_link)
		return S_IFLNK | 0777;
	return S_IFREG | 0444;
}

static void fs_fill_stat(const struct view_stat *vs, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = vs->ino;
	st->st_mode = fs_mode(vs);
	st->st_nlink = vs->nlink;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_size = (off_t)vs->size;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((vs->size + 511) / 512);
	st->st_mtime = vs->mtime;
	st->st_ctime = vs->mtime;
	st->st_atime = vs->mtime;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	fs_no_open = !!(conn->capable & FUSE_CAP_NO_OPEN_SUPPORT);
	cfg->use_ino = 1;
	/* read and readdir get the path: they may have no handle */
	cfg->nullpath_ok = 0;
	cfg->kernel_cache = 1;
	cfg->entry_timeout = FS_TIMEOUT;
	cfg->attr_timeout = FS_TIMEOUT;
	cfg->negative_timeout = FS_TIMEOUT;
	return fuse_get_context()->private_data;
}

static void fs_destroy(void *private_data)
{
	struct fs_ctx *ctx = private_data;

	ctx->destroyed = 1;
}

static int fs_getattr(const char *path, struct stat *st,
		      struct fuse_file_info *fi)
{
	struct view_stat vs;
	int err;

	(void)fi;
	if (!path)
		return -ENOENT;
	err = view_getattr(fs_view(), path, &vs);
	if (err)
		return err;
	fs_fill_stat(&vs, st);
	return 0;
}

static int fs_access(const char *path, int mask)
{
	struct view_stat vs;
	int err;

	err = view_getattr(fs_view(), path, &vs);
	if (err)
		return err;
	return mask & W_OK ? -EROFS : 0;
}

/*
 * readdir passes real offsets (entry number + 1): only then does libfuse
 * send the attributes of FUSE_FILL_DIR_PLUS entries to the kernel, which
 * saves a lookup per entry.  Each call lists from the start and skips
 * what the kernel already has.
 */
struct fs_fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
	int plus;
	off_t skip;   /* entries the kernel has */
	off_t index;  /* entries seen */
};

static int fs_fill(void *ctx, const char *name, const struct view_stat *vs)
{
	struct fs_fill_ctx *f = ctx;
	struct stat st;

	if (f->index++ < f->skip)
		return 0;
	fs_fill_stat(vs, &st);
	return f->filler(f->buf, name, &st, f->index,
			 f->plus && vs->exact ? FUSE_FILL_DIR_PLUS : 0);
}

/*
 * FUSE wants the target NUL-terminated in `size` bytes, cut when longer
 * (as readlink(2) cuts, but with the NUL).
 */
static int fs_readlink(const char *path, char *dst, size_t size)
{
	struct buf target;
	size_t n;
	int err;

	if (size == 0)
		return -EINVAL;
	buf_init(&target, PATH_MAX);
	err = view_readlink(fs_view(), path, &target);
	if (!err) {
		n = target.len < size - 1 ? target.len : size - 1;
		if (n)
			memcpy(dst, target.ptr, n);
		dst[n] = '\0';
	}
	buf_release(&target);
	return err;
}

static int fs_opendir(const char *path, struct fuse_file_info *fi)
{
	struct view_stat vs;
	int err;

	err = view_getattr(fs_view(), path, &vs);
	if (err)
		return err;
	if (!vs.is_dir)
		return -ENOTDIR;
	fi->cache_readdir = 1;
	fi->keep_cache = 1;
	return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
		      off_t offset, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct fs_fill_ctx ctx = {
		.buf = buf,
		.filler = filler,
		.plus = !!(flags & FUSE_READDIR_PLUS),
		.skip = offset,
	};
	struct view_stat dot = { .is_dir = 1 };

	(void)fi;
	if (fs_fill(&ctx, ".", &dot) || fs_fill(&ctx, "..", &dot))
		return 0;
	return view_readdir(fs_view(), path, fs_fill, &ctx);
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	struct view_file *f;
	int err;

	if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC))
		return -EROFS;
	if (fs_no_open)
		return -ENOSYS;
	err = view_open(fs_view(), path, &f);
	if (err)
		return err;
	fi->fh = (uintptr_t)f;
	fi->keep_cache = 1;
	return 0;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	const struct view_file *f = (const struct view_file *)(uintptr_t)fi->fh;
	struct view_file *once;
	int n, err;

	if (off < 0)
		return -EINVAL;
	if (f)
		return (int)view_read(f, buf, size, (uint64_t)off);
	/* opened by the kernel alone: read by path */
	err = view_open(fs_view(), path, &once);
	if (err)
		return err;
	n = (int)view_read(once, buf, size, (uint64_t)off);
	view_release(fs_view(), once);
	return n;
}

static int fs_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	view_release(fs_view(), (struct view_file *)(uintptr_t)fi->fh);
	return 0;
}

static int fs_statfs(const char *path, struct statvfs *st)
{
	(void)path;
	memset(st, 0, sizeof(*st));
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_files = view_nreports(fs_view());
	st->f_namemax = 255;
	st->f_flag = ST_RDONLY | ST_NOSUID;
	return 0;
}

/* ---- everything that would change the tree ---------------------------- */

static int fs_mknod(const char *path, mode_t mode, dev_t dev)
{
	(void)path;
	(void)mode;
	(void)dev;
	return -EROFS;
}

static int fs_mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return -EROFS;
}

static int fs_unlink(const char *path)
{
	(void)path;
	return -EROFS;
}

static int fs_symlink(const char *from, const char *to)
{
	(void)from;
	(void)to;
	return -EROFS;
}

static int fs_rename(const char *from, const char *to, unsigned int flags)
{
	(void)from;
	(void)to;
	(void)flags;
	return -EROFS;
}

static int fs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)path;
	(void)mode;
	(void)fi;
	return -EROFS;
}

static int fs_chown(const char *path, uid_t uid, gid_t gid,
		    struct fuse_file_info *fi)
{
	(void)path;
	(void)uid;
	(void)gid;
	(void)fi;
	return -EROFS;
}

static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	(void)path;
	(void)size;
	(void)fi;
	return -EROFS;
}

static int fs_write(const char *path, const char *buf, size_t size,
		    off_t off, struct fuse_file_info *fi)
{
	(void)path;
	(void)buf;
	(void)size;
	(void)off;
	(void)fi;
	return -EROFS;
}

static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)path;
	(void)mode;
	(void)fi;
	return -EROFS;
}

static int fs_utimens(const char *path, const struct timespec tv[2],
		      struct fuse_file_info *fi)
{
	(void)path;
	(void)tv;
	(void)fi;
	return -EROFS;
}

static int fs_setxattr(const char *path, const char *name, const char *value,
		       size_t size, int flags)
{
	(void)path;
	(void)name;
	(void)value;
	(void)size;
	(void)flags;
	return -EROFS;
}

static int fs_removexattr(const char *path, const char *name)
{
	(void)path;
	(void)name;
	return -EROFS;
}

static int fs_fallocate(const char *path, int mode, off_t off, off_t len,
			struct fuse_file_info *fi)
{
	(void)path;
	(void)mode;
	(void)off;
	(void)len;
	(void)fi;
	return -EROFS;
}

const struct fuse_operations fs_operations = {
	.init = fs_init,
	.destroy = fs_destroy,
	.getattr = fs_getattr,
	.access = fs_access,
	.readlink = fs_readlink,
	.opendir = fs_opendir,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
	.release = fs_release,
	.statfs = fs_statfs,
	.mknod = fs_mknod,
	.mkdir = fs_mkdir,
	.unlink = fs_unlink,
	.rmdir = fs_unlink,
	.symlink = fs_symlink,
	.rename = fs_rename,
	.link = fs_symlink,
	.chmod = fs_chmod,
	.chown = fs_chown,
	.truncate = fs_truncate,
	.write = fs_write,
	.create = fs_create,
	.utimens = fs_utimens,
	.setxattr = fs_setxattr,
	.removexattr = fs_removexattr,
	.fallocate = fs_fallocate,
};
