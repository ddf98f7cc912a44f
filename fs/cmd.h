/* SPDX-License-Identifier: MIT */
/* cmd.h - the reportfs subcommands; main.c dispatches to them */
#ifndef REPORTFS_CMD_H
#define REPORTFS_CMD_H

#include <stddef.h>
#include <stdio.h>

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

/* "64M", "1G", "500000" -> bytes (cache_size=); -EINVAL when malformed. */
int cmd_parse_size(const char *s, size_t *out);

/* Print the mount options (for `reportfs --help`). */
void cmd_mount_usage(FILE *out);

#endif
