"""A workbook's life across removing and installing truepipe again, and across
.xlsx, in real headless Calc on one private profile.

A workbook that calls all seven functions (a Rules sheet as the rules, include
columns, an array formula, inline arrays, inline rules text) is computed with
truepipe installed and saved as .ods. Then, in order, as a user would do it:
1. the figures are the README's, every formula and value is recorded;
2. truepipe removed, LibreOffice restarted: the .ods keeps every formula and
   each truepipe cell shows #NAME? (Err:525); it is saved again meanwhile;
3. installed again, restarted: that file computes every value of step 1;
4. saved as .xlsx: the file holds the calls under their programmatic names with
   the last values, and reopened with truepipe computes every value of step 1;
5. the .xlsx without truepipe: formulas kept, #NAME?; saved as .xlsx meanwhile,
   that file computes again once truepipe is back.

The steps run in order (their names sort so) and hand files on through the
class. Each prints how long it took.
"""

import re
import sys
import time
import unittest
import xml.etree.ElementTree as ElementTree
import zipfile

import uno

from harness import OXT, ROOT, OfficeTestCase
import office  # noqa: E402  (harness puts scripts/ on the path)

sys.path.insert(0, str(ROOT / "examples"))
from make_worked_example import OUTCOMES  # noqa: E402
from test_slicing import DEALS, RULES, write_deal_table  # noqa: E402

NAME_ERROR = 525          # Calc's #NAME?: a function it does not know
XLSX_FILTER = "Calc MS Excel 2007 XML"
R = "$Rules.$A$1:$A$20"
FIRST, LAST = 2, 2 + len(DEALS) - 1
TALKS_LAST = FIRST + len(OUTCOMES) - 1
AMOUNTS, STAGES, REPS = f"A{FIRST}:A{LAST}", f"B{FIRST}:B{LAST}", f"C{FIRST}:C{LAST}"
ADVANCES, CLOSES, TALKS = f"D{FIRST}:E{LAST}", f"F{FIRST}:F{LAST}", f"J{FIRST}:J{TALKS_LAST}"
COVERAGE = f"=REAL_COVERAGE({AMOUNTS};{STAGES};{ADVANCES};{CLOSES};$L$2;$L$1;{R}"

# The summary column R: each formula (typed with display names, as a user
# types it; an array formula is marked by a tuple) and the figure the README's
# worked example and slicing sections give it.
SUMMARY = [
    (f"{COVERAGE})", 0.725),
    (f"{COVERAGE};G{FIRST}:G{LAST})", 0.4),                      # Ana's deals
    (f"{COVERAGE};H{FIRST}:H{LAST})", 0.6),                      # closing this quarter
    (f"=WIN_RATE({STAGES};;{R})", 0.5),
    (f"=WIN_RATE({STAGES};{AMOUNTS};{R};G{FIRST}:G{LAST})", 80000 / 120000),
    ((f'=WIN_RATE({STAGES};;{R};({REPS}="Ana"))',), 2 / 3),     # include as an array expression
    (f"=ADVANCE_RATE({TALKS};{R})", 0.5),
    (f"=ADVANCE_RATE({TALKS};{R};K{FIRST}:K{TALKS_LAST})", 2 / 3),  # the first three talks
    (f'=ADVANCE_RATE({{"Second meeting";"Call back later";1;0}};{R})', 0.5),        # one row
    (f'=ADVANCE_RATE({{"Pilot agreed"|"Send information"|"Second meeting"}};{R})', 2 / 3),  # one column
    (f'=ADVANCE_RATE({{"Second meeting";"Pilot agreed"|1;"Call back later"}};{R})', 0.75),  # 2 x 2
    (f'=WIN_RATE({{"Closed Won";"Closed Lost";"Closed Lost"}};;{R})', 1 / 3),
    ('=STALL_DAYS(DATE(2026;11;20);$L$1;"calendar business-days"&CHAR(10)&"holiday 2026-11-26")', 5),
    (f"=RULES_CHECK({R})", "OK: 5 stages (3 open, 2 closed: 1 won, 1 lost), 2 advance and 2 continuation "
                           "outcomes, business-days with 1 holiday, default stall limit 30 days"),
    (f"=1/WIN_RATE({STAGES};{AMOUNTS};{R})", 130000 / 80000),
    (f"=SUM({AMOUNTS})/$L$2", 3.7),                              # no truepipe call
]
# The worked example's seven deals (README table): STALL_DAYS, STALL_LIMIT, DEAL_STATUS.
CLOSED_LIMIT = '#truepipe: "Closed Won" is a closed stage and has no stall limit'
PER_DEAL = [
    (5, 10, "real"),
    (4, 5, "real"),
    (9, 5, "stalled: 9 days in Proposal (limit 5)"),
    (2, 10, "past close date 2026-11-27"),
    (1, 30, "not counted: Prospecting"),
    (13, CLOSED_LIMIT, "closed"),
    (3, 10, "real"),
]

