/* SPDX-License-Identifier: MIT */
/* dump.c - the report model as readable, diffable text */
#include "dump.h"
#include "common.h"

#include <string.h>

static void add_cell(struct buf *b, const struct cell *c)
{
	char num[32];

	if (c->state == CELL_VALUE) {
		num_format(c->v, num, sizeof(num));
		buf_adds(b, num);
	} else {
		buf_adds(b, c->state == CELL_EMPTY ? "-" : "?");
	}
	if (c->flags & CELL_UNCERTAIN)
		buf_addch(b, '~');
	else if (c->flags & CELL_DEDUCED)
		buf_addch(b, '*');
}

static void add_year(struct buf *b, const char *what, int year)
{
	if (year)
		buf_addf(b, "%s: %d\n", what, year);
	else
		buf_addf(b, "%s: -\n", what);
}

int report_dump(const struct report *r, const char *name, struct buf *b)
{
	const struct pro_row_tmpl *tr = pro_rows(r->tmpl);
	unsigned i, j;
	size_t d;

	buf_addf(b, "file: %s\n", name ? name : "-");
	buf_addf(b, "kind: %s\n", report_kind_name(r->kind));
	if (r->why)
		buf_addf(b, "why: %s\n", r->why);
	buf_addf(b, "encoding: %s\n", report_encoding_name(r->encoding));
	if (r->kind == REPORT_NOT_TEXT)
		return b->err;
	buf_addf(b, "title-line: %u\n", r->id.title_line);
	buf_addf(b, "agency: %s (%s)\n", r->id.agency ? r->id.agency : "-",
		 ident_source_name(r->id.agency_src));
	buf_addf(b, "year: %d (%s)\n", r->id.year,
		 ident_source_name(r->id.year_src));
	add_year(b, "title-year", r->id.title_year);
	add_year(b, "period-year", r->id.period_year);
	buf_addf(b, "template: %s\n", template_name(r->tmpl));

	buf_addf(b, "sections: %s\n",
		 r->sections_in_order ? "in order" : "OUT OF ORDER");
	for (i = 0; i < SEC_COUNT; i++) {
		const struct section *s = &r->sections[i];

		if (!s->found) {
			buf_addf(b, "  %u %s: missing\n", i + 1,
				 section_titles[i]);
			continue;
		}
		buf_addf(b, "  %u %s: line %u, %u heading%s%s, %zu bytes\n",
			 i + 1, section_titles[i], s->line, s->headings,
			 s->headings == 1 ? "" : "s",
			 s->numeral_ok ? "" : ", no numeral", s->end - s->start);
	}

	buf_addf(b, "table 二: %s\n", r->pro.found ? "found" : "missing");
	if (r->pro.found) {
		for (i = 0; i < PRO_ROW_COUNT; i++) {
			const struct row *row = &r->pro.rows[i];

			if (!tr[i].ncols)
				continue;
			buf_addf(b, "  %s %s line %u:", tr[i].clause,
				 tr[i].label, row->line);
			for (j = 0; j < tr[i].ncols; j++) {
				buf_addf(b, " %s=", tr[i].cols[j]);
				add_cell(b, &row->cells[j]);
			}
			buf_addch(b, '\n');
		}
		buf_addf(b, "  amount unit: %s\n",
			 r->pro.fee_unit ? r->pro.fee_unit : "-");
	}

	buf_addf(b, "table 三: %s", r->req.found ? "found" : "missing");
	if (r->req.found)
		buf_addf(b, ", (六) %s", r->req.other_split ? "in three rows"
							    : "one row");
	buf_addch(b, '\n');
	if (r->req.found) {
		for (i = 0; i < REQ_ROW_COUNT; i++) {
			const struct row *row = &r->req.rows[i];

			if (r->req.other_split ? i == REQ_OTHER
					       : (i >= REQ_OTHER_1 &&
						  i <= REQ_OTHER_3))
				continue;
			buf_addf(b, "  %-6s line %3u:", req_rows[i].code,
				 row->line);
			for (j = 0; j < REQ_COL_COUNT; j++) {
				buf_addch(b, ' ');
				add_cell(b, &row->cells[j]);
			}
			buf_addf(b, "  %s\n", req_rows[i].label);
		}
	}

	buf_addf(b, "table 四: %s", r->app.found ? "found" : "missing");
	if (r->app.found) {
		buf_addf(b, ", line %u:", r->app.line);
		for (i = 0; i < APP_CELL_COUNT; i++) {
			buf_adds(b, i && i % 5 == 0 ? " |" : "");
			buf_addch(b, ' ');
			add_cell(b, &r->app.cells[i]);
		}
	}
	buf_addch(b, '\n');

	buf_addf(b, "notes: %zu\n", r->ndiags);
	for (d = 0; d < r->ndiags; d++)
		buf_addf(b, "  line %u %s: %s\n", r->diags[d].line,
			 diag_code_name(r->diags[d].code),
			 r->diags[d].message);
	return b->err;
}
