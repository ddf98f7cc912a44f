/* SPDX-License-Identifier: MIT */
/*
 * report.h - the report model: one annual report's text parsed into its
 * identity, six sections and three standard tables, plus notes on what the
 * parser had to guess.  Built by report_parse(), immutable afterwards, so
 * any number of threads may read one report without locks.
 */
#ifndef REPORTFS_REPORT_H
#define REPORTFS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "template.h"

/* Hard cap on one report's raw size; larger input gets -EFBIG. */
#define REPORT_MAX_BYTES (64u << 20)

enum report_kind {
	REPORT_ANNUAL,     /* a 2019/2021-template annual report */
	REPORT_LEGACY,     /* a report, but in neither template (pre-2019) */
	REPORT_NOT_REPORT, /* text, but not an annual report (a notice, ...) */
	REPORT_NOT_TEXT,   /* binary: NUL bytes or undecodable */
};

enum report_encoding {
	ENCODING_UTF8,
	ENCODING_UTF8_BOM,
	ENCODING_GB18030,
	ENCODING_UTF16,    /* LE or BE, with or without BOM (see diags) */
};

enum ident_source {
	SOURCE_NONE = 0, /* not found */
	SOURCE_TITLE,    /* the report's title */
	SOURCE_NAME,     /* the archive entry name the caller passed */
	SOURCE_PERIOD,   /* 统计期限为YYYY年… */
	SOURCE_TEXT,     /* most frequent YYYY年 in the text */
};

enum cell_state {
	CELL_MISSING = 0, /* not found in the report */
	CELL_EMPTY,       /* present but blank, "/", "-", "—" or "无" */
	CELL_VALUE,       /* a number */
};

enum cell_flags {
	CELL_UNCERTAIN = 1 << 0, /* several readings fit; `note` lists them */
	CELL_DEDUCED = 1 << 1,   /* placed or computed by the parser (see diags) */
};

/* A decimal number: mant / 10^scale.  Counts have scale 0. */
struct num {
	int64_t mant;
	unsigned scale;
};

struct cell {
	enum cell_state state;
	unsigned flags;     /* enum cell_flags */
	struct num v;       /* valid when state == CELL_VALUE */
	const char *note;   /* text found in the cell, or candidates; or NULL */
	uint32_t line;      /* source line, 0 when missing */
};

struct row {
	uint32_t line;      /* source line of the row's label, 0: not found */
	struct cell cells[REQ_COL_COUNT];
};

enum section_id {
	SEC_OVERVIEW,  /* 一、总体情况 */
	SEC_PROACTIVE, /* 二、主动公开政府信息情况 */
	SEC_REQUESTS,  /* 三、收到和处理政府信息公开申请情况 */
	SEC_APPEALS,   /* 四、政府信息公开行政复议、行政诉讼情况 */
	SEC_PROBLEMS,  /* 五、存在的主要问题及改进情况 */
	SEC_OTHER,     /* 六、其他需要报告的事项 */
	SEC_COUNT
};

struct section {
	int found;
	size_t start;      /* byte offset of the heading line in `text` */
	size_t end;        /* byte offset just past the section */
	uint32_t line;     /* heading line */
	unsigned headings; /* headings seen for this section (2+: repeated) */
	int numeral_ok;    /* the first heading had its numeral, e.g. "三、" */
	int paren;         /* found only as "（三）…": a sub-heading style */
};

struct identity {
	const char *agency;           /* NULL when not found */
	enum ident_source agency_src;
	int year;                     /* 0 when not found */
	enum ident_source year_src;
	int title_year;               /* year written in the title, or 0 */
	int period_year;              /* year of 统计期限, or 0 */
	uint32_t title_line;          /* 0: no title */
};

enum diag_code {
	DIAG_ENCODING,     /* input was not UTF-8 and was converted */
	DIAG_NO_TITLE,
	DIAG_HEADING,      /* heading numeral missing, repeated, out of order */
	DIAG_LABEL,        /* a row label matched only approximately */
	DIAG_ROW_MISSING,  /* a template row was not found */
	DIAG_CELLS,        /* wrong number of cells; how they were placed */
	DIAG_UNCERTAIN,    /* several readings of the cells fit */
	DIAG_CELL_TEXT,    /* text inside a number cell */
	DIAG_UNIT,         /* an amount in another unit than 万元 */
	DIAG_TEMPLATE,     /* mixed template signals */
	DIAG_COUNT
};

struct diag {
	uint32_t line;       /* source line, 0 when not about one line */
	enum diag_code code;
	const char *message; /* UTF-8, arena-owned */
};

struct proactive {
	int found;
	struct row rows[PRO_ROW_COUNT]; /* cells[0..ncols) as per pro_rows() */
	const char *fee_unit;           /* unit written for amounts, or NULL */
};

struct requests {
	int found;
	int other_split; /* (六) given as the three 2021 sub-rows */
	struct row rows[REQ_ROW_COUNT];
};

struct appeals {
	int found;
	uint32_t line;
	struct cell cells[APP_CELL_COUNT];
};

struct report {
	enum report_kind kind;
	const char *why;                /* reason for NOT_TEXT/NOT_REPORT */
	enum report_encoding encoding;
	const char *text;               /* the whole report, UTF-8, LF lines */
	size_t len;
	struct identity id;
	enum report_template tmpl;
	struct section sections[SEC_COUNT];
	int sections_in_order;
	struct proactive pro;
	struct requests req;
	struct appeals app;
	const struct diag *diags;
	size_t ndiags;
	struct arena arena;             /* private: owns every pointer above */
};

/*
 * Parse one report.  `name` is the archive entry name (or NULL); it is used
 * only to find the agency when the text has no title.  Returns 0 and a new
 * report in *out (caller frees with report_free()); bad content is never an
 * error (see kind, why and diags).  Errors: -ENOMEM, -EFBIG (over
 * REPORT_MAX_BYTES).  Thread-safe: parses share no state.
 */
int report_parse(const char *data, size_t len, const char *name,
		 struct report **out);

/* Free a report and everything it owns; NULL is a no-op. */
void report_free(struct report *r);

/* "annual", "legacy", "not-report", "not-text". */
const char *report_kind_name(enum report_kind k);

/* "utf-8", "utf-8-bom", "gb18030", "utf-16". */
const char *report_encoding_name(enum report_encoding e);

/* "title", "name", "period", "text", "none". */
const char *ident_source_name(enum ident_source s);

/* "encoding", "no-title", ... : stable ids for diag codes. */
const char *diag_code_name(enum diag_code c);

/* Canonical section titles ("总体情况", ...) and file names ("1-overview.txt"). */
extern const char *const section_titles[SEC_COUNT];
extern const char *const section_files[SEC_COUNT];

/* Format a number into `out` (at least 32 bytes): "12", "-3", "7730.28". */
void num_format(struct num n, char *out, size_t size);

#endif
