/* SPDX-License-Identifier: MIT */
/*
 * template.h - the national report templates (2019 and 2021) as data: row
 * codes, canonical labels, the label keys the parser looks for, and columns.
 * One source of truth for the parser, the validator and the CSV writer.
 */
#ifndef REPORTFS_TEMPLATE_H
#define REPORTFS_TEMPLATE_H

#include <stddef.h>

enum report_template {
	TEMPLATE_NONE = 0, /* not identified */
	TEMPLATE_2019,     /* 国办公开办函〔2019〕60号 format */
	TEMPLATE_2021,     /* 国办公开办函〔2021〕30号 format */
};

/* Table 三 (收到和处理政府信息公开申请情况) rows, both templates. */
enum req_row {
	REQ_NEW,        /* 一、本年新收 */
	REQ_CARRIED,    /* 二、上年结转 */
	REQ_PUBLIC,     /* (一)予以公开 */
	REQ_PARTIAL,    /* (二)部分公开 */
	REQ_DENY_1,     /* (三)不予公开 1..8 */
	REQ_DENY_2,
	REQ_DENY_3,
	REQ_DENY_4,
	REQ_DENY_5,
	REQ_DENY_6,
	REQ_DENY_7,
	REQ_DENY_8,
	REQ_NOINFO_1,   /* (四)无法提供 1..3 */
	REQ_NOINFO_2,
	REQ_NOINFO_3,
	REQ_REFUSE_1,   /* (五)不予处理 1..5 */
	REQ_REFUSE_2,
	REQ_REFUSE_3,
	REQ_REFUSE_4,
	REQ_REFUSE_5,
	REQ_OTHER,      /* (六)其他处理: a leaf row (2019) or group total */
	REQ_OTHER_1,    /* (六) 1..3, 2021 only */
	REQ_OTHER_2,
	REQ_OTHER_3,
	REQ_TOTAL,      /* (七)总计 */
	REQ_CARRY_OVER, /* 四、结转下年度继续办理 */
	REQ_ROW_COUNT
};

enum req_col {
	REQ_COL_PERSON,    /* 自然人 */
	REQ_COL_BUSINESS,  /* 商业企业 */
	REQ_COL_RESEARCH,  /* 科研机构 */
	REQ_COL_NONPROFIT, /* 社会公益组织 */
	REQ_COL_LEGAL,     /* 法律服务机构 */
	REQ_COL_OTHER,     /* 其他 */
	REQ_COL_TOTAL,     /* 总计 */
	REQ_COL_COUNT
};

struct req_row_tmpl {
	const char *code;  /* "1", "3.3.1", ... as in requests.csv */
	const char *label; /* canonical template label */
	const char *key;   /* normalised label text the parser searches for */
	const char *group; /* canonical group label, NULL for top rows */
	unsigned numeral;  /* sub-item number ("1." .. "8."), 0 if none */
};

extern const struct req_row_tmpl req_rows[REQ_ROW_COUNT];
extern const char *const req_cols[REQ_COL_COUNT];

/* Table 四 (行政复议、行政诉讼) cells, in reading order. */
enum app_cell {
	APP_REVIEW_UPHELD,
	APP_REVIEW_CORRECTED,
	APP_REVIEW_OTHER,
	APP_REVIEW_PENDING,
	APP_REVIEW_TOTAL,
	APP_DIRECT_UPHELD,
	APP_DIRECT_CORRECTED,
	APP_DIRECT_OTHER,
	APP_DIRECT_PENDING,
	APP_DIRECT_TOTAL,
	APP_AFTER_UPHELD,
	APP_AFTER_CORRECTED,
	APP_AFTER_OTHER,
	APP_AFTER_PENDING,
	APP_AFTER_TOTAL,
	APP_CELL_COUNT
};

/* "行政复议/结果维持" ... "行政诉讼/复议后起诉/总计" */
extern const char *const app_cols[APP_CELL_COUNT];

/* Table 二 (第二十条) rows; which exist and their columns depend on the template. */
enum pro_row {
	PRO_RULES,         /* 规章 */
	PRO_NORMATIVE,     /* (行政)规范性文件 */
	PRO_LICENSE,       /* 行政许可 */
	PRO_OTHER_SERVICE, /* 其他对外管理服务事项 (2019) */
	PRO_PENALTY,       /* 行政处罚 */
	PRO_COERCION,      /* 行政强制 */
	PRO_FEE,           /* 行政事业性收费 */
	PRO_PROCUREMENT,   /* 政府集中采购 (2019) */
	PRO_ROW_COUNT
};

#define PRO_MAX_COLS 3

enum pro_kind {
	PRO_COUNT,  /* non-negative integer */
	PRO_DELTA,  /* integer, may be negative (本年增/减) */
	PRO_AMOUNT, /* decimal amount in 万元 */
};

struct pro_row_tmpl {
	const char *clause; /* "第二十条第（一）项" */
	unsigned item;      /* 1, 5, 6, 8 or 9 */
	const char *label;  /* canonical label */
	const char *key;    /* normalised search key */
	unsigned ncols;     /* 0: row not in this template */
	const char *cols[PRO_MAX_COLS];
	enum pro_kind kinds[PRO_MAX_COLS];
};

/* The table 二 layout of a template (TEMPLATE_NONE gives the 2019 one). */
const struct pro_row_tmpl *pro_rows(enum report_template t);

/* "2019", "2021" or "unknown". */
const char *template_name(enum report_template t);

#endif
