"""The README's worked example, typed into a fresh Calc workbook as any user would,
saved as .ods, reloaded and recalculated in real LibreOffice."""

import sys
import unittest

import uno
from harness import ROOT, OfficeTestCase
import office  # noqa: E402  (harness puts scripts/ on the path)

# The example's rules, deals and outcomes are those of examples/worked-example.ods;
# the expected figures are the README's, as test_worked_example checks them there.
sys.path.insert(0, str(ROOT / "examples"))
from make_worked_example import DEALS as EXAMPLE_DEALS, OUTCOMES, RULES  # noqa: E402
from test_worked_example import DEALS as EXPECTED  # noqa: E402

RULES_RANGE = "$Rules.$A$1:$A$20"  # setFormula takes Calc A1 syntax

# amount, stage, advance dates, close date, expected STALL_DAYS, expected DEAL_STATUS
DEALS = [deal + expected for deal, expected in zip(EXAMPLE_DEALS, EXPECTED, strict=True)]
FIRST, LAST = 2, 2 + len(DEALS) - 1


def fill_workbook(document):
    deals, rules = office.deals_and_rules(document, RULES)
    rules.getCellRangeByName("C1").setFormula(f"=RULES_CHECK({RULES_RANGE})")

    for column, title in zip("ABCDEFGI", ["Amount", "Stage", "Advance 1", "Advance 2", "Close",
                                          "Stall days", "Status", "Outcome"]):
        deals.getCellRangeByName(f"{column}1").setString(title)
    deals.getCellRangeByName("H1").setFormula("2026-11-30")   # as of (parsed as a date)
    deals.getCellRangeByName("H2").setValue(100000)           # target
    for index, (amount, stage, advances, close, _, _) in enumerate(DEALS):
        row = FIRST + index
        deals.getCellRangeByName(f"A{row}").setValue(amount)
        deals.getCellRangeByName(f"B{row}").setString(stage)
        for column, day in zip("CD", advances):
            deals.getCellRangeByName(f"{column}{row}").setFormula(day)
        deals.getCellRangeByName(f"E{row}").setFormula(close)
        deals.getCellRangeByName(f"F{row}").setFormula(f"=STALL_DAYS(C{row}:D{row};$H$1;{RULES_RANGE})")
        deals.getCellRangeByName(f"G{row}").setFormula(
            f"=DEAL_STATUS(B{row};C{row}:D{row};E{row};$H$1;{RULES_RANGE})")
    for index, outcome in enumerate(OUTCOMES):
        cell = deals.getCellRangeByName(f"I{FIRST + index}")
        if isinstance(outcome, str):
            cell.setString(outcome)
        elif outcome is not None:
            cell.setValue(outcome)
    a, b = FIRST, LAST
    deals.getCellRangeByName("H3").setFormula(
        f"=REAL_COVERAGE(A{a}:A{b};B{a}:B{b};C{a}:D{b};E{a}:E{b};H2;H1;{RULES_RANGE})")
    deals.getCellRangeByName("H4").setFormula(f"=SUM(A{a}:A{b})/H2")
    deals.getCellRangeByName("H5").setFormula(f"=ADVANCE_RATE(I{a}:I{b};{RULES_RANGE})")
    # The same stall in calendar-days mode, with inline rules.
    deals.getCellRangeByName("H6").setFormula('=STALL_DAYS(C4:D4;$H$1;"calendar calendar-days")')
    # Errors are texts that name the row and the value.
    deals.getCellRangeByName("B19").setString("Discovery")
    deals.getCellRangeByName("B20").setString("Propsal")
    deals.getCellRangeByName("H7").setFormula(f"=DEAL_STATUS(B20;C2;E2;$H$1;{RULES_RANGE})")
    deals.getCellRangeByName("H8").setFormula(
        f"=REAL_COVERAGE(A2:A3;B19:B20;C2:C3;E2:E3;H2;H1;{RULES_RANGE})")
    deals.getCellRangeByName("H9").setFormula("=H8+1")
    deals.getCellRangeByName("H10").setFormula('=RULES_CHECK("stage ""Proposal"" stall-limit 3651 days")')
    # A per-row formula filled down past the last deal: its stage cell is empty.
    deals.getCellRangeByName("H11").setFormula(f"=DEAL_STATUS(B30;C30;E30;$H$1;{RULES_RANGE})")
    deals.getCellRangeByName("H12").setFormula(f"=STALL_LIMIT(B30;{RULES_RANGE})")


class SpecWorkedExample(OfficeTestCase):
    def check_results(self, document):
        deals = document.Sheets.getByName("Deals")
        for index, (_, stage, _, _, stall, status) in enumerate(DEALS):
            row = FIRST + index
            with self.subTest(row=row, stage=stage):
                self.assertEqual(self.value(deals, f"F{row}"), stall)
                self.assertEqual(self.value(deals, f"G{row}"), status)
        real = sum(amount * (0.5 if stage == "Proposal" else 1.0)
                   for amount, stage, _, _, _, status in DEALS if status == "real") / 100000
        self.assertAlmostEqual(real, 0.725)   # the figure the README states
        self.assertAlmostEqual(self.value(deals, "H3"), real, places=12)
        self.assertAlmostEqual(self.value(deals, "H4"), 2.7, places=12)
        self.assertAlmostEqual(self.value(deals, "H5"), 0.5, places=12)
        self.assertEqual(self.value(deals, "H6"), 14)
        self.assertEqual(self.value(deals, "H7"),
                         '#truepipe: unknown stage "Propsal" (known: Prospecting, Discovery, Proposal, Closed Won)')
        self.assertEqual(self.value(deals, "H8"),
                         '#truepipe: row 2: unknown stage "Propsal" '
                         '(known: Prospecting, Discovery, Proposal, Closed Won)')
        self.assertEqual(self.value(deals, "H9"), "Err:519")   # #VALUE!: the error propagates
        self.assertEqual(self.value(deals, "H10"),
                         "line 1, column 30 (inline): 3651 days is more than the 3650-day maximum\n"
                         'stage "Proposal" stall-limit 3651 days\n'
                         + " " * 29 + "^")
        # Calc hands a reference to one empty cell over as the number 0: still an empty stage.
        self.assertEqual(self.value(deals, "H11"), "#truepipe: stage is empty")
        self.assertEqual(self.value(deals, "H12"), "#truepipe: stage is empty")
        self.assertTrue(self.value(document.Sheets.getByName("Rules"), "C1").startswith("OK"))

    def run_example(self, null_date=None):
        document = self.office.new_spreadsheet()
        if null_date is not None:
            document.NullDate = null_date
        fill_workbook(document)
        document.calculateAll()
        self.check_results(document)
        document = self.reload(document, "spec-example.ods")
        try:
            if null_date is not None:
                self.assertEqual(document.NullDate.Year, null_date.Year)
            self.check_results(document)
        finally:
            document.close(True)

    def test_default_null_date(self):
        self.run_example()

    def test_1904_null_date(self):
        self.run_example(uno.createUnoStruct("com.sun.star.util.Date", 1, 1, 1904))


if __name__ == "__main__":
    unittest.main()