# A call as getFormula writes it: the stored (programmatic) name, upper case
# with truepipe installed, lower case without it.
CALL = re.compile(r"ORG\.TRUEPIPE\.FUNCTIONS\.[A-Z]+(?=\()", re.IGNORECASE)
PROGRAMMATIC = {"REAL_COVERAGE": "realCoverage", "STALL_DAYS": "stallDays", "STALL_LIMIT": "stallLimit",
                "ADVANCE_RATE": "advanceRate", "WIN_RATE": "winRate", "DEAL_STATUS": "dealStatus",
                "RULES_CHECK": "rulesCheck"}
SPREADSHEETML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def fill(document):
    deals, _ = office.deals_and_rules(document, RULES)
    put = write_deal_table(deals, {"M": "Stall days", "N": "Stall limit", "O": "Status"})
    for row in range(FIRST, LAST + 1):
        put(f"M{row}", f"=STALL_DAYS(D{row}:E{row};$L$1;{R})")
        put(f"N{row}", f"=STALL_LIMIT(B{row};{R})")
        put(f"O{row}", f"=DEAL_STATUS(B{row};D{row}:E{row};F{row};$L$1;{R})")
    for row, (formula, _) in enumerate(SUMMARY, start=1):
        if isinstance(formula, tuple):
            deals.getCellRangeByName(f"R{row}").setArrayFormula(formula[0])
        else:
            put(f"R{row}", formula)


def formula_cells(document):
    """{"Deals.R1": {"formula", "local", "value", "error", "shown", "text"}} for every formula cell."""
    from com.sun.star.sheet.CellFlags import FORMULA
    string_result = uno.getConstantByName("com.sun.star.sheet.FormulaResult.STRING")
    cells = {}
    for index in range(document.Sheets.getCount()):
        sheet = document.Sheets.getByIndex(index)
        for block in sheet.queryContentCells(FORMULA).getRangeAddresses():
            for row in range(block.StartRow, block.EndRow + 1):
                for column in range(block.StartColumn, block.EndColumn + 1):
                    cell = sheet.getCellByPosition(column, row)
                    address = cell.AbsoluteName.replace("$", "").split(".", 1)[1]
                    cells[f"{sheet.Name}.{address}"] = {
                        "formula": cell.getFormula(), "local": cell.FormulaLocal,
                        "value": office.cell_value(sheet, address), "error": cell.getError(),
                        "shown": cell.getString(), "text": cell.FormulaResultType2 == string_result}
    return cells


def calls_truepipe(formula):
    return CALL.search(formula) is not None


def lower_calls(formula):
    return CALL.sub(lambda match: match.group(0).lower(), formula)


def xlsx_cells(path, sheet="xl/worksheets/sheet1.xml"):
    """{"R1": {"f": formula text, "f_attributes", "t": type, "v": value text}} of the cells with a formula."""
    root = ElementTree.fromstring(zipfile.ZipFile(path).read(sheet))
    cells = {}
    for cell in root.iter(f"{SPREADSHEETML}c"):
        formula = cell.find(f"{SPREADSHEETML}f")
        if formula is None:
            continue
        value = cell.find(f"{SPREADSHEETML}v")
        cells[cell.get("r")] = {"f": formula.text, "f_attributes": dict(formula.attrib), "t": cell.get("t"),
                                "v": None if value is None else value.text}
    return cells


