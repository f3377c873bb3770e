"""Rules diagnostics as a manager meets them in examples/pipeline-template.ods:
type a bad line into the Rules sheet, recalculate, and read RULES_CHECK beside
the rules (the full diagnostic: where, what, the line and a caret) and a
DEAL_STATUS cell on the Dashboard (the one-line #truepipe form).

The cells are found by what they hold, not by the generator's layout."""

import re
import shutil
import unittest

from harness import ROOT, OfficeTestCase

WORKBOOK = ROOT / "examples" / "pipeline-template.ods"
GOLDEN = ROOT / "tests" / "golden" / "rules"
SEARCH_AREA = "A1:Z200"
# Through the API a formula names add-in functions by their programmatic names
# (ORG.TRUEPIPE.FUNCTIONS.RULESCHECK); typed in Calc they read RULES_CHECK.
RULES_CHECK = re.compile(r"RULES_?CHECK\(", re.IGNORECASE)
DEAL_STATUS = re.compile(r"DEAL_?STATUS\(", re.IGNORECASE)


def formulas(sheet):
    """(address, formula) of every cell in the search area that holds one."""
    rows = sheet.getCellRangeByName(SEARCH_AREA).getFormulaArray()
    for row, values in enumerate(rows, start=1):
        for column, text in enumerate(values):
            if text.startswith("="):
                yield f"{chr(ord('A') + column)}{row}", text


def caret(line, column):
    """The caret line under `column` (1-based, in characters), tabs copied."""
    before = line[:column - 1]
    return "".join("\t" if char == "\t" else " " for char in before) + " " * (column - 1 - len(before)) + "^"


