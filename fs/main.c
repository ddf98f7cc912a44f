/* SPDX-License-Identifier: MIT */
/* main.c - the reportfs command: dispatch to a subcommand or mount */
#include "common.h"
#include "cmd.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#ifndef REPORTFS_VERSION
#define REPORTFS_VERSION "unknown"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "parse", cmd_parse, "parse FILE...      print the parsed report model" },
	{ "check", cmd_check, "check [-v] FILE|ARCHIVE|DIR... validate reports (exit 0 ok, 1 FAIL, 2 unusable)" },
	{ "export", cmd_export, "export [-o opts] [--force] ARCHIVE DIR write what a mount shows into DIR" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: reportfs [FUSE options] [-o opts] ARCHIVE MOUNTPOINT\n"
		     "       reportfs COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  reportfs %s\n", commands[i].help);
	fprintf(out, "\n  reportfs --help | --version\n\n");
	cmd_mount_usage(out);
}

int main(int argc, char **argv)
{
	size_t i;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("reportfs %s\n", REPORTFS_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	/* not a command: ARCHIVE MOUNTPOINT with FUSE options */
	return cmd_mount(argc, argv);
}
