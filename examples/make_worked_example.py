"""Builds examples/worked-example.ods: the README's worked example, seven
deals and seven conversations with the rules on a Rules sheet, in real headless
Calc with truepipe installed.

    /usr/bin/python3 examples/make_worked_example.py --oxt build/truepipe.oxt \
        --out examples/worked-example.ods

Every date is fixed (as of 2026-11-30), so the workbook computes the same
figures on any day: those the README's worked example states.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

import office  # noqa: E402

RULES = [
    "calendar business-days",
    "holiday 2026-11-26",
    "stall-limit 30 days",
    'stage "Prospecting" not-counted',
    'stage "Discovery"   stall-limit 10 days',
    'stage "Proposal"    stall-limit 5 days weight 0.5',
    'stage "Closed Won"  closed',
    'advance      "Second meeting", "Pilot agreed"',
    'continuation "Call back later", "Send information"',
]
RULES_RANGE = "$Rules.$A$1:$A$20"

# amount, stage, advance dates, close date
DEALS = [
    (40000, "Discovery", ["2026-11-20"], "2026-12-31"),
    (25000, "Proposal", ["2026-11-02", "2026-11-23"], "2027-01-15"),
    (60000, "Proposal", ["2026-11-16"], "2026-12-20"),
    (15000, "Discovery", ["2026-11-25"], "2026-11-27"),
    (80000, "Prospecting", ["2026-11-27"], "2027-02-01"),
    (30000, "Closed Won", ["2026-11-10"], "2026-11-10"),
    (20000, "Discovery", ["2026-11-24", "2026-12-03"], "2026-12-18"),
]
OUTCOMES = ["Second meeting", "call back later", "Pilot agreed", 1, 0, None, "Send information"]
FIRST = 5
LAST = FIRST + len(DEALS) - 1


def build(document):
    deals, rules = office.deals_and_rules(document, RULES)
    rules.getColumns().getByIndex(0).Width = 12000

    put = lambda address, text: deals.getCellRangeByName(address).setFormula(text)  # noqa: E731
    put("A1", "As of")
    put("B1", "2026-11-30")
    put("A2", "Target")
    deals.getCellRangeByName("B2").setValue(100000)
    for column, title in zip("ABCDEFGH", ["Amount", "Stage", "Advance 1", "Advance 2", "Close",
                                          "Stall days", "Status", "Outcome"]):
        put(f"{column}4", title)
    for index, (amount, stage, advances, close) in enumerate(DEALS):
        row = FIRST + index
        deals.getCellRangeByName(f"A{row}").setValue(amount)
        deals.getCellRangeByName(f"B{row}").setString(stage)
        for column, day in zip("CD", advances):
            put(f"{column}{row}", day)
        put(f"E{row}", close)
        put(f"F{row}", f"=STALL_DAYS(C{row}:D{row};$B$1;{RULES_RANGE})")
        put(f"G{row}", f"=DEAL_STATUS(B{row};C{row}:D{row};E{row};$B$1;{RULES_RANGE})")
    for index, outcome in enumerate(OUTCOMES):
        cell = deals.getCellRangeByName(f"H{FIRST + index}")
        if isinstance(outcome, str):
            cell.setString(outcome)
        elif outcome is not None:
            cell.setValue(outcome)
    a, b = FIRST, LAST
    summary = LAST + 2
    put(f"A{summary}", "Nominal coverage")
    put(f"B{summary}", f"=SUM(A{a}:A{b})/B2")
    put(f"A{summary + 1}", "Real coverage")
    put(f"B{summary + 1}", f"=REAL_COVERAGE(A{a}:A{b};B{a}:B{b};C{a}:D{b};E{a}:E{b};B2;B1;{RULES_RANGE})")
    put(f"A{summary + 2}", "Advance rate")
    put(f"B{summary + 2}", f"=ADVANCE_RATE(H{a}:H{b};{RULES_RANGE})")
    put(f"A{summary + 3}", "Stall limit, Proposal")
    put(f"B{summary + 3}", f'=STALL_LIMIT("Proposal";{RULES_RANGE})')
    put(f"A{summary + 4}", "Rules")
    put(f"B{summary + 4}", f"=RULES_CHECK({RULES_RANGE})")
    dates = document.NumberFormats.getStandardFormat(2, deals.getCellRangeByName("B1").CharLocale)
    deals.getCellRangeByName("B1").NumberFormat = dates
    deals.getCellRangeByName(f"C{a}:E{b}").NumberFormat = dates
    for column, width in zip(range(8), [2200, 2800, 2600, 2600, 2600, 2000, 7600, 3600]):
        deals.getColumns().getByIndex(column).Width = width
    document.calculateAll()


if __name__ == "__main__":
    office.workbook_maker(__doc__, build)
