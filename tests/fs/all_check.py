#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""all_check.py - checks a mounted (or exported) reportfs tree across reports.

Usage: all_check.py ROOT [MANIFEST]

- /all/requests.csv, appeals.csv, proactive.csv: read with Python's csv
  module; each equals the header 机关,年度,<report header>,路径 and every
  report's own rows, in listing order (agency, then year), each row with
  the agency, the year and the report's path around it;
- /all/problems.txt: every FAIL line of every validation.txt, then every
  WARN line, each after "<agency>/<year dir>\\t", in the same order;
- /by-year/<year>/<agency>: a symbolic link to ../../<agency>/<year>
  for every report, resolving to the same files;
- with MANIFEST (gen-corpus.py --series --manifest): every report made with
  a broken carry-over FAILs crossyear.carry, and copies WARN crossyear.copy.

Prints TAP ("ok N - what" / "not ok N - what") and exits 1 on a failure.
"""

import csv
import io
import json
import os
import re
import sys

ROOT = sys.argv[1]
MANIFEST = sys.argv[2] if len(sys.argv) > 2 else None
SPECIAL = {"README.txt", "index.csv", "all", "by-year"}
TABLES = ["requests.csv", "appeals.csv", "proactive.csv"]

n = 0
failed = 0


def check(cond, what):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
    if not cond:
        failed += 1
    return cond


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if data.startswith("\ufeff"):
        data = data[1:]
    return list(csv.reader(io.StringIO(data, newline="")))


def year_key(name):
    """Listing order of one agency's reports: by year (unknown first, as
    0), then by duplicate number."""
    m = re.match(r"^(\d+|unknown)(?: \((\d+)\))?$", name)
    if not m:
        return (1 << 30, name)
    year = 0 if m.group(1) == "unknown" else int(m.group(1))
    return (year, int(m.group(2) or 1))


def reports():
    """(agency, year dir) of every report, in listing order."""
    out = []
    for agency in sorted(os.listdir(ROOT), key=lambda s: s.encode()):
        if agency in SPECIAL:
            continue
        for ydir in sorted(os.listdir(os.path.join(ROOT, agency)),
                           key=year_key):
            out.append((agency, ydir))
    return out


def main():
    reps = reports()
    check(len(reps) > 0, "the tree has reports (%d)" % len(reps))

    # ---- stacked tables ----------------------------------------------------
    for table in TABLES:
        rows, header = [], None
        for agency, ydir in reps:
            path = os.path.join(ROOT, agency, ydir, "tables", table)
            if not os.path.exists(path):
                continue
            own = read_csv(path)
            header = header or own[0]
            m = re.match(r"^(\d+)", ydir)
            year = m.group(1) if m else ""
            for r in own[1:]:
                rows.append([agency, year] + r + ["/%s/%s" % (agency, ydir)])
        got = read_csv(os.path.join(ROOT, "all", table))
        if header:
            check(got[0] == ["机关", "年度"] + header + ["路径"],
                  "all/%s header" % table)
        check(got[1:] == rows,
              "all/%s: %d rows, the reports' own rows stacked in order"
              % (table, len(rows)))
        widths = {len(r) for r in got}
        check(len(widths) == 1, "all/%s: every record has %s fields"
              % (table, widths))

    # ---- problems.txt --------------------------------------------------------
    fails, warns = [], []
    for agency, ydir in reps:
        with open(os.path.join(ROOT, agency, ydir, "validation.txt"),
                  encoding="utf-8") as f:
            for line in f:
                where = "%s/%s\t" % (agency, ydir)
                if line.startswith("FAIL "):
                    fails.append(where + line)
                elif line.startswith("WARN "):
                    warns.append(where + line)
    with open(os.path.join(ROOT, "all", "problems.txt"),
              encoding="utf-8") as f:
        got = f.read()
    check(got == "".join(fails + warns),
          "all/problems.txt = %d FAIL then %d WARN lines of validation.txt"
          % (len(fails), len(warns)))

    # ---- /by-year --------------------------------------------------------------
    seen = 0
    bad = []
    for agency, ydir in reps:
        m = re.match(r"^(\d+|unknown)(?: \((\d+)\))?$", ydir)
        if not m:
            bad.append(ydir)
            continue
        name = agency + (" (%s)" % m.group(2) if m.group(2) else "")
        link = os.path.join(ROOT, "by-year", m.group(1), name)
        target = "../../%s/%s" % (agency, ydir)
        if not os.path.islink(link) or os.readlink(link) != target:
            bad.append(link)
            continue
        a = sorted(os.listdir(link))
        b = sorted(os.listdir(os.path.join(ROOT, agency, ydir)))
        with open(os.path.join(link, "validation.txt"), "rb") as f1, \
                open(os.path.join(ROOT, agency, ydir, "validation.txt"),
                     "rb") as f2:
            same = f1.read() == f2.read()
        if a != b or not same:
            bad.append(link)
            continue
        seen += 1
    check(not bad and seen == len(reps),
          "by-year: %d links resolve to their report (bad: %s)"
          % (seen, bad[:3]))
    years = os.listdir(os.path.join(ROOT, "by-year"))
    links = sum(len(os.listdir(os.path.join(ROOT, "by-year", y)))
                for y in years)
    check(links == len(reps), "by-year has one link per report (%d)" % links)

    # ---- cross-year checks against the generator's manifest ------------------
    if MANIFEST:
        by_file = {}
        with open(MANIFEST, encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                by_file[m["file"]] = m
        carry = copy = passed = 0
        wrong = []
        for agency, ydir in reps:
            with open(os.path.join(ROOT, agency, ydir, "validation.txt"),
                      encoding="utf-8") as f:
                text = f.read()
            src = re.search(r"^source: (.*)$", text, re.M).group(1)
            meta = by_file.get(os.path.basename(src))
            if not meta:
                continue
            kind = (meta.get("error") or {}).get("kind")
            if kind == "carry":
                carry += 1
                if "\nFAIL crossyear.carry " not in text:
                    wrong.append((agency, ydir, kind))
            elif kind == "copy":
                copy += 1
                if "\nWARN crossyear.copy " not in text:
                    wrong.append((agency, ydir, kind))
            elif meta["year"] > 2019 and "\nPASS crossyear.carry " in text:
                passed += 1
        check(carry > 0 and copy > 0, "the corpus has broken carry-overs "
              "(%d) and copies (%d)" % (carry, copy))
        check(not wrong, "each is reported by crossyear.carry/copy (%s)"
              % wrong[:3])
        check(passed > 0, "carry-overs that continue PASS (%d)" % passed)

    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
