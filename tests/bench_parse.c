/* SPDX-License-Identifier: MIT */
/*
 * bench_parse.c - times report_parse() + report_free() on one core over
 * reports held in memory: `bench_parse [-r ROUNDS] FILE|DIR...`.  Without
 * -r it parses for at least two seconds; with it, exactly ROUNDS times
 * (for instruction counts under valgrind --tool=callgrind).
 */
#include "common.h"
#include "filelist.h"
#include "readfile.h"
#include "report.h"

#include <time.h>

#define BENCH_MIN_SECONDS 2.0

struct input {
	const char *name; /* borrowed from the file list */
	char *data;
	size_t len;
};

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Parse every input once; count report kinds into `kinds` if not NULL. */
static int parse_all(const struct input *in, size_t n, size_t *kinds)
{
	struct report *r;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		err = report_parse(in[i].data, in[i].len, in[i].name, &r);
		if (err) {
			fprintf(stderr, "cannot parse '%s': %s\n", in[i].name,
				strerror(-err));
			return err;
		}
		if (kinds)
			kinds[r->kind]++;
		report_free(r);
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t kinds[REPORT_NOT_TEXT + 1] = { 0 };
	size_t i, n = 0, bytes = 0, rounds = 0, want_rounds = 0;
	struct input *in = NULL;
	struct filelist fl;
	double start, cpu_start, secs, cpu, mb;
	int err = 0, a = 1;
	char *end;

	filelist_init(&fl);
	if (argc > 2 && !strcmp(argv[1], "-r")) {
		want_rounds = strtoul(argv[2], &end, 10);
		if (*end || !want_rounds) {
			fprintf(stderr, "bench_parse: bad round count '%s'\n",
				argv[2]);
			return 2;
		}
		a = 3;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: bench_parse [-r ROUNDS] FILE|DIR...\n");
		return 2;
	}
	for (; a < argc && !err; a++) {
		err = filelist_add(&fl, argv[a]);
		if (err)
			fprintf(stderr, "cannot read '%s': %s\n", argv[a],
				strerror(-err));
	}
	if (err)
		goto out_release;
	in = calloc(fl.n ? fl.n : 1, sizeof(*in));
	if (!in) {
		err = -ENOMEM;
		goto out_release;
	}
	for (n = 0; n < fl.n; n++) {
		in[n].name = base_name(fl.paths[n]);
		err = read_file(fl.paths[n], REPORT_MAX_BYTES, &in[n].data,
				&in[n].len);
		if (err) {
			fprintf(stderr, "cannot read '%s': %s\n", fl.paths[n],
				strerror(-err));
			goto out_free;
		}
		bytes += in[n].len;
	}
	if (!n || !bytes) {
		fprintf(stderr, "no input\n");
		err = -EINVAL;
		goto out_free;
	}

	/* one warm-up round, which also counts the kinds */
	err = parse_all(in, n, kinds);
	if (err)
		goto out_free;
	start = now(CLOCK_MONOTONIC);
	cpu_start = now(CLOCK_PROCESS_CPUTIME_ID);
	do {
		err = parse_all(in, n, NULL);
		if (err)
			goto out_free;
		rounds++;
		secs = now(CLOCK_MONOTONIC) - start;
	} while (want_rounds ? rounds < want_rounds : secs < BENCH_MIN_SECONDS);
	cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

	mb = (double)bytes * (double)rounds / 1e6;
	printf("parsed %zu reports, %.1f MB in %.2f s: %.1f MB/s\n",
	       n * rounds, mb, secs, mb / secs);
	/* on a busy machine the CPU time is the fairer measure */
	printf("cpu time %.2f s: %.1f MB/s\n", cpu, mb / cpu);
	printf("%zu files, %.2f MB; kinds:", n, (double)bytes / 1e6);
	for (i = 0; i <= REPORT_NOT_TEXT; i++)
		printf(" %s %zu", report_kind_name((enum report_kind)i),
		       kinds[i]);
	printf("\n");
out_free:
	for (i = 0; i < n; i++)
		free(in[i].data);
	free(in);
out_release:
	filelist_release(&fl);
	return err ? 1 : 0;
}
