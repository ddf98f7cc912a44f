/* SPDX-License-Identifier: MIT */
/* template.c - the 2019 and 2021 report templates as data */
#include "template.h"
#include "common.h"

#define G3 "（三）不予公开"
#define G4 "（四）无法提供"
#define G5 "（五）不予处理"
#define G6 "（六）其他处理"

const struct req_row_tmpl req_rows[REQ_ROW_COUNT] = {
	[REQ_NEW] = { "1", "一、本年新收政府信息公开申请数量",
		      "本年新收政府信息公开申请数量", NULL, 0 },
	[REQ_CARRIED] = { "2", "二、上年结转政府信息公开申请数量",
			  "上年结转政府信息公开申请数量", NULL, 0 },
	[REQ_PUBLIC] = { "3.1", "（一）予以公开", "予以公开",
			 "三、本年度办理结果", 0 },
	[REQ_PARTIAL] = { "3.2",
			  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
			  "部分公开", "三、本年度办理结果", 0 },
	[REQ_DENY_1] = { "3.3.1", "1.属于国家秘密", "属于国家秘密", G3, 1 },
	[REQ_DENY_2] = { "3.3.2", "2.其他法律行政法规禁止公开",
			 "其他法律行政法规禁止公开", G3, 2 },
	[REQ_DENY_3] = { "3.3.3", "3.危及“三安全一稳定”", "危及三安全一稳定",
			 G3, 3 },
	[REQ_DENY_4] = { "3.3.4", "4.保护第三方合法权益", "保护第三方合法权益",
			 G3, 4 },
	[REQ_DENY_5] = { "3.3.5", "5.属于三类内部事务信息",
			 "属于三类内部事务信息", G3, 5 },
	[REQ_DENY_6] = { "3.3.6", "6.属于四类过程性信息", "属于四类过程性信息",
			 G3, 6 },
	[REQ_DENY_7] = { "3.3.7", "7.属于行政执法案卷", "属于行政执法案卷", G3,
			 7 },
	[REQ_DENY_8] = { "3.3.8", "8.属于行政查询事项", "属于行政查询事项", G3,
			 8 },
	[REQ_NOINFO_1] = { "3.4.1", "1.本机关不掌握相关政府信息",
			   "本机关不掌握相关政府信息", G4, 1 },
	[REQ_NOINFO_2] = { "3.4.2", "2.没有现成信息需要另行制作",
			   "没有现成信息需要另行制作", G4, 2 },
	[REQ_NOINFO_3] = { "3.4.3", "3.补正后申请内容仍不明确",
			   "补正后申请内容仍不明确", G4, 3 },
	[REQ_REFUSE_1] = { "3.5.1", "1.信访举报投诉类申请",
			   "信访举报投诉类申请", G5, 1 },
	[REQ_REFUSE_2] = { "3.5.2", "2.重复申请", "重复申请", G5, 2 },
	[REQ_REFUSE_3] = { "3.5.3", "3.要求提供公开出版物",
			   "要求提供公开出版物", G5, 3 },
	[REQ_REFUSE_4] = { "3.5.4", "4.无正当理由大量反复申请",
			   "无正当理由大量反复申请", G5, 4 },
	[REQ_REFUSE_5] = { "3.5.5", "5.要求行政机关确认或重新出具已获取信息",
			   "要求行政机关确认或重新出具已获取信息", G5, 5 },
	[REQ_OTHER] = { "3.6", "（六）其他处理", "其他处理",
			"三、本年度办理结果", 0 },
	[REQ_OTHER_1] = { "3.6.1",
			  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			  "申请人无正当理由逾期不补正", G6, 1 },
	[REQ_OTHER_2] = { "3.6.2",
			  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
			  "申请人逾期未按收费通知要求缴纳费用", G6, 2 },
	[REQ_OTHER_3] = { "3.6.3", "3.其他", "其他", G6, 3 },
	[REQ_TOTAL] = { "3.7", "（七）总计", "总计", "三、本年度办理结果", 0 },
	[REQ_CARRY_OVER] = { "4", "四、结转下年度继续办理", "结转下年度继续办理",
			     NULL, 0 },
};

const char *const req_cols[REQ_COL_COUNT] = {
	"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
	"总计",
};

