"""examples/worked-example.ods, the README's worked example as a workbook,
opened and recalculated in real LibreOffice: every figure the README states.
The file was saved by truepipe 0.2, before REAL_COVERAGE and ADVANCE_RATE took
`include`, so it also shows that a workbook saved before keeps computing."""

import re
import unittest
import zipfile

from harness import ROOT, OfficeTestCase

# Row 5 onwards: expected STALL_DAYS and DEAL_STATUS, as the README's table.
DEALS = [
    (5, "real"),
    (4, "real"),
    (9, "stalled: 9 days in Proposal (limit 5)"),
    (2, "past close date 2026-11-27"),
    (1, "not counted: Prospecting"),
    (13, "closed"),
    (3, "real"),
]


class WorkedExampleWorkbook(OfficeTestCase):
    def check(self, document):
        deals = document.Sheets.getByName("Deals")
        for row, (stall, status) in enumerate(DEALS, start=5):
            with self.subTest(row=row):
                self.assertEqual(self.value(deals, f"F{row}"), stall)
                self.assertEqual(self.value(deals, f"G{row}"), status)
        self.assertAlmostEqual(self.value(deals, "B13"), 2.7, places=12)
        self.assertAlmostEqual(self.value(deals, "B14"), 0.725, places=12)
        self.assertAlmostEqual(self.value(deals, "B15"), 0.5, places=12)
        self.assertEqual(self.value(deals, "B16"), 5)
        self.assertEqual(self.value(deals, "B17"),
                         "OK: 4 stages (3 open, 1 closed), 2 advance and 2 continuation outcomes, "
                         "business-days with 1 holiday, default stall limit 30 days")

    def test_figures_of_the_readme(self):
        document = self.office.open(ROOT / "examples" / "worked-example.ods")
        try:
            document.calculateAll()
            self.check(document)
        finally:
            document.close(True)

    def test_the_file_holds_the_calls_saved_before_include(self):
        content = zipfile.ZipFile(ROOT / "examples" / "worked-example.ods").read("content.xml").decode()

        def argument_counts(method):
            calls = re.findall(rf"of:=ORG\.TRUEPIPE\.FUNCTIONS\.{method}\(([^)]*)\)", content)
            return {len(arguments.split(";")) for arguments in calls}

        self.assertEqual(argument_counts("REALCOVERAGE"), {7})
        self.assertEqual(argument_counts("ADVANCERATE"), {2})

    def test_the_readme_states_the_same_figures(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        for _, status in DEALS:
            self.assertIn(status, readme)
        for figure in ["REAL_COVERAGE = (40,000 + 0.5 x 25,000 + 20,000) / 100,000 = 0.725",
                       "= 3 / 6 = 0.5", "270,000 / 100,000 = 2.7", "examples/worked-example.ods"]:
            self.assertIn(figure, readme)


if __name__ == "__main__":
    unittest.main()
