"""docs/ERRORS.md checked in real Calc: the fixture workbook the page describes
is built (its tables of cells, and the long inputs of its sheet Long), every
row's formula is entered in Check.A1 (an array formula when written {=...}),
recalculated, and the cell must show exactly the row's result."""

import math
import os
import re
import time
import unittest

from harness import ROOT, OfficeTestCase

DOC = ROOT / "docs" / "ERRORS.md"
README = ROOT / "README.md"
CASE_HEADER = "| argument | case | formula | result |"
FIXTURE_HEADER = "| cells | content | what it is |"
LONG_HEADER = "| cells | built by the test |"
ITEM = re.compile(r"`([^`]*)`|\(empty\)")
CALC_ERROR = re.compile(r"^(?:(#[A-Z/0!?]+) \()?Err:(\d+)\)?$")

# The sheet Long: what the page's table of long inputs names, built here.
LONG_STAGE = "Stage " + "x" * 4994
LONG_AMOUNT = "1" * 5000
LONG_RULES_LINE = 'stage "' + "x" * 4992 + '"'
STAGES = 10000
ADVANCE, CLOSE = 46351, 46387   # 2026-11-25 and 2026-12-31
LONG = {
    "Long.A1": "a stage name of 5,000 characters",
    "Long.A2": "an amount text of 5,000 characters",
    "Long.A3": "a rules line of 5,000 characters",
    f"Long.B1:B{STAGES}": "10,000 different stage names",
    f"Long.C1:C{STAGES}": "rules declaring those 10,000 stages",
    f"Long.C{STAGES + 1}": "one more stage line",
    f"Long.D1:F{STAGES}": "an amount, an advance date and a close date for each of those deals",
}


def table_rows(lines, header):
    """The cells of each row of every table whose header is `header`."""
    rows, inside = [], False
    for number, line in enumerate(lines, start=1):
        if line.strip() == header:
            inside = True
            continue
        if inside and re.match(r"^\|[-| ]+\|$", line.strip()):
            continue
        if inside and line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            rows.append((number, cells))
            continue
        inside = False
    return rows


def one_code(text, line):
    match = re.fullmatch(r"`(.*)`", text)
    if not match:
        raise AssertionError(f"ERRORS.md line {line}: expected `...`, found {text!r}")
    return match.group(1)


def expected_of(text, line):
    """A number, a text (in backticks, \\n a line break), or Calc's error (code, shown text)."""
    if text.startswith("`"):
        return ("text", one_code(text, line).replace("\\n", "\n"))
    error = CALC_ERROR.match(text)
    if error:
        code = int(error.group(2))
        return ("error", code, error.group(1) or f"Err:{code}")
    try:
        return ("number", float(text.replace(",", "")))
    except ValueError:
        raise AssertionError(f"ERRORS.md line {line}: cannot read the result {text!r}") from None


def parse_doc():
    lines = DOC.read_text(encoding="utf-8").splitlines()
    cases = []
    for line, cells in table_rows(lines, CASE_HEADER):
        if len(cells) != 4:
            raise AssertionError(f"ERRORS.md line {line}: a case row has 4 cells, this one {len(cells)}")
        argument, case, formula, result = cells
        cases.append({"line": line, "argument": argument, "case": case,
                      "formula": one_code(formula, line).replace("\\|", "|"),   # \| is a pipe in a table
                      "expected": expected_of(result, line)})
    fixture = []
    for line, cells in table_rows(lines, FIXTURE_HEADER):
        if len(cells) != 3:
            raise AssertionError(f"ERRORS.md line {line}: a fixture row has 3 cells")
        items = [match.group(1) if match.group(0) != "(empty)" else None for match in ITEM.finditer(cells[1])]
        if not items:
            raise AssertionError(f"ERRORS.md line {line}: a fixture row names no cells")
        fixture.append((line, cells[0].strip("`"), items))
    long_inputs = {cells[0].strip("`"): cells[1] for _, cells in table_rows(lines, LONG_HEADER)}
    return cases, fixture, long_inputs


