#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus/<target>/seed-*.

The seeds are meaningful starting points in the byte format fuzz_input.hpp
decodes: the reference's example and worked example, the built-in defaults, broken rules,
and deal tables. Run it after changing that format; files the fuzzers found
(named after what broke) are left alone.
"""

import datetime
import pathlib
import struct

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"
ROOT = CORPUS.parents[2]

NULL_DATE = datetime.date(1899, 12, 30)
AS_OF = datetime.date(2026, 11, 30)


# ---- The byte format (mirrors fuzz_input.hpp) ---------------------------------

def raw(text):
    data = text.encode() if isinstance(text, str) else text
    assert len(data) < 256, "one length byte"
    return bytes([len(data)]) + data


def empty():
    return bytes([0])


def number(value):
    return bytes([3]) + struct.pack("<d", value)


def text(value):
    return bytes([6]) + raw(value)


def date(iso):
    """A date serial with the default NullDate (kind 4 counts eighths of a day from 2026-11-30)."""
    day = datetime.date.fromisoformat(iso)
    return bytes([4]) + struct.pack("<h", (day - AS_OF).days * 8) + bytes([0])


def cell(value):
    if value is None:
        return empty()
    if isinstance(value, (int, float)):
        return number(float(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
        return date(value)
    return text(value)


def column(values):
    return b"".join(cell(v) for v in values)


def range_of(values, columns=1):
    """rows x columns, row by row; the shape byte picks 1 (0..4), 0 (5), 2 (6) or 3 (7) columns."""
    rows = len(values) // columns if columns else len(values)
    shape = {1: 0, 0: 5, 2: 6, 3: 7}[columns]
    assert rows < 10
    return bytes([rows, shape]) + (column(values) if columns else b"")


def context(today_2026_11_30=True, null_date=0):
    return bytes([null_date, 1 if today_2026_11_30 else 0]) + (b"" if today_2026_11_30 else b"\0\0\0\0")


def rules_omitted():
    return bytes([0])


def rules_known(index):
    return bytes([1, index])


def rules_text(value):
    """Inline rules: a known text by its index in rules_dictionary, else raw bytes."""
    known = {REFERENCE_RULES: 0, WORKED_RULES: 1, BUILTIN_RULES: 2, SLICING_RULES: 12}
    if value in known:
        return rules_known(known[value])
    return bytes([2]) + raw(value)


def rules_cells_of_known(index):
    return bytes([3, index])


def include_omitted():
    return bytes([0])


def include_mask(flags):
    """A helper column: 1 for TRUE, 0 for FALSE, None for an empty cell, or any other cell value."""
    data = bytes([1, 0])
    for flag in flags:
        if flag is None:
            data += bytes([0])
        elif flag in (0, 1) and not isinstance(flag, str):
            data += bytes([2 if flag else 1])
        else:
            data += bytes([3]) + cell(flag)
    return data


def include_range(values):
    """Any range as include, e.g. the single value a normal formula hands over."""
    return bytes([1, 1]) + range_of(values)


def amount(value):
    return bytes([0]) + struct.pack("<d", value)  # flag even: a raw double


def deal_table(deals, target=100000.0, as_of="2026-11-30"):
    """deals: (amount, stage, [advance dates], close); every deal the same number of dates."""
    per_deal = len(deals[0][2])
    data = bytes([len(deals) - 1])
    data += b"".join(amount(a) for a, _, _, _ in deals)
    data += column(s for _, s, _, _ in deals)
    data += bytes([per_deal])
    if len(deals) == 1:
        data += bytes([0])  # advance dates as one row
    data += b"".join(column(d) for _, _, d, _ in deals)
    data += column(c for _, _, _, c in deals)
    data += amount(target) + cell(as_of)
    return data


# ---- What the seeds say -------------------------------------------------------

REFERENCE_RULES = """calendar business-days            # or calendar-days (the default)
holiday 2026-12-25                # ISO date, one per line, business-days mode
stall-limit 30 days               # default for stages without their own
unknown-outcome error             # or: continuation

