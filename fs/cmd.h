/* SPDX-License-Identifier: MIT */
/* cmd.h - the reportfs subcommands; main.c dispatches to them */
#ifndef REPORTFS_CMD_H
#define REPORTFS_CMD_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/*
 * Each subcommand gets argv with argv[0] being its own name and returns the
 * process exit code.  Only subcommands (and main.c) print.
 */
int cmd_parse(int argc, char **argv);

/* `reportfs check [-v] FILE|ARCHIVE|DIR...`: 0 no FAIL, 1 FAIL, 2 unusable. */
int cmd_check(int argc, char **argv);

/*
 * `reportfs export [-o opts] [--force] ARCHIVE DIR`: write the mounted tree
 * to DIR.  0 done, 1 DIR could not be written, 2 unusable input or usage
 * (DIR exists without --force), 128+N after signal N.
 */
int cmd_export(int argc, char **argv);

/*
 * `reportfs [FUSE options] [-o opts] ARCHIVE MOUNTPOINT`: what main() runs
 * when argv[1] is no command.  argv[0] is the program name.
 */
int cmd_mount(int argc, char **argv);

struct corpus_progress;

/* The archive-indexing progress line on stderr, shared by mount and
 * export: redrawn in place at most 10 times a second. */
struct cmd_progress {
	struct timespec start; /* set by the caller (CLOCK_MONOTONIC) */
	double shown;          /* seconds after start of the last redraw */
	int drawn;             /* something is on the line */
};

/* A corpus_opts.progress callback; ctx is a struct cmd_progress. */
void cmd_indexing_progress(void *ctx, const struct corpus_progress *p);

/* Seconds since t0 (CLOCK_MONOTONIC). */
double cmd_seconds_since(const struct timespec *t0);

/* "64M", "1G", "500000" -> bytes (cache_size=); -EINVAL when malformed. */
int cmd_parse_size(const char *s, size_t *out);

/* Print the mount options (for `reportfs --help`). */
void cmd_mount_usage(FILE *out);

#endif