class RulesDiagnostics(OfficeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.find_cells()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def find_cells(cls):
        # A copy, so no lock file or edit can touch the checked-in workbook.
        copy = cls.scratch / WORKBOOK.name
        shutil.copy(WORKBOOK, copy)
        cls.document = cls.office.open(copy)
        cls.rules = cls.document.Sheets.getByName("Rules")
        cls.dashboard = cls.document.Sheets.getByName("Dashboard")
        check = [(address, text) for address, text in formulas(cls.rules) if RULES_CHECK.search(text)]
        if len(check) != 1:
            raise RuntimeError(f"expected one RULES_CHECK cell on the Rules sheet, found {check}")
        cls.check_cell, formula = check[0]
        # The rules range the check reads: one column, one line per cell.
        match = re.search(r"\$?([A-Z])\$?(\d+):\$?([A-Z])\$?(\d+)", formula)
        if not match or match.group(1) != match.group(3):
            raise RuntimeError(f"RULES_CHECK reads no one-column range: {formula}")
        cls.rules_column = match.group(1)
        cls.first_row, cls.last_row = int(match.group(2)), int(match.group(4))
        statuses = [address for address, text in formulas(cls.dashboard) if DEAL_STATUS.search(text)]
        if not statuses:
            raise RuntimeError("no DEAL_STATUS cell on the Dashboard")
        cls.status_cell = statuses[0]

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "document", None) is not None:
            cls.document.close(True)
            cls.document = None
        super().tearDownClass()

    def rules_cell(self, row):
        return self.rules.getCellRangeByName(f"{self.rules_column}{row}")

    def row_starting(self, prefix):
        """The first row of the rules range whose line starts with `prefix`."""
        for row in range(self.first_row, self.last_row + 1):
            if self.rules_cell(row).getString().startswith(prefix):
                return row
        self.fail(f"no rules line starts with {prefix!r}")

    def first_empty_row(self):
        for row in range(self.last_row, self.first_row - 1, -1):
            if self.rules_cell(row).getString().strip():
                if row == self.last_row:
                    self.fail("the rules range has no empty row left")
                return row + 1
        return self.first_row

    def check_and_status(self):
        self.document.calculateAll()
        return self.value(self.rules, self.check_cell), self.value(self.dashboard, self.status_cell)

    def assert_diagnostic(self, row, line, column, message):
        """Types `line` into `row`, checks both cells, and puts the original back."""
        cell = self.rules_cell(row)
        original = cell.getFormula()
        cell.setString(line)
        try:
            where = f"line {row - self.first_row + 1}, column {column} (Rules!{self.rules_column}{row})"
            check, status = self.check_and_status()
            self.assertEqual(check, f"{where}: {message}\n{line}\n{caret(line, column)}")
            self.assertEqual(status, f"#truepipe: rules {where}: {message}")
        finally:
            cell.setFormula(original)
        check, status = self.check_and_status()
        self.assertEqual(check, self.original_check)

    def setUp(self):
        check, status = self.check_and_status()
        self.assertTrue(check.startswith("OK: "), check)
        self.assertFalse(status.startswith("#"), status)
        self.original_check = check

    def typeable_golden_cases(self):
        """The golden texts a person can type into the Rules sheet: UTF-8, one
        line per cell (no carriage returns), as many lines as the range has."""
        capacity = self.last_row - self.first_row + 1
        for path in sorted(GOLDEN.glob("*.rules")):
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if "\r" in text or text.startswith("\ufeff") or len(lines) > capacity:
                continue
            expected = path.with_suffix(".expected").read_text(encoding="utf-8")
            yield path.stem, lines, expected.removesuffix("\n")  # files end with a newline

    def as_range_origin(self, expected):
        """The golden (inline) diagnostic as it reads for the one-column range on
        the Rules sheet: line L is in cell Rules!A<first row + L - 1>, and so is
        the earlier line a duplicate names."""
        def cell(line):
            return f"Rules!{self.rules_column}{self.first_row + int(line) - 1}"

        brief, newline, rest = expected.partition("\n")
        match = re.match(r"line (\d+)(, column \d+)? \(inline\): ", brief)
        if match:
            brief = brief.replace(" (inline): ", f" ({cell(match.group(1))}): ", 1)
            brief = re.sub(r"on line (\d+)", lambda earlier: f"in {cell(earlier.group(1))}", brief, count=1)
        elif brief.startswith("inline rules: "):
            brief = "rules range: " + brief[len("inline rules: "):]
        return brief + newline + rest

    def test_every_typeable_golden_case_in_the_rules_sheet(self):
        cells = [self.rules_cell(row) for row in range(self.first_row, self.last_row + 1)]
        originals = [cell.getFormula() for cell in cells]
        cases = list(self.typeable_golden_cases())
        self.assertGreater(len(cases), 40)
        try:
            for name, lines, expected in cases:
                with self.subTest(case=name):
                    for index, cell in enumerate(cells):
                        cell.setString(lines[index] if index < len(lines) else "")
                    check, _ = self.check_and_status()
                    self.assertEqual(check, self.as_range_origin(expected))
        finally:
            for cell, original in zip(cells, originals):
                cell.setFormula(original)

    def test_a_misspelt_keyword_suggests_the_right_one(self):
        self.assert_diagnostic(self.row_starting("stall-limit"), "stall-limt 30 days", 1,
                               'unknown keyword "stall-limt", did you mean "stall-limit"?')

    def test_a_misspelt_calendar_suggests_the_right_one(self):
        self.assert_diagnostic(self.row_starting("calendar"), "calendar business-day", 10,
                               "expected business-days or calendar-days after calendar, found business-day; "
                               'did you mean "business-days"?')

    def test_a_limit_out_of_range_says_the_maximum(self):
        self.assert_diagnostic(self.row_starting('stage "Proposal"'),
                               'stage "Proposal"      stall-limit 3651 days  weight 0.6', 35,
                               "3651 days is more than the 3650-day maximum")

    def test_an_impossible_holiday(self):
        self.assert_diagnostic(self.row_starting("holiday"), "holiday 2026-02-30", 9,
                               "2026-02-30 is not a real calendar date")

    def test_a_duplicate_stage_names_both_cells(self):
        proposal = self.row_starting('stage "Proposal"')
        self.assert_diagnostic(self.first_empty_row(), 'stage "proposal" closed', 7,
                               f'stage "proposal" is already defined in Rules!{self.rules_column}{proposal}')

    def test_columns_count_characters_and_tabs_keep_the_caret_aligned(self):
        self.assert_diagnostic(self.row_starting('stage "Negotiation"'),
                               'stage "Négociation"\tstall-limt 8 days', 21,
                               'unknown stage option "stall-limt", did you mean "stall-limit"?')


if __name__ == "__main__":
    unittest.main()