stage "Prospecting"  not-counted               # open, too early to count
stage "Discovery"    stall-limit 21 days
stage "Proposal"     stall-limit 14 days  weight 0.6
stage "Negotiation"  stall-limit 10 days
stage "Closed Won"   closed
stage "Closed Lost"  closed

advance      "Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"
continuation "Call back later", "Send information", "No decision"
"""

WORKED_RULES = """calendar business-days
holiday 2026-11-26
stall-limit 30 days
stage "Prospecting" not-counted
stage "Discovery"   stall-limit 10 days
stage "Proposal"    stall-limit 5 days weight 0.5
stage "Closed Won"  closed
advance      "Second meeting", "Pilot agreed"
continuation "Call back later", "Send information"
"""

BUILTIN_RULES = """calendar calendar-days
stall-limit 30 days
unknown-outcome error
stage "Prospecting" not-counted stall-limit 14 days
stage "Qualification" stall-limit 21 days
stage "Discovery" stall-limit 21 days
stage "Proposal" stall-limit 14 days
stage "Negotiation" stall-limit 10 days
stage "Closed Won" closed
stage "Closed Lost" closed
advance "Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"
continuation "Call back later", "Send information", "No decision"
"""

SLICING_RULES = """calendar business-days
holiday 2026-11-26
stall-limit 30 days
stage "Prospecting" not-counted
stage "Discovery"   stall-limit 10 days
stage "Proposal"    stall-limit 5 days weight 0.5
stage "Closed Won"  won
stage "Closed Lost" lost
stage "Disqualified" closed
advance      "Second meeting", "Pilot agreed"
continuation "Call back later", "Send information"
"""

BAD_RULES = {
    "unknown-keyword": "calender business-days",
    "unterminated-name": 'stage "Proposal stall-limit 5 days',
    "limit-zero": 'stage "Proposal" stall-limit 0 days',
    "limit-too-large": "stall-limit 3651 days",
    "limit-huge": "stall-limit 99999999999999999999 days",
    "weight-above-one": 'stage "Proposal" weight 1.5',
    "weight-negative": 'stage "Proposal" weight -0.1',
    "impossible-holiday": "holiday 2026-02-30",
    "holiday-year-zero": "holiday 0000-01-01",
    "duplicate-stage": 'stage "Proposal"\nstage "proposal "',
    "duplicate-calendar": "calendar business-days\ncalendar calendar-days",
    "outcome-in-both": 'advance "Order"\ncontinuation "ORDER"',
    "closed-with-limit": 'stage "Won" closed stall-limit 5 days',
    "missing-unit": "stall-limit 30",
    "empty-name": 'stage ""',
    "escapes": 'stage "a \\" b \\\\ c \\n"',
    "invalid-utf8": b'stage "\xff\xfe\xc3(" weight 0.5\n\xe2\x82',
    "wide-chars-then-error": 'stage "Προσφορά" wieght 0.5',
    "crlf": "calendar business-days\r\nholiday 2026-12-25\r\n",
    "nul-byte": b'stage "Pro\x00posal"',
    "only-comments": "# nothing\n   # at all\n",
    "trailing-comma": 'advance "a", "b",',
    "tabs": "\tstage\t\"A\"\tstall-limit\t3\td",
    "won-and-closed": 'stage "Closed Won" won closed',
    "lost-with-weight": 'stage "Closed Lost" lost weight 0.2',
    "won-and-lost": 'stage "Closed" won lost',
    "column-role-unknown": 'column amout "Amount"',
    "column-header-twice": 'column close "Close Date"\ncolumn created " close  DATE"',
    "column-entered-without-stage": 'column entered "Entered Discovery"',
}

COLUMN_RULES = """column id      "Opportunity ID"
column amount  "Amount (converted)"
column advance "Last Stage Change Date", "Next Step Agreed", "Activity*"
column entered "Date entered \\"{stage} (Sales Pipeline)\\""
"""


def rules_parser_seeds():
    seeds = {"spec-example": REFERENCE_RULES, "worked-example": WORKED_RULES, "builtin-defaults": BUILTIN_RULES,
             "slicing-example": SLICING_RULES, "column-lines": COLUMN_RULES,
             "team-rules": (ROOT / "examples" / "team.rules").read_text(), "empty": ""}
    seeds.update({"bad-" + name: value for name, value in BAD_RULES.items()})
    return {name: value.encode() if isinstance(value, str) else value for name, value in seeds.items()}


def rules_check_seeds():
    seeds = {name: bytes([0]) + value for name, value in rules_parser_seeds().items()}
    seeds.update({
        "omitted": bytes([1]) + rules_omitted(),
        "missing-file": bytes([1]) + rules_text("/nonexistent/team.rules"),
        "upper-case-extension": bytes([1]) + rules_text("/nonexistent/team.RULES"),
        "cells-spec-example": bytes([1]) + rules_cells_of_known(0),
        "cells-numbers": bytes([1, 4]) + range_of([3.5, None, float("nan"), "stall-limit 5 days"]),
    })
    return seeds


WORKED_DEALS = [  # amount, stage, advance dates, close date: the README's worked example
    (40000, "Discovery", ["2026-11-20", None], "2026-12-31"),
    (25000, "Proposal", ["2026-11-02", "2026-11-23"], "2027-01-15"),
    (60000, "Proposal", ["2026-11-16", None], "2026-12-20"),
    (15000, "Discovery", ["2026-11-25", None], "2026-11-27"),
    (80000, "Prospecting", ["2026-11-27", None], "2027-02-01"),
    (30000, "Closed Won", ["2026-11-10", None], "2026-11-10"),
    (20000, "Discovery", ["2026-11-24", "2026-12-03"], "2026-12-18"),
]


# The slicing example: the worked example's deals with a rep each, and decided deals.
SLICING_REPS = ["Ana", "Ben", "Ana", "Ben", "Ana", "Ana", "Ben"]
DECIDED_DEALS = [(50000, "Closed Won", "Ana"), (10000, "Closed Lost", "Ben"), (40000, "Closed Lost", "Ana")]


def stall_days_seeds():
    seeds = {}
    for i, (_, _, dates, _) in enumerate(WORKED_DEALS):
        seeds[f"worked-example-{i + 1}"] = (context() + rules_text(WORKED_RULES) + cell(AS_OF.isoformat())
                                            + range_of(dates))
    seeds["builtin-calendar-days"] = context() + rules_omitted() + empty() + range_of(["2026-11-16"])
    seeds["text-dates"] = context() + rules_known(3) + text(" 2026-11-27 ") + range_of(["2026-11-20", None])
    seeds["not-a-date"] = context() + rules_omitted() + empty() + range_of(["next week"])
    seeds["nan-and-infinity"] = context() + rules_omitted() + number(float("nan")) + range_of(
        [float("inf"), -1e308, 46000.5])
    seeds["block"] = context() + rules_known(1) + empty() + range_of(
        ["2026-11-02", "2026-11-23", None, "2026-11-26", 1.0, 0.0], columns=2)
    seeds["no-dates"] = context() + rules_omitted() + empty() + range_of([])
    seeds["null-date-1904"] = context(null_date=1) + rules_omitted() + number(44894) + range_of([44880])
    return seeds


def stall_limit_seeds():
    seeds = {}
    for stage in ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation", "Closed Won",
                  "Closed Lost", " proposal ", "Propsal", ""]:
        seeds["builtin-" + (stage.strip().replace(" ", "-").lower() or "empty")] = rules_omitted() + text(stage)
    seeds["spec-proposal"] = rules_text(REFERENCE_RULES) + text("Proposal")
    seeds["no-stages"] = rules_text("stall-limit 7 days") + text("Anything")
    seeds["number"] = rules_omitted() + number(3)
    seeds["broken-rules"] = rules_text(BAD_RULES["limit-zero"]) + text("Proposal")
    return seeds


def advance_rate_seeds():
    spec = ["Second meeting", "call back later", "Pilot agreed", 1, 0, None, "Send information"]
    return {
        "worked-example": rules_text(WORKED_RULES) + range_of(spec),
        "builtin": rules_omitted() + range_of(["Order", " order ", "No decision", "Proposal review"]),
        "unknown-outcome": rules_omitted() + range_of(["Order", "Lunch"]),
        "unknown-is-continuation": rules_known(4) + range_of(["Order", "Lunch", "\xff"]),
        "no-conversations": rules_omitted() + range_of([None, None]),
        "block": rules_omitted() + range_of(["Order", "Lunch", 2.5, float("nan"), None, "Order"], columns=3),
        "row": rules_omitted() + range_of(["Order", "No decision", "Order"], columns=3),
        "include-first-three": rules_text(WORKED_RULES) + range_of(spec) + include_mask([1, 1, 1, 0, 0, 0, 0]),
        "include-empty-and-text": rules_text(WORKED_RULES) + range_of(spec) + include_mask(
            [1, None, 0, 2.5, -1, "yes", 1]),
        "include-single-value": rules_text(WORKED_RULES) + range_of(spec) + include_range([1]),
        "include-none": rules_omitted() + range_of(["Order", "Lunch"]) + include_mask([0, 0]),
        "include-skips-unknown": rules_omitted() + range_of(["Order", "Lunch"]) + include_mask([1, 0]),
    }


def deal_status_seeds():
    seeds = {}
    for i, deal in enumerate(WORKED_DEALS):
        seeds[f"worked-example-{i + 1}"] = context() + rules_text(WORKED_RULES) + bytes([0]) + deal_table([deal])
    seeds["builtin-stalled"] = context() + rules_omitted() + bytes([0]) + deal_table(
        [(5000, "Negotiation", ["2026-10-01"], "2027-01-01")])
    seeds["no-advance"] = context() + rules_omitted() + bytes([0]) + deal_table(
        [(5000, "Discovery", ["2026-12-01"], "2027-01-01")])
    seeds["dates-in-a-column"] = context() + rules_omitted() + bytes([0]) + bytes([0]) + amount(1000) + text(
        "Discovery") + bytes([3, 1]) + column(["2026-11-02", None, "2026-11-20"]) + cell("2027-01-01") + amount(
        1000) + cell("2026-11-30")
    seeds["weight-zero"] = context() + rules_known(5) + bytes([0]) + deal_table([(1e6, "A", ["2026-11-29"],
                                                                                "2026-12-01")])
    seeds["free-form"] = context() + rules_omitted() + bytes([1]) + text("Proposal") + range_of(
        ["2026-11-20", "soon"]) + cell("2026-12-24") + empty()
    return seeds


def real_coverage_seeds():
    seeds = {
        "worked-example": context() + rules_text(WORKED_RULES) + bytes([0]) + deal_table(WORKED_DEALS),
        "builtin": context() + rules_omitted() + bytes([0]) + deal_table(
            [(1000, "Proposal", ["2026-11-20"], "2026-12-31"), (500, "Closed Won", [None], None),
             (700, "Prospecting", [None], None)]),
        "huge-amounts": context() + rules_known(3) + bytes([0]) + deal_table(
            [(1e308, "A", ["2026-11-29"], "2026-12-01"), (1e308, "B", ["2026-11-29"], "2026-12-01")]),
        "tiny-target": context() + rules_known(3) + bytes([0]) + deal_table(
            [(1e10, "A", ["2026-11-29"], "2026-12-01")], target=5e-324),
    }
    amounts = [40000, 25000, None, "n/a"]
    stages = ["Discovery", "Proposal", None, "Proposal"]
    dates = ["2026-11-20", "2026-11-23", None, "2026-11-23"]
    closes = ["2026-12-31", "2027-01-15", None, "2027-01-15"]
    target_as_of = number(100000) + cell("2026-11-30")
    seeds["blank-row-and-text-amount"] = (context() + rules_text(WORKED_RULES) + bytes([1]) + range_of(amounts)
                                          + range_of(stages) + range_of(dates) + range_of(closes) + target_as_of)
    seeds["mismatched-lengths"] = (context() + rules_omitted() + bytes([1]) + range_of(amounts)
                                   + range_of(stages[:3]) + range_of(dates) + range_of(closes) + target_as_of)
    seeds["empty-ranges"] = (context() + rules_omitted() + bytes([1]) + range_of([]) + range_of([])
                             + range_of([]) + range_of([]) + target_as_of)
    worked = context() + rules_text(SLICING_RULES) + bytes([0]) + deal_table(WORKED_DEALS)
    seeds["include-ana"] = worked + include_mask([1 if rep == "Ana" else 0 for rep in SLICING_REPS])
    seeds["include-this-quarter"] = worked + include_mask(
        [1 if close <= "2026-12-31" else 0 for _, _, _, close in WORKED_DEALS])
    seeds["include-single-value"] = worked + include_range([1])
    seeds["include-text"] = worked + include_mask([1, 1, "x", 1, 1, 1, 1])
    seeds["zero-target"] = (context() + rules_omitted() + bytes([1]) + range_of([1]) + range_of(["Proposal"])
                            + range_of(["2026-11-29"]) + range_of(["2026-12-01"]) + number(0) + empty())
    return seeds


def win_rate_seeds():
    stages = [stage for _, stage, _, _ in WORKED_DEALS] + [stage for _, stage, _ in DECIDED_DEALS]
    amounts = [a for a, _, _, _ in WORKED_DEALS] + [a for a, _, _ in DECIDED_DEALS]
    reps = SLICING_REPS + [rep for _, _, rep in DECIDED_DEALS]
    stages, amounts, reps = stages[:9], amounts[:9], reps[:9]  # a range has at most 9 rows here
    by_count = bytes([0])
    by_amount = bytes([1]) + range_of(amounts)
    slicing = rules_text(SLICING_RULES)
    return {
        "slicing-example": slicing + range_of(stages) + by_count + include_omitted(),
        "slicing-by-amount": slicing + range_of(stages) + by_amount + include_omitted(),
        "slicing-ana": slicing + range_of(stages) + by_count + include_mask([int(r == "Ana") for r in reps]),
        "slicing-ben-by-amount": slicing + range_of(stages) + by_amount + include_mask(
            [int(r == "Ben") for r in reps]),
        "builtin": rules_omitted() + range_of(["Closed Won", "Negotiation", "closed lost ", None]) + by_count
        + include_omitted(),
        "no-won-or-lost": rules_text(WORKED_RULES) + range_of(["Closed Won"]) + by_count + include_omitted(),
        "unknown-stage": slicing + range_of(["Closed Won", "Closed Wonn"]) + by_count + include_omitted(),
        "bad-amounts": slicing + range_of(["Closed Won", "Closed Lost", "Discovery"]) + bytes([1]) + range_of(
            [-1, "n/a", None]) + include_omitted(),
        "single-include": slicing + range_of(stages) + by_count + include_range([1]),
        "text-in-include": slicing + range_of(stages) + by_count + include_mask([1] * 4 + ["yes"] + [1] * 4),
        "nothing-decided": slicing + range_of(["Discovery", "Disqualified"]) + by_count + include_omitted(),
    }


def main():
    for target, seeds in {
        "rules_parser": rules_parser_seeds(),
        "rules_check": rules_check_seeds(),
        "stall_days": stall_days_seeds(),
        "stall_limit": stall_limit_seeds(),
        "advance_rate": advance_rate_seeds(),
        "deal_status": deal_status_seeds(),
        "real_coverage": real_coverage_seeds(),
        "win_rate": win_rate_seeds(),
    }.items():
        directory = CORPUS / target
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("seed-*"):
            old.unlink()
        for name, data in seeds.items():
            (directory / f"seed-{name}").write_bytes(data)


if __name__ == "__main__":
    main()
