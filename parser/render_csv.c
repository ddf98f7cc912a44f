/* SPDX-License-Identifier: MIT */
/*
 * render_csv.c - the three standard tables as RFC 4180 CSV (UTF-8, LF,
 * header row, plain numbers, empty cell when missing, blank or unsure).
 */
#include "render.h"
#include "common.h"
#include "render-priv.h"

#include <errno.h>
#include <string.h>

#include "validate.h"

#define BOM "\xEF\xBB\xBF"

int csv_add_field(struct buf *out, const char *s, size_t len)
{
	size_t i, from;
	int err;

	if (!memchr(s, ',', len) && !memchr(s, '"', len) &&
	    !memchr(s, '\n', len) && !memchr(s, '\r', len))
		return buf_add(out, s, len);
	err = buf_addch(out, '"');
	for (i = from = 0; i < len && !err; i++) {
		if (s[i] != '"')
			continue;
		/* a quote inside a quoted field is written twice */
		err = buf_add(out, s + from, i + 1 - from);
		if (!err)
			err = buf_addch(out, '"');
		from = i + 1;
	}
	if (!err)
		err = buf_add(out, s + from, len - from);
	if (!err)
		err = buf_addch(out, '"');
	return err;
}

int csv_add_record(struct buf *out, const char *const *fields, size_t n)
{
	size_t i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		if (i)
			err = buf_addch(out, ',');
		if (!err && fields[i])
			err = csv_add_field(out, fields[i], strlen(fields[i]));
	}
	return err ? err : buf_addch(out, '\n');
}

/* A cell as CSV text: the number, or "" unless it is a sure value. */
static const char *cell_text(const struct cell *c, char *num, size_t size)
{
	if (c->state != CELL_VALUE || (c->flags & CELL_UNCERTAIN))
		return "";
	num_format(c->v, num, size);
	return num;
}

static int start(struct buf *out, int bom)
{
	return bom ? buf_adds(out, BOM) : 0;
}

static const char *const req_head[2 + REQ_COL_COUNT] = {
	"编号", "项目", "自然人", "商业企业", "科研机构",
	"社会公益组织", "法律服务机构", "其他", "总计",
};

static const char *const pro_head[4] = { "条款", "信息内容", "指标", "数值" };

int render_csv_header(const char *name, struct buf *out)
{
	if (!strcmp(name, "tables/requests.csv"))
		return csv_add_record(out, req_head, ARRAY_SIZE(req_head));
	if (!strcmp(name, "tables/appeals.csv"))
		return csv_add_record(out, app_cols, APP_CELL_COUNT);
	if (!strcmp(name, "tables/proactive.csv"))
		return csv_add_record(out, pro_head, ARRAY_SIZE(pro_head));
	return -EINVAL;
}

int render_csv_requests(const struct report *r, int bom, struct buf *out)
{
	const char *f[2 + REQ_COL_COUNT];
	char nums[REQ_COL_COUNT][48];
	unsigned i, c;
	int err;

	err = start(out, bom);
	if (!err)
		err = csv_add_record(out, req_head, ARRAY_SIZE(req_head));
	for (i = 0; i < REQ_ROW_COUNT && !err; i++) {
		if (!report_req_row_used(r, (enum req_row)i))
			continue;
		f[0] = req_rows[i].code;
		f[1] = req_rows[i].label;
		for (c = 0; c < REQ_COL_COUNT; c++)
			f[2 + c] = cell_text(&r->req.rows[i].cells[c], nums[c],
					     sizeof(nums[c]));
		err = csv_add_record(out, f, ARRAY_SIZE(f));
	}
	return err;
}

int render_csv_appeals(const struct report *r, int bom, struct buf *out)
{
	const char *f[APP_CELL_COUNT];
	char nums[APP_CELL_COUNT][48];
	unsigned c;
	int err;

	err = start(out, bom);
	if (!err)
		err = csv_add_record(out, app_cols, APP_CELL_COUNT);
	for (c = 0; c < APP_CELL_COUNT; c++)
		f[c] = cell_text(&r->app.cells[c], nums[c], sizeof(nums[c]));
	return err ? err : csv_add_record(out, f, APP_CELL_COUNT);
}

int render_csv_proactive(const struct report *r, int bom, struct buf *out)
{
	const struct pro_row_tmpl *t = pro_rows(r->tmpl);
	const char *f[4];
	char num[48];
	unsigned i, c;
	int err;

	err = start(out, bom);
	if (!err)
		err = csv_add_record(out, pro_head, ARRAY_SIZE(pro_head));
	for (i = 0; i < PRO_ROW_COUNT && !err; i++) {
		for (c = 0; c < t[i].ncols && !err; c++) {
			f[0] = t[i].clause;
			f[1] = t[i].label;
			f[2] = t[i].cols[c];
			f[3] = cell_text(&r->pro.rows[i].cells[c], num,
					 sizeof(num));
			err = csv_add_record(out, f, ARRAY_SIZE(f));
		}
	}
	return err;
}
