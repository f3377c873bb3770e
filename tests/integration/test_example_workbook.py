"""examples/pipeline-template.ods in real Calc, checked cell by cell against an
oracle written here in plain Python straight from the README's reference.

The oracle reads only what a person would read: the Rules sheet's lines, the
Pipeline and Conversations sheets, and the As-of and Target cells. It shares no
code with the add-in or with the generator (examples/make_template.py).
"""

import re
import subprocess
import tempfile
import unittest
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from harness import OXT, ROOT, OfficeTestCase


WORKBOOK = ROOT / "examples" / "pipeline-template.ods"
GENERATOR = ROOT / "examples" / "make_template.py"

# Where the Dashboard keeps things (the generator's layout).
AS_OF_CELL, TARGET_CELL, RULES_CHECK_CELL = "B4", "B5", "B6"
NOMINAL_CELL, REAL_CELL = "B9", "C9"
NOMINAL_AMOUNT_CELL, REAL_AMOUNT_CELL = "B10", "C10"
OPEN_DEALS_CELL, REAL_DEALS_CELL = "B11", "C11"
REASON_ROWS = {14: "real", 15: "stalled", 16: "past close", 17: "no advance", 18: "not counted", 19: "closed"}
RATE_FIRST_ROW = 22
DEAL_FIRST_ROW = 30

# Pipeline sheet columns: A Deal, B Account, C Rep, D Amount, E Stage,
# F..I Entered Qualification..Negotiation, J Last buyer commitment, K Close date.
PIPELINE_COLUMNS = "ABCDEFGHIJK"


# --- the oracle -------------------------------------------------------------

@dataclass
class Stage:
    name: str
    limit: int
    weight: float = 1.0
    closed: bool = False
    counted: bool = True


@dataclass
class Rules:
    business_days: bool = False
    holidays: set = field(default_factory=set)
    default_limit: int = 30
    stages: dict = field(default_factory=dict)          # lower-case name -> Stage
    advance: set = field(default_factory=set)           # lower-case outcomes
    continuation: set = field(default_factory=set)
    unknown_is_continuation: bool = False


def key(text):
    return text.strip().lower()


