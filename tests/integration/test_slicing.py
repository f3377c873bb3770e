"""The include argument and WIN_RATE in real Calc: the README's slicing example
through helper columns and through array formulas, the implicit-intersection
mistake of a normal formula, rows out of scope that hold broken cells, and a
save and reload."""

import sys
import unittest

from harness import ROOT, OfficeTestCase
import office  # noqa: E402  (harness puts scripts/ on the path)

sys.path.insert(0, str(ROOT / "examples"))
from make_worked_example import DEALS as WORKED_DEALS, OUTCOMES, RULES as WORKED_RULES  # noqa: E402

RULES = [line.replace('"Closed Won"  closed', '"Closed Won"  won') for line in WORKED_RULES]
RULES.insert(RULES.index('stage "Closed Won"  won') + 1, 'stage "Closed Lost" lost')
R = "$Rules.$A$1:$A$20"

# amount, stage, rep, advance dates, close date: the worked example's deals with a
# rep each, then the three decided deals the slicing example adds.
REPS = ["Ana", "Ben", "Ana", "Ben", "Ana", "Ana", "Ben"]
DEALS = [(amount, stage, rep, dates, close)
         for (amount, stage, dates, close), rep in zip(WORKED_DEALS, REPS, strict=True)]
DEALS += [(50000, "Closed Won", "Ana", ["2026-10-01"], "2026-10-20"),
          (10000, "Closed Lost", "Ben", ["2026-09-14"], "2026-11-02"),
          (40000, "Closed Lost", "Ana", ["2026-11-03"], "2027-01-08")]
FIRST, LAST = 2, 2 + len(DEALS) - 1
TALKS_LAST = FIRST + len(OUTCOMES) - 1

AMOUNTS, STAGES, REP_COLUMN = f"A{FIRST}:A{LAST}", f"B{FIRST}:B{LAST}", f"C{FIRST}:C{LAST}"
ADVANCES, CLOSES = f"D{FIRST}:E{LAST}", f"F{FIRST}:F{LAST}"
COVERAGE = f"=REAL_COVERAGE({AMOUNTS};{STAGES};{ADVANCES};{CLOSES};$L$2;$L$1;{R}"
OUTCOME_COLUMN = f"J{FIRST}:J{TALKS_LAST}"
QUARTER_END = "DATE(2026;12;31)"

# What each slice is: the formula's opening, the include a helper column gives
# (its column), the same include as an array expression, and the contract's figure.
SLICES = {
    "coverage, Ana": (COVERAGE, "G", f"({REP_COLUMN}=\"Ana\")", 0.4),
    "coverage, this quarter": (COVERAGE, "H", f"({CLOSES}<={QUARTER_END})", 0.6),
    "win rate, Ana": (f"=WIN_RATE({STAGES};;{R}", "G", f"({REP_COLUMN}=\"Ana\")", 2 / 3),
    "win rate, Ben": (f"=WIN_RATE({STAGES};;{R}", "I", f"({REP_COLUMN}=\"Ben\")", 0.0),
    "win rate by amount, Ana": (f"=WIN_RATE({STAGES};{AMOUNTS};{R}", "G", f"({REP_COLUMN}=\"Ana\")",
                                80000 / 120000),
    "advance rate, first three talks": (f"=ADVANCE_RATE({OUTCOME_COLUMN};{R}", "K",
                                        f"(ROW({OUTCOME_COLUMN})<={FIRST + 2})", 2 / 3),
}

IMPLICIT_INTERSECTION = (
    "#truepipe: include is a single value but {} has {}: in a normal formula Calc turns an expression over a "
    "range, such as (Reps=\"Maria\"), into the value of the formula's own row alone (implicit intersection); "
    "give include a helper column of TRUE/FALSE, or enter the formula as an array formula with Ctrl+Shift+Enter")


def oracle_win_rate(keep, by_amount=False):
    """Won over decided among the deals `keep` accepts, from the table above."""
    decided = [(amount if by_amount else 1, stage == "Closed Won")
               for amount, stage, rep, _, close in DEALS
               if stage in ("Closed Won", "Closed Lost") and keep(rep, close)]
    return sum(weight for weight, won in decided if won) / sum(weight for weight, _ in decided)