def addresses(cells):
    """Sheet and the cell addresses of `Sheet.A1:B2`, row by row."""
    sheet, _, area = cells.partition(".")
    first, _, last = area.partition(":")
    last = last or first

    def split(address):
        column, row = re.fullmatch(r"([A-Z]+)(\d+)", address).groups()
        index = 0
        for letter in column:
            index = index * 26 + ord(letter) - 64
        return index - 1, int(row) - 1

    (c0, r0), (c1, r1) = split(first), split(last)
    return sheet, [(c, r) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def build(document, fixture):
    sheets = document.Sheets
    for name in ["Rules", "Deals", "Plain", "Odd", "RulesOdd", "Today", "Snap", "Exports", "Long", "Check"]:
        if not sheets.hasByName(name):
            sheets.insertNewByName(name, sheets.getCount())
    sheets.removeByName(sheets.getByIndex(0).getName())   # the new document's own first sheet
    for line, cells, items in fixture:
        sheet_name, places = addresses(cells)
        if len(places) != len(items):
            raise AssertionError(f"ERRORS.md line {line}: {cells} has {len(places)} cells, "
                                 f"the row gives {len(items)}")
        sheet = sheets.getByName(sheet_name)
        for (column, row), item in zip(places, items):
            if item is None:
                continue
            cell = sheet.getCellByPosition(column, row)
            if item.startswith("'"):
                cell.setString(item[1:])    # typed with an apostrophe: a text
            else:
                cell.setFormula(item)       # as a user types it: number, date, TRUE, text or formula
    long = sheets.getByName("Long")
    for address, text in (("A1", LONG_STAGE), ("A2", LONG_AMOUNT), ("A3", LONG_RULES_LINE)):
        long.getCellRangeByName(address).setString(text)
    long.getCellRangeByName(f"B1:B{STAGES}").setDataArray(tuple((f"Stage {n}",) for n in range(1, STAGES + 1)))
    long.getCellRangeByName(f"C1:C{STAGES + 1}").setDataArray(
        tuple((f'stage "Stage {n}"',) for n in range(1, STAGES + 2)))
    long.getCellRangeByName(f"D1:F{STAGES}").setDataArray(tuple((10.0, ADVANCE, CLOSE) for _ in range(STAGES)))


def shown(cell):
    """What the cell shows: ("number", x), ("text", s) or ("error", code, shown text)."""
    from com.sun.star.sheet.FormulaResult import STRING
    if cell.getError() != 0:
        return ("error", cell.getError(), cell.getString())
    if cell.FormulaResultType2 == STRING:
        return ("text", cell.getString())
    return ("number", cell.getValue())


class ErrorsDoc(OfficeTestCase):
    @classmethod
    def office_environment(cls, scratch):
        # Omitted rules are the built-in ones, whatever the user running the test keeps.
        return {"XDG_CONFIG_HOME": str(scratch / "config")}

    @classmethod
    def setUpClass(cls):
        cls.cases, cls.fixture, cls.long_inputs = parse_doc()
        super().setUpClass()

    def test_the_page_has_cases_for_every_function(self):
        self.assertGreater(len(self.cases), 0)
        functions = {re.match(r"\{?=([A-Z_]+)\(", case["formula"]).group(1) for case in self.cases
                     if re.match(r"\{?=([A-Z_]+)\(", case["formula"])}
        for name in ["REAL_COVERAGE", "STALL_DAYS", "STALL_LIMIT", "ADVANCE_RATE", "WIN_RATE", "DEAL_STATUS",
                     "PIPELINE_FLOW", "DEAL_CHANGE", "RULES_CHECK"]:
            self.assertIn(name, functions)

    def test_the_long_inputs_are_the_ones_the_test_builds(self):
        self.assertEqual(set(self.long_inputs), set(LONG))

    def test_the_readme_links_the_page(self):
        self.assertTrue("(docs/ERRORS.md)" in README.read_text(encoding="utf-8"),
                        "README.md has no link to docs/ERRORS.md")

    def test_every_row_shows_its_documented_result(self):
        document = self.office.new_spreadsheet()
        try:
            started = time.monotonic()
            build(document, self.fixture)
            document.calculateAll()
            print(f"\nfixture built in {time.monotonic() - started:.1f} s", flush=True)
            cell = document.Sheets.getByName("Check").getCellRangeByName("A1")
            printing = os.environ.get("TRUEPIPE_ERRORS_DOC_PRINT") == "1"
            started = time.monotonic()
            for case in self.cases:
                formula = case["formula"]
                cell.clearContents(1023)
                if formula.startswith("{=") and formula.endswith("}"):
                    cell.setArrayFormula(formula[1:-1])
                else:
                    cell.setFormula(formula)
                document.calculate()
                actual = shown(cell)
                if printing:
                    print(f"line {case['line']}: {formula}\n    {actual!r}")
                    continue
                with self.subTest(line=case["line"], formula=formula):
                    self.check(actual, case["expected"])
            print(f"{len(self.cases)} rows checked in {time.monotonic() - started:.1f} s", flush=True)
        finally:
            document.close(True)

    def check(self, actual, expected):
        if expected[0] == "number":
            self.assertEqual(actual[0], "number", actual)
            self.assertTrue(math.isclose(actual[1], expected[1], rel_tol=1e-9, abs_tol=0.0)
                            or actual[1] == expected[1], f"{actual[1]} != {expected[1]}")
        else:
            self.assertEqual(actual, expected)


if __name__ == "__main__":
    unittest.main()
