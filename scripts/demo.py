"""The demo: recalculates a pipeline workbook in headless Calc with truepipe
installed in a private profile, prints the headline figures and writes the
Dashboard sheet as PDF.

The workbook names the cells it reports (Insert > Named Expressions): AsOf,
Target, NominalCoverage, RealCoverage, AdvanceRates (rep, rate) and Deals
(deal, rep, stage, amount, ..., status in the last column). When it also names
QuarterEnd, NextQuarterEnd, NextTarget and QuarterCoverage (this quarter's and
the next's label, nominal, real), and RepTable (rep, quota, nominal, real,
advance rate, win rate, required coverage, unweighted real pipeline, still to
open; the team last), the demo prints those too.
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import office  # noqa: E402
import uno  # noqa: E402

STRING_RESULT = uno.getConstantByName("com.sun.star.sheet.FormulaResult.STRING")


def named(document, name):
    ranges = document.NamedRanges
    if not ranges.hasByName(name):
        raise SystemExit(f"the workbook has no named range {name!r}")
    return ranges.getByName(name).getReferredCells()


def rows(cells):
    return [list(row) for row in cells.getDataArray()]


def has(document, *names):
    return all(document.NamedRanges.hasByName(name) for name in names)


def shown(cell, fmt):
    """A cell's value in `fmt`, or the error or text it shows instead."""
    if cell.getError():
        return f"Err:{cell.getError()}"
    text = cell.getString()
    if cell.FormulaResultType2 == STRING_RESULT or text.startswith("#"):
        return text
    return fmt.format(cell.getValue())


def cells_of(cells):
    """The cells of a range, row by row."""
    return [[cells.getCellByPosition(column, row) for column in range(cells.Columns.Count)]
            for row in range(cells.Rows.Count)]


def iso(document, serial):
    null = document.NullDate
    from datetime import date, timedelta
    return (date(null.Year, null.Month, null.Day) + timedelta(days=int(serial))).isoformat()


def status_kind(status):
    """`stalled: 9 days in Proposal (limit 5)` -> `stalled`; a trailing date goes too."""
    return re.sub(r"\s*\d{4}-\d{2}-\d{2}$", "", str(status).split(":")[0])


def report(document):
    as_of = named(document, "AsOf").getValue()
    target = named(document, "Target").getValue()
    nominal = named(document, "NominalCoverage").getValue()
    real_cell = named(document, "RealCoverage")
    real = real_cell.getString() if real_cell.getError() or real_cell.getString().startswith("#") else None
    print(f"Pipeline as of {iso(document, as_of)}, remaining quota {target:,.0f}")
    print(f"  Nominal coverage   {nominal:5.2f}x   (all open pipeline / quota)")
    if real is None:
        print(f"  Real coverage      {real_cell.getValue():5.2f}x   (deals that are real and moving)")
    else:
        print(f"  Real coverage      {real}")
    deals = rows(named(document, "Deals"))
    stalled = [deal for deal in deals if str(deal[-1]).startswith("stalled")]
    print(f"\nStalled deals ({len(stalled)} of {len(deals)}):")
    for deal in stalled:
        print(f"  {deal[0]:<28} {deal[1]:<8} {deal[3]:>10,.0f}  {deal[-1]}")
    print("\nAll deals by status:")
    for reason, count in sorted(Counter(status_kind(deal[-1]) for deal in deals).items()):
        print(f"  {reason:<26} {count:>3}")
    print("\nAdvance rate per rep (conversations that won a buyer commitment):")
    for rep, rate in rows(named(document, "AdvanceRates")):
        shown = f"{rate:6.1%}" if isinstance(rate, float) else rate
        print(f"  {rep:<10} {shown}")
    if has(document, "QuarterEnd", "NextQuarterEnd", "NextTarget", "QuarterCoverage"):
        report_quarters(document)
    if has(document, "QuarterEnd", "RepTable"):
        report_reps(document)


def report_quarters(document):
    ends = [iso(document, named(document, name).getValue()) for name in ("QuarterEnd", "NextQuarterEnd")]
    targets = [named(document, name).getValue() for name in ("Target", "NextTarget")]
    print("\nCoverage by quarter (open deals by close date; real is weighted by stage):")
    for (label, nominal, real, *_), end, target in zip(cells_of(named(document, "QuarterCoverage")), ends, targets):
        print(f"  {label.getString() + ' to ' + end:<28} nominal {shown(nominal, '{:5.2f}x')}"
              f"   real {shown(real, '{:5.2f}x')}   (target {target:,.0f})")


def report_reps(document):
    end = iso(document, named(document, "QuarterEnd").getValue())
    print(f"\nThis quarter by rep (deals closing by {end}):")
    print(f"  {'':<8} {'quota':>10} {'nominal':>8} {'real':>7} {'advance':>8} {'win rate':>9} {'required':>9}"
          f" {'real pipe':>10} {'still to open':>14}")
    formats = ["{:10,.0f}", "{:7.2f}x", "{:6.2f}x", "{:8.1%}", "{:9.1%}", "{:8.2f}x", "{:10,.0f}", "{:14,.0f}"]
    widths = [10, 8, 7, 8, 9, 9, 10, 14]
    for rep, *figures in cells_of(named(document, "RepTable")):
        columns = [f"{shown(cell, fmt):>{width}}" for cell, fmt, width in zip(figures, formats, widths)]
        print(f"  {rep.getString():<8} {' '.join(columns)}")
    print("  real: weighted by stage. required = 1 / win rate (by amount), a multiple of unweighted real pipeline;\n"
          "  still to open = quota x required - real pipe (unweighted, closing this quarter), at least 0;\n"
          "  the team's is the sum of the reps'.")


def export_dashboard(document, pdf: Path):
    dashboard = document.Sheets.getByName("Dashboard")
    cursor = dashboard.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    pdf.parent.mkdir(parents=True, exist_ok=True)
    office.export_pdf(document, pdf, dashboard.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--workbook", type=Path, required=True)
    parser.add_argument("--pdf", type=Path, required=True)
    args = parser.parse_args()
    with office.installed_office(args.oxt) as calc:
        document = calc.open(args.workbook)
        document.calculateAll()
        report(document)
        export_dashboard(document, args.pdf)
        document.close(True)
    print(f"\nDashboard written to {args.pdf}")


if __name__ == "__main__":
    main()
