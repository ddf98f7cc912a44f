#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CSV round trip: load every golden tables/*.csv with Python's csv module
and check the header, the column count of every row and that numbers parse;
render each case again with --bom and check the BOM files read the same;
and parse back records with awkward fields written by our CSV writer.

usage: csv_roundtrip.py RENDER_CASE CSV_ECHO DATA_DIR   (TAP output)
"""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile

REQ_HEAD = ["编号", "项目", "自然人", "商业企业", "科研机构", "社会公益组织",
            "法律服务机构", "其他", "总计"]
APP_HEAD = [g + "/" + c
            for g in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
            for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
PRO_HEAD = ["条款", "信息内容", "指标", "数值"]

CODES_HEAD = (["1", "2", "3.1", "3.2"] + ["3.3.%d" % i for i in range(1, 9)]
              + ["3.4.%d" % i for i in range(1, 4)]
              + ["3.5.%d" % i for i in range(1, 6)])
CODES_2019 = CODES_HEAD + ["3.6", "3.7", "4"]
CODES_2021 = CODES_HEAD + ["3.6.1", "3.6.2", "3.6.3", "3.7", "4"]

COUNT = re.compile(r"^(|-?[0-9]+)$")
AMOUNT = re.compile(r"^(|-?[0-9]+(\.[0-9]+)?)$")
CLAUSE = re.compile(r"^第二十条第（[一二三四五六七八九十]+）项$")

results = []


def check(name, cond, why=""):
    results.append((name, bool(cond), why))


def read_rows(raw, bom):
    if bom:
        assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
        text = raw.decode("utf-8-sig")
    else:
        text = raw.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def check_table(label, kind, rows):
    head = {"requests": REQ_HEAD, "appeals": APP_HEAD,
            "proactive": PRO_HEAD}[kind]
    check(label + " header", rows and rows[0] == head,
          "header %r" % (rows[0] if rows else None))
    bad = [i for i, r in enumerate(rows) if len(r) != len(head)]
    check(label + " columns", not bad,
          "rows with a wrong column count: %r" % bad)
    if kind == "requests":
        codes = [r[0] for r in rows[1:]]
        check(label + " row order", codes in (CODES_2019, CODES_2021),
              "codes %r" % codes)
        check(label + " labels", all(r[1] for r in rows[1:]), "empty 项目")
        nums = [c for r in rows[1:] for c in r[2:]]
        check(label + " numbers", all(COUNT.match(c) for c in nums),
              "not counts: %r" % [c for c in nums if not COUNT.match(c)])
    elif kind == "appeals":
        check(label + " one data row", len(rows) == 2, "%d rows" % len(rows))
        nums = [c for r in rows[1:] for c in r]
        check(label + " numbers", all(COUNT.match(c) for c in nums),
              "not counts: %r" % [c for c in nums if not COUNT.match(c)])
    else:
        check(label + " clauses", all(CLAUSE.match(r[0]) for r in rows[1:]),
              "clauses %r" % [r[0] for r in rows[1:]])
        nums = [r[3] for r in rows[1:]]
        check(label + " numbers", all(AMOUNT.match(c) for c in nums),
              "not numbers: %r" % [c for c in nums if not AMOUNT.match(c)])


def main():
    render_case, csv_echo, data = sys.argv[1:4]
    cases = sorted(d for d in os.listdir(data)
                   if os.path.isdir(os.path.join(data, d, "expected")))
    check("golden cases exist", cases, "no tests/data/*/expected")
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            tables = os.path.join(data, case, "expected", "tables")
            names = sorted(os.listdir(tables)) if os.path.isdir(tables) else []
            check(case + " has tables", names, "no expected/tables")
            out = os.path.join(tmp, case)
            subprocess.run([render_case, "--bom",
                            os.path.join(data, case, "input.txt"), out],
                           check=True)
            for name in names:
                label = "%s/%s" % (case, name)
                with open(os.path.join(tables, name), "rb") as f:
                    raw = f.read()
                check(label + " plain UTF-8, LF",
                      not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
                      and raw.endswith(b"\n"), "BOM, CR or no final LF")
                rows = read_rows(raw, False)
                check_table(label, name[:-4], rows)
                with open(os.path.join(out, "tables", name), "rb") as f:
                    bom_rows = read_rows(f.read(), True)
                check(label + " with BOM reads the same", bom_rows == rows)
    awkward = [
        ["a,b", 'say "hi"', "two\nlines", "cr\rhere", "", "中文，全角"],
        ['"', ",", "\n", " lead and trail ", '""', "plain"],
        ["第二十条第（一）项", "规章", "本年增/减", "-3"],
    ]
    for i, fields in enumerate(awkward):
        out = subprocess.run([csv_echo] + fields, check=True,
                             capture_output=True).stdout
        rows = read_rows(out, False)
        check("awkward record %d round trip" % (i + 1), rows == [fields],
              "%r read back as %r" % (fields, rows))
    for n, (name, ok, why) in enumerate(results, 1):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", n, name,
                                "" if ok else " # " + why.replace("\n", " ")))
    print("1..%d" % len(results))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
