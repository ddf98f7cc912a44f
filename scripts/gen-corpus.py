#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate synthetic government information-disclosure annual reports.

Writes N varied reports (政府信息公开工作年度报告) in the 2019 and 2021
national template formats, with consistent random numbers and the layout
noise seen in real reports: tab layouts, missing heading numerals, blank
lines in tables, full/half-width punctuation, split labels, numbers on the
next line, PDF page numbers, flattened text, CRLF and GB18030.  With
--errors RATE a report gets one known error with that probability.

Usage: gen-corpus.py --count N --seed S --out DIR [--format txt]
                     [--errors RATE] [--series N] [--manifest FILE]

The same seed gives the same files.  --manifest writes one JSON object per
report (file, agency, year, template, noise, error) for tests to check
against.  Standard library only.
"""

import argparse
import json
import os
import random
import sys

# --- names -----------------------------------------------------------------

PROVINCE_CITIES = [
    "洛阳市", "淮安市", "濮阳市", "福州市", "南京市", "杭州市", "成都市",
    "武汉市", "长沙市", "郑州市", "济南市", "合肥市", "南昌市", "昆明市",
    "贵阳市", "西安市", "兰州市", "太原市", "石家庄市", "沈阳市", "长春市",
    "哈尔滨市", "南宁市", "海口市", "银川市", "西宁市", "苏州市", "无锡市",
    "宁波市", "温州市", "泉州市", "厦门市", "青岛市", "烟台市", "佛山市",
    "东莞市", "惠州市", "珠海市", "绵阳市", "宜昌市", "襄阳市", "株洲市",
]

PLACE_CHARS = (
    "安平江河山阳城新东西南北华兴宁德和丰泉湖海云龙福长清永林金石"
    "洪泽洛川桥岭峰溪源浦台滨沙湾通顺昌盛嘉庆康乐泰宝鼎兴文武崇"
)

DISTRICT_SUFFIX = ["区", "区", "区", "县", "县", "市", "新区", "经济技术开发区"]

TOWN_SUFFIX = ["镇", "乡", "街道"]

BUREAUS = [
    "人民政府", "人民政府办公室", "发展和改革局", "教育局", "科学技术局",
    "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "林业局",
    "体育局", "信访局", "行政审批服务局", "数据资源管理局", "粮食和物资储备局",
]

TOWN_BODIES = ["人民政府", "人民政府", "人民政府", "便民服务中心"]


def place_name(rng, n=2):
    return "".join(rng.choice(PLACE_CHARS) for _ in range(n))


def make_agency(rng):
    """An agency name like 洛阳市洛龙区发展和改革局 or 新习镇人民政府."""
    kind = rng.random()
    if kind < 0.15:
        town = place_name(rng) + rng.choice(TOWN_SUFFIX)
        body = "办事处" if town.endswith("街道") else rng.choice(TOWN_BODIES)
        return town + body
    district = place_name(rng) + rng.choice(DISTRICT_SUFFIX)
    city = rng.choice(PROVINCE_CITIES) if rng.random() < 0.35 else ""
    return city + district + rng.choice(BUREAUS)


# --- numbers ---------------------------------------------------------------

NUMERALS = "一二三四五六七八九十"

# Table 三 leaf rows: (key, group, label, weight of the share of handled
# requests).  Group None: the row is a direct child of 三、本年度办理结果.
DENY = [
    "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”",
    "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息",
    "属于行政执法案卷", "属于行政查询事项",
]
NOINFO = [
    "本机关不掌握相关政府信息", "没有现成信息需要另行制作",
    "补正后申请内容仍不明确",
]
REFUSE = [
    "信访举报投诉类申请", "重复申请", "要求提供公开出版物",
    "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息",
]
OTHER_2021 = [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
]
PARTIAL = "部分公开（区分处理的，只计这一情形，不计其他情形）"

GROUPS = {3: "不予公开", 4: "无法提供", 5: "不予处理", 6: "其他处理"}


def leaf_rows(tmpl):
    """Leaf rows of table 三 as (key, group number or 0, item, label, weight)."""
    rows = [("public", 0, 1, "予以公开", 30), ("partial", 0, 2, PARTIAL, 8)]
    deny_w = [2, 1, 1, 2, 3, 3, 1, 2]
    rows += [("deny%d" % (i + 1), 3, i + 1, lab, deny_w[i])
             for i, lab in enumerate(DENY)]
    rows += [("noinfo%d" % (i + 1), 4, i + 1, lab, w)
             for i, (lab, w) in enumerate(zip(NOINFO, [22, 5, 3]))]
    rows += [("refuse%d" % (i + 1), 5, i + 1, lab, w)
             for i, (lab, w) in enumerate(zip(REFUSE, [5, 3, 1, 1, 1]))]
    if tmpl == 2021:
        rows += [("other%d" % (i + 1), 6, i + 1, lab, w)
                 for i, (lab, w) in enumerate(zip(OTHER_2021, [3, 1, 2]))]
    else:
        rows += [("other", 0, 6, "其他处理", 5)]
    return rows


APPLICANT_SHARE = [80, 8, 1, 1, 4, 6]  # 自然人 商业企业 科研 公益 法律 其他


def split_count(rng, total, weights):
    """Split `total` into len(weights) non-negative parts, about by weight."""
    parts = [0] * len(weights)
    if total <= 0:
        return parts
    if total > 200:
        s = sum(weights)
        for i, w in enumerate(weights):
            parts[i] = int(total * w / s * rng.uniform(0.7, 1.3))
        over = sum(parts) - total
        i = max(range(len(parts)), key=lambda k: parts[k])
        parts[i] -= over
        if parts[i] < 0:  # rounding went wild: fall back to exact draws
            parts = [0] * len(weights)
            for _ in range(total):
                parts[rng.choices(range(len(weights)), weights)[0]] += 1
        return parts
    for _ in range(total):
        parts[rng.choices(range(len(weights)), weights)[0]] += 1
    return parts


def make_requests(rng, tmpl, carried=None):
    """Table 三: {row key: [6 applicant counts + 总计]} that add up.

    `carried` (6 counts) is 二、上年结转 when last year's report is known."""
    scale = rng.choices(["zero", "small", "medium", "large"],
                        [30, 35, 25, 10])[0]
    new_total = {"zero": 0, "small": rng.randint(1, 20),
                 "medium": rng.randint(20, 200),
                 "large": rng.randint(200, 3000)}[scale]
    carried_total = 0 if scale == "zero" or rng.random() < 0.6 else \
        rng.randint(0, max(1, new_total // 10))
    new = split_count(rng, new_total, APPLICANT_SHARE)
    if carried is None:
        carried = split_count(rng, carried_total, APPLICANT_SHARE)
    else:
        carried = list(carried)
    leaves = leaf_rows(tmpl)
    weights = [w * rng.uniform(0.2, 2.0) for _, _, _, _, w in leaves]
    table = {key: [0] * 6 for key, _, _, _, _ in leaves}
    over = [0] * 6
    for c in range(6):
        avail = new[c] + carried[c]
        over[c] = 0 if avail == 0 or rng.random() < 0.7 else \
            rng.randint(0, max(1, avail // 8))
        handled = avail - over[c]
        for (key, _, _, _, _), n in zip(leaves, split_count(rng, handled,
                                                             weights)):
            table[key][c] = n
    table["new"] = new
    table["carried"] = carried
    table["carry_over"] = over
    table["total"] = [sum(table[k][c] for k, _, _, _, _ in leaves)
                      for c in range(6)]
    if tmpl == 2021:
        table["other"] = [sum(table["other%d" % i][c] for i in (1, 2, 3))
                          for c in range(6)]
    for row in table.values():
        row.append(sum(row[:6]))
    return table


def make_appeals(rng):
    """Table 四: three groups of 结果维持 结果纠正 其他结果 尚未审结 总计."""
    busy = rng.random() < 0.35
    cells = []
    for _ in range(3):
        part = [rng.choice([0, 0, 0, 1, 2, 3, 5]) if busy else 0
                for _ in range(4)]
        cells += part + [sum(part)]
    return cells


def make_proactive(rng, tmpl):
    """Table 二 as a list of (label, [values as strings])."""
    def count(hi):
        return rng.choice([0, 0, rng.randint(0, hi)])

    def amount():
        if rng.random() < 0.4:
            return "0"
        v = rng.uniform(0.5, 30000)
        return ("%.4f" % v).rstrip("0").rstrip(".") if rng.random() < 0.7 \
            else "%.2f" % v

    if tmpl == 2019:
        rows = []
        for label in ("规章", "规范性文件"):
            made = count(30)
            pub = made + count(5)
            rows.append((label, [made, pub, pub + count(200)]))
        for label in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制"):
            prev = count(300)
            delta = rng.randint(-prev, 50) if prev else count(20)
            rows.append((label, [prev, delta, count(5000)]))
        prev = count(20)
        rows.append(("行政事业性收费",
                     [prev, rng.randint(-prev, 5) if prev else 0]))
        rows.append(("政府集中采购", [count(100), amount()]))
        return [(lab, [str(v) for v in vals]) for lab, vals in rows]
    rows = []
    for label in ("规章", "行政规范性文件"):
        made, gone = count(30), count(10)
        rows.append((label, [made, gone, made + count(300)]))
    for label in ("行政许可", "行政处罚", "行政强制"):
        rows.append((label, [count(20000)]))
    rows.append(("行政事业性收费", [amount()]))
    return [(lab, [str(v) for v in vals]) for lab, vals in rows]


# --- text ------------------------------------------------------------------

OVERVIEW_SUBS = [
    ("主动公开情况", [
        "坚持以公开为常态、不公开为例外，全年通过政府门户网站主动公开政府信息{n1}条，"
        "其中政策文件{n2}条，工作动态{n3}条。",
        "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息，"
        "做到应公开尽公开。",
        "发布政策解读{n4}篇，其中图解{n5}篇，回应社会关切{n6}次。",
    ]),
    ("依申请公开情况", [
        "进一步规范依申请公开办理流程，全年共收到政府信息公开申请{req}件，均在法定期限内答复。",
        "畅通依申请公开受理渠道，确保每件申请均有专人负责办理跟进。",
    ]),
    ("政府信息管理情况", [
        "严格落实政府信息公开保密审查机制，坚持先审后发，确保公开信息安全准确。",
        "对现行有效的规范性文件进行全面清理，及时公布清理结果。",
    ]),
    ("政府信息公开平台建设情况", [
        "加强政府门户网站和政务新媒体建设管理，优化栏目设置，提升信息发布质量。",
        "全年关停整合政务新媒体账号{n7}个，网站平台运行平稳。",
    ]),
    ("监督保障情况", [
        "将政务公开工作纳入年度绩效考核，组织业务培训{n8}场，参训人员{n9}人次。",
        "未发生因政府信息公开工作被责任追究的情况。",
    ]),
]

# Ranges of {n1}..{n9} in OVERVIEW_SUBS.
FILL_RANGES = [(50, 5000), (1, 200), (20, 3000), (1, 300), (0, 100),
               (1, 200), (0, 10), (1, 20), (10, 500)]

PROBLEMS = [
    "{year}年，我{short}政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；"
    "二是公开内容的深度和广度有待提升；三是工作人员业务水平有待提高。",
    "下一步，我{short}将继续深入贯彻《中华人民共和国政府信息公开条例》，进一步完善工作机制，"
    "加强业务培训，丰富解读形式，不断提升政府信息公开工作水平。",
    "针对存在的问题，一是加强组织领导，二是规范公开程序，三是强化监督检查，推动政务公开工作再上新台阶。",
]

OTHER_MATTERS = [
    "无。",
    "无其他需要报告的事项。",
    "{year}年，我{short}未收取政府信息公开信息处理费。",
    "按照《政府信息公开信息处理费管理办法》规定，{year}年本机关未发出收费通知，未收取信息处理费。",
    "{year}年，{agency}无需要报告的其他事项。",
]

FEE_NOTICES = (
    "按照《政府信息公开信息处理费管理办法》规定，{year}年向政府信息公开申请人发送"
    "《政府信息公开申请收费通知》{k}份，申请人逾期未按收费通知要求缴纳费用，"
    "本机关不再处理其政府信息公开申请。")

SECTION_TITLES = [
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况",
    "其他需要报告的事项",
]


def short_name(agency):
    for suffix in ("人民政府办公室", "人民政府", "办事处", "委员会"):
        if agency.endswith(suffix):
            return "单位" if suffix != "人民政府" else "机关"
    return "局" if agency.endswith("局") else "单位"


def wrap(text, rng, width):
    """Hard-wrap text into lines of `width` characters, as PDF extraction does."""
    out = []
    while len(text) > width:
        w = width + rng.randint(-2, 1)
        out.append(text[:w])
        text = text[w:]
    out.append(text)
    return out


# --- layout styles ---------------------------------------------------------

class Style:
    """Random per-report layout choices: the noise of one report."""

    def __init__(self, rng):
        self.rng = rng
        r = rng.random
        self.layout = rng.choices(["tabs", "tabs-min", "spaces", "pdf", "flat"],
                                  [45, 20, 12, 18, 5])[0]
        self.paren = rng.choices(["（{}）", "({})", "({}) "], [60, 25, 15])[0]
        self.item = rng.choices(["{}.", "{}．", "{}、", "{}. "], [70, 10, 10, 10])[0]
        self.colon = "：" if r() < 0.8 else ":"
        self.no_numerals = r() < 0.1
        self.heading_sep = rng.choices(["、", "、 ", "．", " 、"], [85, 5, 5, 5])[0]
        self.blank_lines = r() < 0.25       # blank lines inside tables
        self.next_line = r() < 0.12         # numbers on the line after the label
        self.split_labels = r() < 0.12      # labels broken over two lines
        self.label_spaces = r() < 0.08      # stray spaces inside labels
        self.dash_empty = r() < 0.1         # zeros of table 二/四 as "—"/"/"
        self.trailing_tabs = rng.choice([0, 0, 1, 2])
        self.drop_mid = r() < 0.5           # fewer empty label cells
        self.extra_gap = rng.choice([0, 0, 1])  # empty cell before numbers
        self.header = rng.choice(["seed", "split", "pdf"])  # table 三
        self.app_spaces = r() < 0.3         # "结果 维持"
        self.title = rng.choices(["one", "two", "year-first", "none", "niandu"],
                                 [60, 15, 10, 5, 10])[0]
        self.period = r() < 0.55            # 统计期限 sentence
        self.repeat_heading = r() < 0.05
        self.lead_blank = rng.choice([0, 0, 1, 2])
        self.para_blank = r() < 0.6         # blank line between paragraphs
        self.crlf = r() < 0.1
        self.gb18030 = r() < 0.05
        self.rule_row = r() < 0.05          # "---" under table 四
        self.half_width_text = r() < 0.2    # "," and "(" in body text
        self.page_numbers = self.layout == "pdf"

    def noise(self):
        """Names of the variations in effect, for the manifest."""
        names = ["layout=" + self.layout]
        for attr in ("no_numerals", "blank_lines", "next_line",
                     "split_labels", "label_spaces", "dash_empty",
                     "repeat_heading", "crlf", "gb18030", "rule_row",
                     "page_numbers", "half_width_text"):
            if getattr(self, attr):
                names.append(attr)
        if self.paren != "（{}）":
            names.append("half_width_parens")
        names.append("title=" + self.title)
        return names

    def p(self, n):
        """A parenthesised numeral: （一） or (一)."""
        return self.paren.format(NUMERALS[n - 1])

    def i(self, n):
        return self.item.format(n)


def cell_zero(style, v):
    if v == "0" and style.dash_empty and style.rng.random() < 0.5:
        return style.rng.choice(["—", "/", "-", "无"])
    return v


def spaced(style, label):
    """Sometimes put a stray space inside a label, as PDF extraction does."""
    if style.label_spaces and len(label) > 4 and style.rng.random() < 0.3:
        k = style.rng.randint(2, len(label) - 2)
        return label[:k] + " " + label[k:]
    return label


class Table:
    """Rows of cells in the full merged-cell layout, rendered per style."""

    def __init__(self, style):
        self.style = style
        self.lines = []

    def header(self, cells):
        self.lines.append(("header", cells, None))

    def row(self, labels, values):
        self.lines.append(("row", labels, values))

    def text(self, line):
        self.lines.append(("text", line, None))

    def render(self):
        st, rng = self.style, self.style.rng
        out = []
        for kind, cells, values in self.lines:
            if kind == "text":
                out.append(cells)
                continue
            if kind == "header":
                out.append(self.join(cells, header=True))
                continue
            labels = [spaced(st, lab) for lab in cells]
            if st.split_labels and rng.random() < 0.15:
                out.extend(self.split_row(labels, values))
            elif st.next_line and rng.random() < 0.3:
                out.append(self.join(labels, header=True))
                out.append(self.join(values))
            else:
                out.append(self.join(labels + values))
            if st.blank_lines and rng.random() < 0.08:
                out.append("")
        return out

    def split_row(self, labels, values):
        """Break the longest label in two lines; numbers follow its tail."""
        k = max(range(len(labels)), key=lambda j: len(labels[j]))
        lab = labels[k]
        if len(lab) < 4:
            return [self.join(labels + values)]
        cut = self.style.rng.randint(2, len(lab) - 2)
        head = labels[:k] + [lab[:cut]]
        tail = [lab[cut:]]
        if self.style.rng.random() < 0.5:
            return [self.join(head, header=True),
                    self.join(tail + labels[k + 1:] + values)]
        return [self.join(head, header=True), self.join(tail + labels[k + 1:],
                                                        header=True),
                self.join(values)]

    def join(self, cells, header=False):
        st, rng = self.style, self.style.rng
        if st.layout == "tabs":
            line = "\t".join(cells)
            if not header and st.trailing_tabs:
                line += "\t" * st.trailing_tabs
            return line
        cells = [c for c in cells if c != ""]
        if st.layout in ("tabs-min", "pdf"):
            return "\t".join(cells)
        if st.layout == "spaces":
            return "".join(c + (" " * rng.randint(1, 3) if k < len(cells) - 1
                                else "") for k, c in enumerate(cells))
        return "".join(cells)  # flat


# --- the report ------------------------------------------------------------

class Report:
    def __init__(self, rng, agency, year, style, error_rate, carried=None):
        self.rng = rng
        self.agency = agency
        self.year = year
        self.tmpl = 2019 if year <= 2020 else 2021
        self.st = style
        self.req = make_requests(rng, self.tmpl, carried)
        self.app = make_appeals(rng)
        self.pro = make_proactive(rng, self.tmpl)
        self.error = None
        self.drop_section = None
        self.swap_sections = False
        self.drop_row = None
        self.period_year = year
        self.text_cell = None
        if rng.random() < error_rate:
            self.inject_error()

    # errors ----------------------------------------------------------------

    def inject_error(self):
        rng = self.rng
        kind = rng.choice(["req_total_col", "req_sum", "req_balance",
                           "app_total", "missing_section", "section_order",
                           "missing_row", "year_mismatch", "cell_text",
                           "negative"])
        keys = [k for k, _, _, _, _ in leaf_rows(self.tmpl)]
        err = {"kind": kind}
        if kind == "req_total_col":
            row = rng.choice(keys + ["new", "carried", "total", "carry_over"])
            d = rng.choice([-2, -1, 1, 1, 2, 5, 10])
            self.req[row][6] = max(0, self.req[row][6] + d)
            if self.req[row][6] == sum(self.req[row][:6]):
                self.req[row][6] += 1
            err.update(row=row, column="总计")
        elif kind == "req_sum":
            # a leaf and its row total grow together: only (七)总计 is off
            row, col = rng.choice(keys), rng.randrange(6)
            d = rng.randint(1, 5)
            self.req[row][col] += d
            self.req[row][6] += d
            if self.tmpl == 2021 and row.startswith("other"):
                self.req["other"][col] += d
                self.req["other"][6] += d
            err.update(row=row, column=col, delta=d)
        elif kind == "req_balance":
            col = rng.randrange(6)
            d = rng.randint(1, 9)
            self.req["carry_over"][col] += d
            self.req["carry_over"][6] += d
            err.update(column=col, delta=d)
        elif kind == "app_total":
            g = rng.randrange(3)
            self.app[g * 5 + 4] += rng.randint(1, 3)
            err.update(group=g)
        elif kind == "missing_section":
            self.drop_section = rng.choice([1, 4, 5])
            err.update(section=self.drop_section + 1)
        elif kind == "section_order":
            self.swap_sections = True
        elif kind == "missing_row":
            self.drop_row = rng.choice(keys)
            err.update(row=self.drop_row)
        elif kind == "year_mismatch":
            self.period_year = self.year - 1
            self.st.period = True
            err.update(period_year=self.period_year)
        elif kind == "cell_text":
            self.text_cell = (rng.choice(keys), rng.randrange(6),
                              rng.choice(["若干", "无", "约5件", "未统计"]))
            err.update(row=self.text_cell[0], column=self.text_cell[1],
                       text=self.text_cell[2])
        elif kind == "negative":
            row, col = rng.choice(keys), rng.randrange(6)
            self.req[row][col] = -rng.randint(1, 3)
            self.req[row][6] = sum(self.req[row][:6])
            err.update(row=row, column=col)
        self.error = err

    # text pieces -----------------------------------------------------------

    def heading(self, n):
        st = self.st
        title = SECTION_TITLES[n - 1]
        if st.no_numerals:
            return st.rng.choice(["", "、"]) + title
        return NUMERALS[n - 1] + st.heading_sep + title

    def paragraph(self, text):
        st = self.st
        if st.half_width_text:
            text = text.replace("，", ",").replace("（", "(").replace("）", ")")
        if st.layout == "pdf":
            return wrap(text, st.rng, 30)
        return [text]

    def fill(self, s):
        rng = self.rng
        n = [rng.randint(lo, hi) for lo, hi in FILL_RANGES]
        return s.format(year=self.year, short=short_name(self.agency),
                        agency=self.agency, req=self.req["new"][6],
                        **{"n%d" % (i + 1): v for i, v in enumerate(n)})

    def title_lines(self):
        st, a, y = self.st, self.agency, self.year
        if st.title == "none":
            return []
        if st.title == "two":
            return [a, "%d 年政府信息公开工作年度报告" % y
                    if st.layout == "pdf" else "%d年政府信息公开工作年度报告" % y]
        if st.title == "year-first":
            return ["%d年%s政府信息公开工作年度报告" % (y, a)]
        if st.title == "niandu":
            return ["%s%d年度政府信息公开工作年度报告" % (a, y)]
        return ["%s%d年政府信息公开工作年度报告" % (a, y)]

    def preamble(self):
        if not self.st.period:
            return []
        py = self.period_year
        text = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，"
                "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、"
                "其他需要报告的事项。本报告中所列数据的统计期限为%d年1月1日至%d年12月31日。"
                % (py, py))
        return self.paragraph(self.fill(text))

    def overview(self):
        rng, st = self.rng, self.st
        lines = self.paragraph(self.fill(
            "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
            "《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。"))
        subs = OVERVIEW_SUBS[:]
        if rng.random() < 0.3:
            rng.shuffle(subs)
        for k, (title, sentences) in enumerate(subs[:rng.randint(3, 5)]):
            body = "".join(self.fill(s) for s in sentences
                           if rng.random() < 0.8)
            head = st.p(k + 1) + title + "。"
            if rng.random() < 0.5:
                lines += self.paragraph(head + body)
            else:
                lines += self.paragraph(head.rstrip("。"))
                if st.para_blank:
                    lines.append("")
                lines += self.paragraph(body)
            if st.para_blank:
                lines.append("")
        return lines

    def proactive(self):
        st, rng = self.st, self.rng
        t = Table(st)
        clause = {1: "一", 5: "五", 6: "六", 8: "八", 9: "九"}
        if self.tmpl == 2019:
            groups = [(1, ["本年新制作数量", "本年新公开数量", "对外公开总数量"], 0, 2),
                      (5, ["上一年项目数量", "本年增/减", "处理决定数量"], 2, 4),
                      (6, ["上一年项目数量", "本年增/减", "处理决定数量"], 4, 6),
                      (8, ["上一年项目数量", "本年增/减", ""], 6, 7),
                      (9, ["采购项目数量", rng.choice(
                          ["采购总金额", "采购总金额（单位:万元）",
                           "采购总金额（单位：万元，保留4位小数）"]), ""], 7, 8)]
        else:
            groups = [(1, ["本年制发件数", "本年废止件数", "现行有效件数"], 0, 2),
                      (5, ["本年处理决定数量", "", ""], 2, 3),
                      (6, ["本年处理决定数量", "", ""], 3, 5),
                      (8, [rng.choice(["本年收费金额（单位：万元）",
                                       "本年收费金额（单位：万元，保留4位小数）"]),
                           "", ""], 5, 6)]
        for item, cols, lo, hi in groups:
            paren = "（%s）" if st.paren == "（{}）" else "(%s)"
            t.header(["第二十条第" + paren % clause[item] + "项", "", "", ""])
            t.header(["信息内容"] + cols)
            for label, vals in self.pro[lo:hi]:
                vals = [cell_zero(st, v) for v in vals]
                vals += [""] * (3 - len(vals))
                t.row([label], vals)
        return t.render()

    def requests(self):
        st, rng = self.st, self.rng
        t = Table(st)
        check = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
                 if st.paren == "（{}）" else
                 "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)")
        header = st.header
        if (header == "split" and st.layout != "tabs") or \
                (header == "pdf" and st.layout != "pdf"):
            header = "seed"
        if header == "seed":
            t.header([check, "", "申请人情况", "", "", "", "", "", "总计"])
            t.header(["", "", "自然人", "法人或其他组织", "", "", "", "", ""])
            t.header(["", "", "", "商业企业", "科研机构", "社会公益组织",
                      "法律服务机构", "其他", ""])
        elif header == "split":
            t.header([check, "申请人情况", "", "", "", "", ""])
            t.header(["", "自然人", "法人或其他组织", "", "", "", "", "总计"])
            t.header(["", "", "商业企业", "科研机构", "社会公益", "法律服务", "其他", ""])
            t.header(["", "", "", "", "组织", "机构", "", ""])
        else:
            t.text("申请人情况")
            t.text("法人或其他组织")
            t.text(check)
            t.text("自然人\t社会 法律\t总计")
            t.text("商业 科研")
            t.text("公益 服务 其他")
            t.text("企业 机构")
            t.text("组织 机构")
        if st.blank_lines:
            t.text("")

        def vals(key):
            v = [str(x) for x in self.req[key]]
            if self.text_cell and self.text_cell[0] == key:
                v[self.text_cell[1]] = self.text_cell[2]
            return v

        def row(labels, key):
            if st.drop_mid and labels[-1] == "":
                labels = labels[:-1]  # "一、本年新收…\t\t0" as in seed001
            t.row(labels + [""] * st.extra_gap, vals(key))

        row(["一、本年新收政府信息公开申请数量", "", ""], "new")
        row(["二、上年结转政府信息公开申请数量", "", ""], "carried")
        first = True
        group_seen = set()
        for key, group, item, label, _ in leaf_rows(self.tmpl):
            if key == self.drop_row:
                continue
            c0 = "三、本年度办理结果" if first else ""
            first = False
            if group == 0:
                row([c0, st.p(item) + label, ""], key)
                continue
            c1 = ""
            if group not in group_seen:
                group_seen.add(group)
                c1 = st.p(group) + GROUPS[group]
            row([c0, c1, st.i(item) + label], key)
        row(["", st.p(7) + "总计", ""], "total")
        row(["四、结转下年度继续办理", "", ""], "carry_over")
        return t.render()

    def appeals(self):
        st = self.st
        t = Table(st)
        sp = " " if st.app_spaces else ""
        heads = ["结果" + sp + "维持", "结果" + sp + "纠正", "其他" + sp + "结果",
                 "尚未" + sp + "审结", "总计"]
        t.header(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9)
        t.header(heads + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""])
        t.header([""] * 5 + heads + heads)
        if st.blank_lines:
            t.text("")
        t.header([cell_zero(st, str(v)) for v in self.app])
        if st.rule_row:
            t.header(["---"] * 15)
        return t.render()

    def problems(self):
        rng = self.rng
        lines = []
        for s in PROBLEMS[:rng.randint(1, 3)]:
            lines += self.paragraph(self.fill(s))
            if self.st.para_blank:
                lines.append("")
        return lines

    def other(self):
        notices = self.req.get("other2", [0] * 7)[6]
        if notices > 0:
            # 三 3.6.2 counts requests dropped for unpaid fees: say so here
            return self.paragraph(self.fill(FEE_NOTICES.replace(
                "{k}", str(notices + self.rng.choice([0, 0, 1, 2])))))
        return self.paragraph(self.fill(self.rng.choice(OTHER_MATTERS)))

    # whole text --------------------------------------------------------------

    def text(self):
        st, rng = self.st, self.rng
        title = self.title_lines()
        if st.layout == "flat":
            return self.flatten(title)
        lines = [""] * st.lead_blank
        lines += title
        if title and rng.random() < 0.05:
            lines += [""] + title  # repeated title, as in seed003
        if title or st.lead_blank:
            lines.append("")
        lines += self.preamble()
        bodies = [self.overview, self.proactive, self.requests, self.appeals,
                  self.problems, self.other]
        order = list(range(6))
        if self.swap_sections:
            order[4], order[5] = order[5], order[4]
        for n in order:
            if n == self.drop_section:
                continue
            lines.append(self.heading(n + 1))
            if st.repeat_heading and n == 0:
                lines += ["", self.heading(n + 1)]
            if st.para_blank or n in (1, 2, 3):
                lines.append("")
            lines += bodies[n]()
            lines.append("")
        if st.page_numbers:
            lines = self.add_page_numbers(lines)
        return "\n".join(lines).rstrip("\n") + rng.choice(["", "\n"])

    def add_page_numbers(self, lines):
        out, page = [], 1
        for k, line in enumerate(lines):
            out.append(line)
            if k and k % 38 == 0:
                out += ["", "-%d-" % page, ""]
                page += 1
        return out + ["", "-%d-" % page]

    def flatten(self, title):
        """The whole report on one line, as copied from a web page."""
        st = self.st
        head = title[:1] or [self.agency + "政府信息公开工作年度报告"]
        crumbs = ("当前位置：首页政务公开政府信息公开政府信息公开年报 %s 来源：%s 时间：%d-02-08"
                  % (head[0], self.agency, self.year + 1))
        saved = st.para_blank
        st.para_blank = False
        parts = self.preamble()
        for n in range(6):
            if n == self.drop_section:
                continue
            parts.append(self.heading(n + 1))
            body = [self.overview, self.proactive, self.requests,
                    self.appeals, self.problems, self.other][n]()
            parts += [b for b in body if b]
        st.para_blank = saved
        return "\n".join([head[0], crumbs + " " + "".join(parts)]) + "\n"


# --- driver ----------------------------------------------------------------

def generate(seed, index, error_rate, used, series=1, last=None):
    """One report.  With series > 1, reports come in runs of `series`
    consecutive years of one agency; `last` maps a run to its previous
    Report, so 二、上年结转 continues last year's 四、结转下年度.  In a run,
    --errors also makes cross-year errors: a broken carry-over, or a report
    copied from last year with only the year changed."""
    rng = random.Random(seed * 1000003 + index)
    cross = None
    if series > 1:
        run = index // series
        arng = random.Random(seed * 7919 + run)
        agency = make_agency(arng)
        year = 2019 + index % series
        name = "%s%d年政府信息公开工作年度报告.txt" % (agency, year)
        if name in used:
            name = "%s%d年政府信息公开工作年度报告（%d）.txt" % (agency, year,
                                                          index)
        prev = last.get(run) if index % series else None
        carried = prev.req["carry_over"][:6] if prev else None
        if prev and rng.random() < error_rate / 2:
            cross = rng.choice(["carry", "copy"])
    else:
        year = rng.randint(2019, 2024)
        for _ in range(20):
            agency = make_agency(rng)
            name = "%s%d年政府信息公开工作年度报告.txt" % (agency, year)
            if name not in used:
                break
        else:
            name = "%s%d年政府信息公开工作年度报告（%d）.txt" % (agency, year,
                                                          index)
        prev = carried = None
    used.add(name)
    if cross == "copy":
        report = prev
        report.year = report.period_year = year
        style = report.st
    else:
        style = Style(rng)
        if cross == "carry":
            carried = list(carried)
            carried[0] += rng.randint(1, 4)
        report = Report(rng, agency, year, style,
                        0.0 if cross else error_rate, carried)
    if series > 1:
        last[index // series] = report
    text = report.text()
    if style.crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("gb18030" if style.gb18030 else "utf-8")
    error = {"kind": cross} if cross else report.error
    meta = {"file": name, "agency": agency, "year": year,
            "template": report.tmpl, "noise": style.noise(),
            "error": error}
    return name, data, meta


def main(argv):
    ap = argparse.ArgumentParser(
        description="Generate synthetic 政府信息公开工作年度报告 text files.")
    ap.add_argument("--count", type=int, required=True, help="reports to write")
    ap.add_argument("--seed", type=int, required=True, help="random seed")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--format", choices=["txt"], default="txt",
                    help="output format (txt: one text file per report)")
    ap.add_argument("--errors", type=float, default=0.0, metavar="RATE",
                    help="probability that a report gets one known error")
    ap.add_argument("--series", type=int, default=1, metavar="N",
                    help="runs of N consecutive years (2019..) per agency, "
                         "carry-overs continuing from year to year")
    ap.add_argument("--manifest", metavar="FILE",
                    help="write one JSON line per report to FILE")
    args = ap.parse_args(argv)
    if args.count < 0 or not 0.0 <= args.errors <= 1.0:
        ap.error("--count must be >= 0 and --errors within 0..1")

    os.makedirs(args.out, exist_ok=True)
    used = set()
    last = {}
    manifest = open(args.manifest, "w", encoding="utf-8") if args.manifest \
        else None
    try:
        for i in range(args.count):
            name, data, meta = generate(args.seed, i, args.errors, used,
                                        max(1, args.series), last)
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(data)
            if manifest:
                manifest.write(json.dumps(meta, ensure_ascii=False) + "\n")
    finally:
        if manifest:
            manifest.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