def readme_xlsx_section():
    """What the README says an .xlsx holds: its section on .xlsx."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Workbooks saved as \.xlsx\n(.*?)^#", readme, re.S | re.M)
    assert section, "the README has no section '### Workbooks saved as .xlsx'"
    return section.group(1)


class Lifecycle(OfficeTestCase):
    """The steps share one office and hand on their files and recordings."""

    recorded = None     # step 1: every formula cell, computed with truepipe
    kept_ods = None     # step 2: the .ods saved without truepipe
    xlsx = None         # step 3: the .xlsx saved with truepipe

    def timed(self, step, started):
        print(f"\n  lifecycle: {step}: {time.monotonic() - started:.1f} s", flush=True)

    def truepipe_cells(self, cells):
        return {name: cell for name, cell in cells.items() if calls_truepipe(cell["formula"])}

    def open_recalculated(self, path):
        document = self.office.open(path)
        document.calculateAll()
        return document

    def assert_as_recorded(self, cells, where):
        """Every formula and value as in step 1, and the formula as the user sees it."""
        self.assertEqual(set(cells), set(self.recorded), where)
        for name, cell in cells.items():
            expected = self.recorded[name]
            with self.subTest(where=where, cell=name):
                self.assertEqual(cell["formula"], expected["formula"])
                self.assertEqual(cell["local"], expected["local"])
                self.assertEqual(cell["value"], expected["value"])

    def assert_kept_as_name_errors(self, cells, where):
        """Without truepipe: every formula kept, the calls read back under their
        stored names in lower case; each truepipe cell #NAME?, the others as before."""
        self.assertEqual(set(cells), set(self.recorded), where)
        for name, cell in cells.items():
            expected = self.recorded[name]
            with self.subTest(where=where, cell=name):
                self.assertEqual(cell["formula"], lower_calls(expected["formula"]))
                self.assertEqual(CALL.findall(cell["local"]), CALL.findall(cell["formula"]))
                if calls_truepipe(expected["formula"]):
                    self.assertEqual(cell["error"], NAME_ERROR)
                    self.assertEqual(cell["shown"], "#NAME?")
                else:
                    self.assertEqual(cell["value"], expected["value"])

    def assert_readme_says_what_the_file_holds(self, cells, declared):
        section = readme_xlsx_section()
        # The formula it shows is the one typed in R2, and the file holds what it quotes.
        typed = re.findall(r"`(=REAL_COVERAGE\([^`]*)`", section)
        self.assertEqual(typed, [SUMMARY[1][0]])
        quoted = re.findall(r"`(ORG\.TRUEPIPE\.FUNCTIONS\.[^`]*)`", section)
        self.assertEqual(quoted[0], cells["R2"]["f"])
        for formula in quoted:
            self.assertTrue(any(formula in cell["f"] for cell in cells.values()), formula)
        self.assertIn("`_xll.`", section)
        for name in re.findall(r"`(org\.truepipe\.Functions\.[^`]*)`", section):
            self.assertIn(name, declared)
        values = re.findall(r"`<v>([^<`]*)</v>`", section)
        self.assertEqual(values, [cells["R2"]["v"]])

    def test_1_every_function_computes_and_is_saved_as_ods(self):
        started = time.monotonic()
        document = self.office.new_spreadsheet()
        try:
            fill(document)
            document.calculateAll()
            cells = formula_cells(document)
            office.save(document, self.scratch / "lifecycle.ods")
        finally:
            document.close(True)
        deals = {name.split(".", 1)[1]: cell for name, cell in cells.items() if name.startswith("Deals.")}
        for row, (formula, expected) in enumerate(SUMMARY, start=1):
            with self.subTest(cell=f"R{row}", formula=formula):
                if isinstance(expected, float):
                    self.assertAlmostEqual(deals[f"R{row}"]["value"], expected, places=12)
                else:
                    self.assertEqual(deals[f"R{row}"]["value"], expected)
        for row, (stall, limit, status) in enumerate(PER_DEAL, start=FIRST):
            with self.subTest(row=row):
                self.assertEqual([deals[f"{column}{row}"]["value"] for column in "MNO"], [stall, limit, status])
        truepipe = self.truepipe_cells(cells)
        self.assertEqual(len(truepipe), 3 * len(DEALS) + len(SUMMARY) - 1)
        # getFormula writes the stored name; the user sees (and types) the display name.
        used = {match.upper() for cell in truepipe.values() for match in CALL.findall(cell["formula"])}
        self.assertEqual(used, {f"ORG.TRUEPIPE.FUNCTIONS.{method.upper()}" for method in PROGRAMMATIC.values()})
        self.assertEqual(deals["R1"]["formula"],
                         "=ORG.TRUEPIPE.FUNCTIONS.REALCOVERAGE" + COVERAGE[len("=REAL_COVERAGE"):] + ")")
        self.assertTrue(deals["R1"]["local"].startswith("=REAL_COVERAGE("), deals["R1"]["local"])
        self.assertTrue(deals["R6"]["formula"].startswith("{=ORG.TRUEPIPE.FUNCTIONS.WINRATE("))
        for name, cell in truepipe.items():
            with self.subTest(cell=name):
                self.assertEqual(cell["error"], 0)
        type(self).recorded = cells
        print(f"\n  lifecycle: {len(cells)} formula cells, {len(truepipe)} calling truepipe")
        self.timed("1. built, computed and saved as .ods", started)

    def test_2_removed_every_formula_is_kept_and_shows_name_errors(self):
        self.assertIsNotNone(self.recorded, "step 1 did not record the workbook")
        started = time.monotonic()
        self.office.remove_extension()
        self.office.restart()
        self.timed("2. removed and restarted", started)
        self.assertIsNone(self.office.installed_version())
        self.assertFalse(self.office.functions_work())

        started = time.monotonic()
        document = self.office.open(self.scratch / "lifecycle.ods")
        try:
            # As opened, before any recalculation: a cell with a number result
            # shows #NAME? at once; one with a text result still shows the text
            # the file holds, until a hard recalculation.
            opened = formula_cells(document)
            for name, cell in self.truepipe_cells(opened).items():
                expected = self.recorded[name]
                with self.subTest(opened=name):
                    if expected["text"]:
                        self.assertEqual((cell["error"], cell["value"]), (0, expected["value"]))
                    else:
                        self.assertEqual(cell["error"], NAME_ERROR)
            document.calculateAll()
            self.assert_kept_as_name_errors(formula_cells(document), "removed, .ods")
            office.save(document, self.scratch / "kept-without-truepipe.ods")
        finally:
            document.close(True)
        type(self).kept_ods = self.scratch / "kept-without-truepipe.ods"
        self.timed("2. opened, checked and saved without truepipe", started)

    def test_3_installed_again_the_file_saved_without_it_computes_as_before(self):
        self.assertIsNotNone(self.kept_ods, "step 2 did not save the workbook")
        started = time.monotonic()
        self.office.install(OXT)
        self.timed("3. installed again and restarted", started)
        started = time.monotonic()
        document = self.open_recalculated(self.kept_ods)
        try:
            self.assert_as_recorded(formula_cells(document), "installed again, saved without truepipe")
            office.save(document, self.scratch / "lifecycle.xlsx", XLSX_FILTER)
        finally:
            document.close(True)
        type(self).xlsx = self.scratch / "lifecycle.xlsx"
        self.timed("3. opened, recalculated, checked and saved as .xlsx", started)

    def test_4_xlsx_holds_the_stored_names_and_last_values_and_computes_again(self):
        self.assertIsNotNone(self.xlsx, "step 3 did not save the .xlsx")
        started = time.monotonic()
        cells = xlsx_cells(self.xlsx)
        deals = {name.split(".", 1)[1]: cell for name, cell in self.recorded.items() if name.startswith("Deals.")}
        self.assertEqual(set(cells), set(deals))
        for address, cell in cells.items():
            expected = deals[address]
            if not calls_truepipe(expected["formula"]):
                continue
            with self.subTest(xlsx=address):
                # The upper-case stored name, no prefix, no display name.
                self.assertEqual(CALL.findall(cell["f"]),
                                 [name.upper() for name in CALL.findall(expected["formula"])])
                self.assertNotRegex(cell["f"], r"_xll\.|_xludf\.|_xlfn\.|" + "|".join(PROGRAMMATIC))
                # The last value computed, numbers to 15 significant digits.
                if expected["text"]:
                    self.assertEqual((cell["t"], cell["v"]), ("str", expected["value"]))
                else:
                    self.assertEqual(cell["t"], "n")
                    self.assertEqual(float(cell["v"]), float(f"{expected['value']:.15g}"))
        # The rules range, include columns, an array formula and inline arrays,
        # as Excel writes them: "," between arguments and columns, ";" between rows.
        rules = "Rules!$A$1:$A$20"
        coverage = f"ORG.TRUEPIPE.FUNCTIONS.REALCOVERAGE(A2:A11,B2:B11,D2:E11,F2:F11,$L$2,$L$1,{rules}"
        self.assertEqual(cells["R1"]["f"], f"{coverage})")
        self.assertEqual(cells["R2"]["f"], f"{coverage},G2:G11)")
        self.assertEqual(cells["R6"]["f"], f'ORG.TRUEPIPE.FUNCTIONS.WINRATE(B2:B11,,{rules},(C2:C11="Ana"))')
        self.assertEqual(cells["R6"]["f_attributes"], {"aca": "false", "t": "array", "ref": "R6:R6"})
        self.assertEqual(cells["R9"]["f"],
                         f'ORG.TRUEPIPE.FUNCTIONS.ADVANCERATE({{"Second meeting","Call back later",1,0}},{rules})')
        self.assertEqual(cells["R10"]["f"], 'ORG.TRUEPIPE.FUNCTIONS.ADVANCERATE({"Pilot agreed";"Send information";'
                                            f'"Second meeting"}},{rules})')
        self.assertEqual(cells["R11"]["f"], 'ORG.TRUEPIPE.FUNCTIONS.ADVANCERATE({"Second meeting","Pilot agreed";'
                                            f'1,"Call back later"}},{rules})')
        self.assertEqual(cells["R13"]["f"], 'ORG.TRUEPIPE.FUNCTIONS.STALLDAYS(DATE(2026,11,20),$L$1,'
                                            '"calendar business-days"&CHAR(10)&"holiday 2026-11-26")')
        self.assertEqual(cells["O2"]["f"], f"ORG.TRUEPIPE.FUNCTIONS.DEALSTATUS(B2,D2:E2,F2,$L$1,{rules})")
        for address in ("R1", "R6", "R9"):
            print(f"  lifecycle: .xlsx {address}: <f>{cells[address]['f']}</f> <v>{cells[address]['v']}</v>")
        # The workbook declares each function as a macro name, yet holds no macro,
        # and does not ask to be recalculated on load.
        package = zipfile.ZipFile(self.xlsx)
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        declared = {name.get("name"): name.attrib for name in workbook.iter(f"{SPREADSHEETML}definedName")}
        self.assertEqual(set(declared), {f"org.truepipe.Functions.{method}" for method in PROGRAMMATIC.values()})
        for attributes in declared.values():
            self.assertEqual((attributes.get("function"), attributes.get("vbProcedure")), ("true", "true"))
        self.assertFalse([name for name in package.namelist() if "vba" in name.lower()])
        self.assertIsNone(workbook.find(f"{SPREADSHEETML}calcPr").get("fullCalcOnLoad"))
        self.assert_readme_says_what_the_file_holds(cells, declared)
        self.timed("4. .xlsx read", started)

        started = time.monotonic()
        document = self.office.open(self.xlsx)
        try:
            # As opened: the saved values (Calc does not recalculate an .xlsx on load).
            for name, cell in self.truepipe_cells(formula_cells(document)).items():
                expected = self.recorded[name]["value"]
                with self.subTest(opened=name):
                    if isinstance(expected, float):
                        self.assertAlmostEqual(cell["value"], expected, places=13)
                    else:
                        self.assertEqual(cell["value"], expected)
            document.calculateAll()
            self.assert_as_recorded(formula_cells(document), "reopened .xlsx with truepipe")
        finally:
            document.close(True)
        self.timed("4. .xlsx reopened, recalculated and checked", started)

    def test_5_xlsx_without_truepipe_keeps_the_formulas_and_computes_when_it_is_back(self):
        self.assertIsNotNone(self.xlsx, "step 3 did not save the .xlsx")
        started = time.monotonic()
        self.office.remove_extension()
        self.office.restart()
        self.assertFalse(self.office.functions_work())
        document = self.office.open(self.xlsx)
        try:
            # As opened: the values the file holds, but an array formula's.
            for name, cell in self.truepipe_cells(formula_cells(document)).items():
                expected = self.recorded[name]
                with self.subTest(opened=name):
                    if expected["formula"].startswith("{"):
                        self.assertEqual(cell["error"], NAME_ERROR)
                    elif isinstance(expected["value"], float):
                        self.assertAlmostEqual(cell["value"], expected["value"], places=13)
                    else:
                        self.assertEqual(cell["value"], expected["value"])
            document.calculateAll()
            self.assert_kept_as_name_errors(formula_cells(document), "removed, .xlsx")
            office.save(document, self.scratch / "kept-without-truepipe.xlsx", XLSX_FILTER)
        finally:
            document.close(True)
        kept = xlsx_cells(self.scratch / "kept-without-truepipe.xlsx")
        # Saved without truepipe: the calls in lower case, the value an error.
        self.assertEqual(kept["R1"]["f"].split("(")[0], "org.truepipe.functions.realcoverage")
        self.assertEqual((kept["R1"]["t"], kept["R1"]["v"]), ("e", "#NAME?"))
        self.timed("5. removed; .xlsx opened, checked and saved as .xlsx", started)

        started = time.monotonic()
        self.office.install(OXT)
        document = self.open_recalculated(self.scratch / "kept-without-truepipe.xlsx")
        try:
            self.assert_as_recorded(formula_cells(document), "installed again, .xlsx saved without truepipe")
        finally:
            document.close(True)
        self.timed("5. installed again; that .xlsx recalculated and checked", started)


if __name__ == "__main__":
    unittest.main()