def write_deal_table(deals, titles):
    """The deal table of this test and test_lifecycle on the sheet `deals`: the headings
    of A-H, J and K, and `titles` ({column: heading}) for the caller's own columns; the
    as-of date in L1 and the target in L2; one row per deal in A-F with the include
    columns G (Ana?) and H (this quarter?); the conversations' outcomes in J with K
    (the first three?). Returns put(address, formula)."""
    put = lambda address, formula: deals.getCellRangeByName(address).setFormula(formula)  # noqa: E731
    headings = dict(zip("ABCDEFGHJK", ["Amount", "Stage", "Rep", "Advance 1", "Advance 2", "Close", "Ana?",
                                       "This quarter?", "Outcome", "First three?"]))
    for column, title in {**headings, **titles}.items():
        deals.getCellRangeByName(f"{column}1").setString(title)
    put("L1", "2026-11-30")   # as of
    deals.getCellRangeByName("L2").setValue(100000)   # target
    for row, (amount, stage, rep, dates, close) in enumerate(DEALS, start=FIRST):
        deals.getCellRangeByName(f"A{row}").setValue(amount)
        deals.getCellRangeByName(f"B{row}").setString(stage)
        deals.getCellRangeByName(f"C{row}").setString(rep)
        for column, day in zip("DE", dates):
            put(f"{column}{row}", day)
        put(f"F{row}", close)
        put(f"G{row}", f'=C{row}="Ana"')
        put(f"H{row}", f"=F{row}<={QUARTER_END}")
    for row, outcome in enumerate(OUTCOMES, start=FIRST):
        cell = deals.getCellRangeByName(f"J{row}")
        if isinstance(outcome, str):
            cell.setString(outcome)
        elif outcome is not None:
            cell.setValue(outcome)
        put(f"K{row}", f"=ROW()<={FIRST + 2}")
    return put


def fill(document):
    deals, _ = office.deals_and_rules(document, RULES)
    put = write_deal_table(deals, {"I": "Ben?"})
    for row in range(FIRST, LAST + 1):
        put(f"I{row}", f'=C{row}="Ben"')
    for row, (start, column, expression, _) in enumerate(SLICES.values(), start=3):
        first, last = (FIRST, TALKS_LAST) if column == "K" else (FIRST, LAST)
        put(f"M{row}", f"{start};{column}{first}:{column}{last})")
        deals.getCellRangeByName(f"N{row}").setArrayFormula(f"{start};{expression})")
        # The mistake: the same expression typed as a normal formula, in a row the
        # ranges cross, so Calc hands over that row's value alone.
        put(f"O{row}", f"{start};{expression})")
    put("M10", f"=WIN_RATE({STAGES};;{R})")
    put("M11", f"=WIN_RATE({STAGES};{AMOUNTS};{R})")
    put("M12", f"{COVERAGE})")
    # Below the table the ranges do not cross the formula's row.
    put("O30", f"{COVERAGE};({REP_COLUMN}=\"Ana\"))")
    # The conversations that have an outcome: typed normally, and as an array formula.
    put("P3", f'=ADVANCE_RATE({OUTCOME_COLUMN};{R};({OUTCOME_COLUMN}<>""))')
    deals.getCellRangeByName("Q3").setArrayFormula(f'=ADVANCE_RATE({OUTCOME_COLUMN};{R};({OUTCOME_COLUMN}<>""))')