def strip_comment(line):
    quoted = False
    for index, char in enumerate(line):
        if char == '"' and (index == 0 or line[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:index]
    return line


def names(text):
    return [re.sub(r"\\(.)", r"\1", name) for name in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]


def parse_rules(lines):
    """The statements of the rules language (README, Rules) that the example uses."""
    rules = Rules()
    pending = []        # stages, whose default limit may come on a later line
    for line in lines:
        line = strip_comment(line).strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word == "calendar":
            rules.business_days = rest.lower() == "business-days"
        elif word == "holiday":
            rules.holidays.add(date.fromisoformat(rest))
        elif word == "stall-limit":
            rules.default_limit = int(rest.split()[0])
        elif word == "unknown-outcome":
            rules.unknown_is_continuation = rest.lower() == "continuation"
        elif word == "stage":
            name = names(rest)[0]
            options = rest[rest.rindex('"') + 1:].lower().split()
            stage = Stage(name, None, closed="closed" in options, counted="not-counted" not in options)
            if "stall-limit" in options:
                stage.limit = int(options[options.index("stall-limit") + 1])
            if "weight" in options:
                stage.weight = float(options[options.index("weight") + 1])
            rules.stages[key(name)] = stage
            pending.append(stage)
        elif word in ("advance", "continuation"):
            getattr(rules, word).update(key(name) for name in names(rest))
        else:
            raise AssertionError(f"the oracle does not know the rules statement {line!r}")
    for stage in pending:
        if stage.limit is None:
            stage.limit = rules.default_limit
    return rules


def stall_days(rules, advance_dates, as_of):
    """None when no date is on or before as_of (the add-in then gives an error)."""
    past = [day for day in advance_dates if day is not None and day <= as_of]
    if not past:
        return None
    latest = max(past)
    if not rules.business_days:
        return (as_of - latest).days
    return sum(1 for offset in range(1, (as_of - latest).days + 1)
               if (day := latest + timedelta(days=offset)).weekday() < 5 and day not in rules.holidays)


def deal_status(rules, stage_text, advance_dates, close, as_of):
    stage = rules.stages[key(stage_text)]
    if stage.closed:
        return "closed"
    if not stage.counted:
        return f"not counted: {stage.name}"
    days = stall_days(rules, advance_dates, as_of)
    if days is None:
        return f"no advance on or before {as_of.isoformat()}"
    if days > stage.limit:
        return f"stalled: {days} days in {stage.name} (limit {stage.limit})"
    if close < as_of:
        return f"past close date {close.isoformat()}"
    return "real"


def advance_rate(rules, outcomes):
    advances = conversations = 0
    for outcome in outcomes:
        if outcome is None or outcome == "":
            continue
        conversations += 1
        if isinstance(outcome, (int, float)):
            advances += outcome != 0
        elif key(outcome) in rules.advance:
            advances += 1
        elif key(outcome) not in rules.continuation and not rules.unknown_is_continuation:
            raise AssertionError(f"unknown outcome {outcome!r}")
    return advances / conversations


@dataclass
class Deal:
    name: str
    rep: str
    amount: float
    stage: str
    advance_dates: list
    close: date


class Oracle:
    """What every Dashboard figure must be, from the workbook's inputs alone."""

    def __init__(self, document):
        null = document.NullDate
        null_date = date(null.Year, null.Month, null.Day)
        to_date = lambda value: None if value == "" else null_date + timedelta(days=int(value))  # noqa: E731
        sheets = document.Sheets
        self.rules = parse_rules(str(row[0]) for row in data(sheets.getByName("Rules"), "A1:A40"))
        dashboard = sheets.getByName("Dashboard")
        self.as_of = to_date(dashboard.getCellRangeByName(AS_OF_CELL).getValue())
        self.target = dashboard.getCellRangeByName(TARGET_CELL).getValue()
        self.deals = [Deal(row[0], row[2], row[3], row[4], [to_date(value) for value in row[5:10]], to_date(row[10]))
                      for row in data(sheets.getByName("Pipeline"), f"A2:K{used_rows(sheets.getByName('Pipeline'))}")]
        self.conversations = data(sheets.getByName("Conversations"),
                                  f"A2:D{used_rows(sheets.getByName('Conversations'))}")

    def status(self, deal):
        return deal_status(self.rules, deal.stage, deal.advance_dates, deal.close, self.as_of)

    def stall_days(self, deal):
        return stall_days(self.rules, deal.advance_dates, self.as_of)

    def limit(self, deal):
        stage = self.rules.stages[key(deal.stage)]
        return "" if stage.closed else stage.limit

    def is_open(self, deal):
        return not self.rules.stages[key(deal.stage)].closed

    def nominal_coverage(self):
        return sum(deal.amount for deal in self.deals if self.is_open(deal)) / self.target

    def real_coverage(self):
        return sum(deal.amount * self.rules.stages[key(deal.stage)].weight
                   for deal in self.deals if self.status(deal) == "real") / self.target

    def reps(self):
        return list(dict.fromkeys(row[1] for row in self.conversations))

    def advance_rate(self, rep=None):
        return advance_rate(self.rules, [row[3] for row in self.conversations if rep is None or row[1] == rep])


def data(sheet, address):
    return [list(row) for row in sheet.getCellRangeByName(address).getDataArray()]


def used_rows(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress.EndRow + 1


def formulas(sheet):
    """Every cell of the used area as its formula text (a constant's own text)."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    return [list(row) for row in sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getFormulaArray()]


# --- the tests --------------------------------------------------------------

class ExampleWorkbook(OfficeTestCase):
    def setUp(self):
        self.document = self.office.open(WORKBOOK)
        self.document.calculateAll()

    def tearDown(self):
        if self.document is not None:
            self.document.close(True)

    def dashboard(self):
        return self.document.Sheets.getByName("Dashboard")

    def check_against_oracle(self):
        """Checks every figure of the Dashboard; returns the oracle for further checks."""
        oracle = Oracle(self.document)
        sheet = self.dashboard()
        value = lambda address: self.value(sheet, address)  # noqa: E731

        self.assertTrue(str(value(RULES_CHECK_CELL)).startswith("OK"), value(RULES_CHECK_CELL))
        self.assertTrue(self.value(self.document.Sheets.getByName("Rules"), "B1").startswith("OK"))

        self.assertEqual(len(oracle.deals), 48)
        statuses = []
        for index, deal in enumerate(oracle.deals):
            row = DEAL_FIRST_ROW + index
            status = oracle.status(deal)
            statuses.append(status)
            with self.subTest(row=row, deal=deal.name):
                self.assertEqual(value(f"A{row}"), deal.name)
                self.assertEqual(value(f"B{row}"), deal.rep)
                self.assertEqual(value(f"C{row}"), deal.stage)
                self.assertEqual(value(f"D{row}"), deal.amount)
                days = oracle.stall_days(deal)
                if days is None:
                    self.assertRegex(str(value(f"E{row}")), r"^#truepipe: ")
                else:
                    self.assertEqual(value(f"E{row}"), days)
                self.assertEqual(value(f"F{row}"), oracle.limit(deal))
                self.assertEqual(value(f"G{row}"), status)
        self.assertIsNone(value(f"A{DEAL_FIRST_ROW + len(oracle.deals)}"))

        self.assertAlmostEqual(value(NOMINAL_CELL), oracle.nominal_coverage(), delta=1e-9)
        self.assertAlmostEqual(value(REAL_CELL), oracle.real_coverage(), delta=1e-9)
        self.assertAlmostEqual(value(NOMINAL_AMOUNT_CELL), oracle.nominal_coverage() * oracle.target, delta=1e-6)
        self.assertAlmostEqual(value(REAL_AMOUNT_CELL), oracle.real_coverage() * oracle.target, delta=1e-6)
        self.assertEqual(value(OPEN_DEALS_CELL), sum(map(oracle.is_open, oracle.deals)))
        self.assertEqual(value(REAL_DEALS_CELL), statuses.count("real"))
        for row, reason in REASON_ROWS.items():
            with self.subTest(reason=reason):
                chosen = [deal for deal, status in zip(oracle.deals, statuses) if status.startswith(reason)]
                self.assertEqual(value(f"B{row}"), len(chosen))
                self.assertEqual(value(f"C{row}"), sum(deal.amount for deal in chosen))
        self.assertEqual(sum(value(f"B{row}") for row in REASON_ROWS), len(oracle.deals))

        reps = oracle.reps()
        self.assertEqual(len(reps), 4)
        for index, rep in enumerate(reps):
            row = RATE_FIRST_ROW + index
            with self.subTest(rep=rep):
                self.assertEqual(value(f"A{row}"), rep)
                self.assertAlmostEqual(value(f"B{row}"), oracle.advance_rate(rep), delta=1e-12)
                self.assertEqual(value(f"C{row}"), sum(1 for talk in oracle.conversations if talk[1] == rep))
        team = RATE_FIRST_ROW + len(reps)
        self.assertEqual(value(f"A{team}"), "Team")
        self.assertAlmostEqual(value(f"B{team}"), oracle.advance_rate(), delta=1e-12)
        self.assertEqual(value(f"C{team}"), len(oracle.conversations))
        return oracle, statuses

    def set_what_if(self, as_of, target):
        sheet = self.dashboard()
        null = self.document.NullDate
        sheet.getCellRangeByName(AS_OF_CELL).setValue((as_of - date(null.Year, null.Month, null.Day)).days)
        sheet.getCellRangeByName(TARGET_CELL).setValue(target)
        self.document.calculateAll()

    def test_every_figure_matches_the_oracle(self):
        oracle, statuses = self.check_against_oracle()
        self.assertEqual(oracle.as_of, date(2026, 11, 30))
        self.assertEqual(oracle.target, 1_200_000)
        # The example shows every kind of status, and real coverage well below nominal.
        for reason in REASON_ROWS.values():
            self.assertTrue(any(status.startswith(reason) for status in statuses), reason)
        self.assertLess(oracle.real_coverage(), oracle.nominal_coverage() / 2)
        # A buyer commitment after the as-of date is in the data and is ignored.
        self.assertTrue(any(deal.advance_dates[-1] and deal.advance_dates[-1] > oracle.as_of
                            and oracle.status(deal).startswith("stalled") for deal in oracle.deals))

    def test_the_named_cells_the_demo_reads(self):
        names = self.document.NamedRanges
        expected = {"AsOf": "$Dashboard.$B$4", "Target": "$Dashboard.$B$5", "NominalCoverage": "$Dashboard.$B$9",
                    "RealCoverage": "$Dashboard.$C$9", "AdvanceRates": "$Dashboard.$A$22:$B$26",
                    "Deals": "$Dashboard.$A$30:$G$77"}
        for name, content in expected.items():
            self.assertEqual(names.getByName(name).getContent(), content)

    def test_stalled_deals_are_highlighted_by_a_conditional_format(self):
        entries = self.dashboard().getCellRangeByName("A30:G77").ConditionalFormat
        self.assertEqual(entries.getCount(), 1)
        self.assertEqual(entries.getByIndex(0).getFormula1(), "AND(ISNUMBER($E30);ISNUMBER($F30);$E30>$F30)")
        style = self.document.StyleFamilies.getByName("CellStyles").getByName(entries.getByIndex(0).getStyleName())
        self.assertNotEqual(style.CellBackColor, -1)

    def test_what_if_the_as_of_date_and_the_target_change(self):
        base, base_statuses = self.check_against_oracle()
        base_real = base.real_coverage()
        for as_of, target in ((date(2026, 12, 11), 950_000), (date(2026, 10, 30), 2_000_000)):
            with self.subTest(as_of=as_of):
                self.set_what_if(as_of, target)
                oracle, statuses = self.check_against_oracle()
                self.assertEqual((oracle.as_of, oracle.target), (as_of, target))
                self.assertNotEqual(statuses, base_statuses)
                self.assertNotAlmostEqual(oracle.real_coverage(), base_real, places=6)
                self.assertNotAlmostEqual(self.value(self.dashboard(), NOMINAL_CELL),
                                          base.nominal_coverage(), places=6)
        # As of 2026-10-30 some deals had not been qualified yet.
        self.assertTrue(any(status.startswith("no advance on or before 2026-10-30") for status in statuses))

    def test_what_if_a_threshold_on_the_rules_sheet_changes(self):
        base, base_statuses = self.check_against_oracle()
        rules = self.document.Sheets.getByName("Rules")
        row = next(index for index, line in enumerate(data(rules, "A1:A40"), start=1)
                   if line[0].startswith('stage "Proposal"'))
        cell = rules.getCellRangeByName(f"A{row}")
        cell.setString(cell.getString().replace("stall-limit 10 days", "stall-limit 20 days"))
        self.document.calculateAll()
        oracle, statuses = self.check_against_oracle()
        self.assertEqual(oracle.rules.stages["proposal"].limit, 20)
        self.assertNotEqual(statuses, base_statuses)
        self.assertGreater(oracle.real_coverage(), base.real_coverage())

    def test_saved_and_reloaded_the_figures_stay(self):
        self.set_what_if(date(2026, 12, 11), 950_000)
        self.document = self.reload(self.document, "what-if.ods")
        self.check_against_oracle()
        self.document = self.reload(self.document, "round-trip.ods")
        oracle, _ = self.check_against_oracle()
        self.assertEqual(oracle.as_of, date(2026, 12, 11))

    def test_the_generator_reproduces_the_committed_workbook(self):
        with tempfile.TemporaryDirectory() as scratch:
            fresh = Path(scratch) / "fresh.ods"
            run = subprocess.run(["/usr/bin/python3", str(GENERATOR), "--oxt", str(OXT), "--out", str(fresh)],
                                 capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr)
            regenerated = self.office.open(fresh)
            try:
                regenerated.calculateAll()
                names = [self.document.Sheets.getByIndex(i).Name for i in range(self.document.Sheets.Count)]
                self.assertEqual(names, ["Dashboard", "Pipeline", "Conversations", "Rules"])
                self.assertEqual(list(regenerated.Sheets.ElementNames), names)
                for name in names:
                    with self.subTest(sheet=name):
                        committed = self.document.Sheets.getByName(name)
                        again = regenerated.Sheets.getByName(name)
                        self.assertEqual(formulas(again), formulas(committed))
                        self.assertEqual(data(again, "A1:K90"), data(committed, "A1:K90"))
            finally:
                regenerated.close(True)

    def test_the_rules_sheet_is_the_team_rules_file(self):
        lines = (ROOT / "examples" / "team.rules").read_text(encoding="utf-8").splitlines()
        cells = [row[0] for row in data(self.document.Sheets.getByName("Rules"), f"A1:A{len(lines)}")]
        self.assertEqual(cells, [line if line.strip() else "" for line in lines])


if __name__ == "__main__":
    unittest.main()
