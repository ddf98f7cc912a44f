/* SPDX-License-Identifier: MIT */
/* fuzz_report_parse.c - fuzz target: parse one input as a report and dump it */
#include "fuzz.h"
#include "common.h"
#include "buf.h"
#include "dump.h"
#include "report.h"

/* Dumps are a few times the report's size; this only stops runaways. */
#define FUZZ_DUMP_MAX ((size_t)REPORT_MAX_BYTES * 4)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report *r;
	struct buf out;
	char *text;

	/* the parser gets what corpus_read() gives it: a NUL-terminated copy */
	text = malloc(size + 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	if (report_parse(text, size, "fuzz.txt", &r))
		goto out_free_text;
	buf_init(&out, FUZZ_DUMP_MAX);
	report_dump(r, "x", &out);
	buf_release(&out);
	report_free(r);
out_free_text:
	free(text);
	return 0;
}
