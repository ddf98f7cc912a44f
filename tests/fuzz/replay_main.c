/* SPDX-License-Identifier: MIT */
/*
 * replay_main.c - main() for fuzz targets built without libFuzzer: runs the
 * target once on every file named on the command line, or found directly in
 * a directory named there, and reports each as a TAP test.
 */
#include "fuzz.h"
#include "common.h"
#include "filelist.h"
#include "readfile.h"

#define REPLAY_MAX_BYTES ((size_t)64 << 20)

int main(int argc, char **argv)
{
	struct filelist fl;
	size_t i, len, failed = 0;
	char *data;
	int err, a;

	filelist_init(&fl);
	for (a = 1; a < argc; a++) {
		err = filelist_add(&fl, argv[a]);
		if (err) {
			fprintf(stderr, "cannot read '%s': %s\n", argv[a],
				strerror(-err));
			filelist_release(&fl);
			return 1;
		}
	}
	printf("TAP version 13\n1..%zu\n", fl.n);
	for (i = 0; i < fl.n; i++) {
		/* a crash ends the run; this line names the culprit */
		printf("# %s\n", fl.paths[i]);
		fflush(stdout);
		err = read_file(fl.paths[i], REPLAY_MAX_BYTES, &data, &len);
		if (err) {
			printf("not ok %zu - %s: %s\n", i + 1, fl.paths[i],
			       strerror(-err));
			failed++;
			continue;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		printf("ok %zu - %s\n", i + 1, fl.paths[i]);
	}
	filelist_release(&fl);
	return failed ? 1 : 0;
}