const char *const app_cols[APP_CELL_COUNT] = {
	"行政复议/结果维持",
	"行政复议/结果纠正",
	"行政复议/其他结果",
	"行政复议/尚未审结",
	"行政复议/总计",
	"行政诉讼/未经复议直接起诉/结果维持",
	"行政诉讼/未经复议直接起诉/结果纠正",
	"行政诉讼/未经复议直接起诉/其他结果",
	"行政诉讼/未经复议直接起诉/尚未审结",
	"行政诉讼/未经复议直接起诉/总计",
	"行政诉讼/复议后起诉/结果维持",
	"行政诉讼/复议后起诉/结果纠正",
	"行政诉讼/复议后起诉/其他结果",
	"行政诉讼/复议后起诉/尚未审结",
	"行政诉讼/复议后起诉/总计",
};

#define C1 "第二十条第（一）项"
#define C5 "第二十条第（五）项"
#define C6 "第二十条第（六）项"
#define C8 "第二十条第（八）项"
#define C9 "第二十条第（九）项"
#define COLS19_1 { "本年新制作数量", "本年新公开数量", "对外公开总数量" }
#define COLS19_5 { "上一年项目数量", "本年增/减", "处理决定数量" }
#define KINDS_CCC { PRO_COUNT, PRO_COUNT, PRO_COUNT }
#define KINDS_CDC { PRO_COUNT, PRO_DELTA, PRO_COUNT }

static const struct pro_row_tmpl pro_2019[PRO_ROW_COUNT] = {
	[PRO_RULES] = { C1, 1, "规章", "规章", 3, COLS19_1, KINDS_CCC },
	[PRO_NORMATIVE] = { C1, 1, "规范性文件", "规范性文件", 3, COLS19_1,
			    KINDS_CCC },
	[PRO_LICENSE] = { C5, 5, "行政许可", "行政许可", 3, COLS19_5,
			  KINDS_CDC },
	[PRO_OTHER_SERVICE] = { C5, 5, "其他对外管理服务事项",
				"其他对外管理服务事项", 3, COLS19_5,
				KINDS_CDC },
	[PRO_PENALTY] = { C6, 6, "行政处罚", "行政处罚", 3, COLS19_5,
			  KINDS_CDC },
	[PRO_COERCION] = { C6, 6, "行政强制", "行政强制", 3, COLS19_5,
			   KINDS_CDC },
	[PRO_FEE] = { C8, 8, "行政事业性收费", "行政事业性收费", 2,
		      { "上一年项目数量", "本年增/减" },
		      { PRO_COUNT, PRO_DELTA } },
	[PRO_PROCUREMENT] = { C9, 9, "政府集中采购", "政府集中采购", 2,
			      { "采购项目数量", "采购总金额" },
			      { PRO_COUNT, PRO_AMOUNT } },
};

static const struct pro_row_tmpl pro_2021[PRO_ROW_COUNT] = {
	[PRO_RULES] = { C1, 1, "规章", "规章", 3,
			{ "本年制发件数", "本年废止件数", "现行有效件数" },
			KINDS_CCC },
	[PRO_NORMATIVE] = { C1, 1, "行政规范性文件", "规范性文件", 3,
			    { "本年制发件数", "本年废止件数", "现行有效件数" },
			    KINDS_CCC },
	[PRO_LICENSE] = { C5, 5, "行政许可", "行政许可", 1,
			  { "本年处理决定数量" }, { PRO_COUNT } },
	[PRO_OTHER_SERVICE] = { C5, 5, "其他对外管理服务事项",
				"其他对外管理服务事项", 0, { NULL }, { 0 } },
	[PRO_PENALTY] = { C6, 6, "行政处罚", "行政处罚", 1,
			  { "本年处理决定数量" }, { PRO_COUNT } },
	[PRO_COERCION] = { C6, 6, "行政强制", "行政强制", 1,
			   { "本年处理决定数量" }, { PRO_COUNT } },
	[PRO_FEE] = { C8, 8, "行政事业性收费", "行政事业性收费", 1,
		      { "本年收费金额" }, { PRO_AMOUNT } },
	[PRO_PROCUREMENT] = { C9, 9, "政府集中采购", "政府集中采购", 0,
			      { NULL }, { 0 } },
};

const struct pro_row_tmpl *pro_rows(enum report_template t)
{
	return t == TEMPLATE_2021 ? pro_2021 : pro_2019;
}

const char *template_name(enum report_template t)
{
	switch (t) {
	case TEMPLATE_2019:
		return "2019";
	case TEMPLATE_2021:
		return "2021";
	default:
		return "unknown";
	}
}