class Slicing(OfficeTestCase):
    def setUp(self):
        self.document = self.office.new_spreadsheet()
        fill(self.document)
        self.document.calculateAll()
        self.deals = self.document.Sheets.getByName("Deals")

    def tearDown(self):
        self.document.close(True)

    def check_slices(self, deals):
        for row, (name, (_, _, _, expected)) in enumerate(SLICES.items(), start=3):
            with self.subTest(slice=name):
                self.assertAlmostEqual(self.value(deals, f"M{row}"), expected, places=12)
                self.assertAlmostEqual(self.value(deals, f"N{row}"), expected, places=12)
        self.assertEqual(self.value(deals, "M10"), 0.5)
        self.assertAlmostEqual(self.value(deals, "M11"), 8 / 13, places=12)
        self.assertAlmostEqual(self.value(deals, "M12"), 0.725, places=12)

    def test_the_slicing_example_through_helper_columns_and_array_formulas(self):
        self.check_slices(self.deals)
        # The oracle of the win rates, computed from the table itself.
        self.assertAlmostEqual(oracle_win_rate(lambda rep, close: True), 0.5)
        self.assertAlmostEqual(oracle_win_rate(lambda rep, close: True, by_amount=True), 8 / 13)
        self.assertAlmostEqual(oracle_win_rate(lambda rep, close: rep == "Ana"), 2 / 3)
        self.assertAlmostEqual(oracle_win_rate(lambda rep, close: rep == "Ben"), 0.0)

    def test_a_normal_formula_with_an_expression_is_the_clear_error_never_a_number(self):
        sizes = {"ADVANCE_RATE": ("outcomes", f"{len(OUTCOMES)} rows"),
                 "WIN_RATE": ("stages", f"{len(DEALS)} rows"),
                 "REAL_COVERAGE": ("amounts", f"{len(DEALS)} rows")}
        for row, (name, (start, _, expression, expected)) in enumerate(SLICES.items(), start=3):
            function = start[1:start.index("(")]
            with self.subTest(slice=name):
                if expression.startswith("(ROW("):
                    # ROW() of a range is an array even in a normal formula: nothing is
                    # intersected, and the figure is right.
                    self.assertAlmostEqual(self.value(self.deals, f"O{row}"), expected, places=12)
                    continue
                self.assertEqual(self.value(self.deals, f"O{row}"), IMPLICIT_INTERSECTION.format(*sizes[function]))
        self.assertEqual(self.value(self.deals, "P3"), IMPLICIT_INTERSECTION.format(*sizes["ADVANCE_RATE"]))
        self.assertEqual(self.value(self.deals, "Q3"), 0.5)
        # Where the ranges do not cross the formula's row, Calc has no value to hand
        # over and shows #VALUE! (Err:519) itself, before truepipe is called.
        self.assertEqual(self.value(self.deals, "O30"), "Err:519")

    def test_rows_out_of_scope_are_not_checked(self):
        # Ben's Discovery deal (row 5) gets a typo in its stage and a text amount.
        self.deals.getCellRangeByName("B5").setString("Discovry")
        self.deals.getCellRangeByName("A5").setString("15k")
        self.document.calculateAll()
        self.assertAlmostEqual(self.value(self.deals, "M3"), 0.4, places=12)   # Ana's coverage
        self.assertAlmostEqual(self.value(self.deals, "M5"), 2 / 3, places=12)   # Ana's win rate
        self.assertAlmostEqual(self.value(self.deals, "N3"), 0.4, places=12)
        # The deal closes this quarter, so that slice must see it.
        self.assertEqual(self.value(self.deals, "M4"), '#truepipe: row 4: amount "15k" is not a number')
        self.assertEqual(self.value(self.deals, "M6"),
                         '#truepipe: row 4: unknown stage "Discovry" (known: Prospecting, Discovery, Proposal, '
                         'Closed Won, Closed Lost)')

    def test_a_text_in_include_names_its_row(self):
        self.deals.getCellRangeByName("G4").setString("yes")
        self.document.calculateAll()
        expected = '#truepipe: row 3: include "yes" is a text: use TRUE/FALSE or 1/0'
        self.assertEqual(self.value(self.deals, "M3"), expected)
        self.assertEqual(self.value(self.deals, "M5"), expected)

    def test_what_if_a_deal_moves_to_another_rep(self):
        # Ben's lost deal becomes Ana's: her win rate is 2 of 4, his has nothing decided.
        self.deals.getCellRangeByName(f"C{FIRST + 8}").setString("Ana")
        self.document.calculateAll()
        self.assertAlmostEqual(self.value(self.deals, "M5"), 0.5, places=12)
        self.assertEqual(self.value(self.deals, "M6"), "#truepipe: no decided deals (won or lost) in scope")

    def test_saved_and_reloaded_the_slices_compute_again(self):
        reopened = self.reload(self.document, "slicing.ods")
        try:
            self.check_slices(reopened.Sheets.getByName("Deals"))
        finally:
            self.document = self.office.new_spreadsheet()   # tearDown closes one
            reopened.close(True)


if __name__ == "__main__":
    unittest.main()
