/* SPDX-License-Identifier: MIT */
/* cmd.h - the reportfs subcommands; main.c dispatches to them */
#ifndef REPORTFS_CMD_H
#define REPORTFS_CMD_H

/*
 * Each subcommand gets argv with argv[0] being its own name and returns the
 * process exit code.  Only subcommands (and main.c) print.
 */
int cmd_parse(int argc, char **argv);

#endif
