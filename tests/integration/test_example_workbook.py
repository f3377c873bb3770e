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
AS_OF_CELL, TARGET_CELL, QUARTER_END_CELL, NEXT_TARGET_CELL, NEXT_QUARTER_END_CELL = "B4", "B5", "B6", "B7", "B8"
RULES_CHECK_CELL = "B9"
NOMINAL_CELL, REAL_CELL = "B12", "C12"
# Coverage rows: all open pipeline, this quarter, next quarter. Columns: nominal,
# real, nominal amount, real (weighted) amount, open deals, real deals.
COVERAGE_ROWS = {12: "all", 13: "this", 14: "next"}
REP_FIRST_ROW = 20          # the per-rep table, below its header; the team after the reps
REASON_ROWS = {50: "real", 51: "stalled", 52: "past close", 53: "no advance", 54: "not counted", 55: "closed"}
RATE_FIRST_ROW = 58
DEAL_FIRST_ROW = 66
DEALS = 60
DEAL_LAST_ROW = DEAL_FIRST_ROW + DEALS - 1

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
    decided: str = None         # "won" or "lost": closed, and counted by WIN_RATE


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
            decided = next((option for option in options if option in ("won", "lost")), None)
            stage = Stage(name, None, closed="closed" in options or decided is not None,
                          counted="not-counted" not in options, decided=decided)
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


def end_of_month(day, months):
    """Calc's EOMONTH: the last day of the month `months` after `day`'s."""
    month = day.month - 1 + months
    first_after = date(day.year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first_after - timedelta(days=1)


class Oracle:
    """What every Dashboard figure must be, from the workbook's inputs alone."""

    def __init__(self, document):
        null = document.NullDate
        null_date = date(null.Year, null.Month, null.Day)
        to_date = lambda value: None if value == "" else null_date + timedelta(days=int(value))  # noqa: E731
        sheets = document.Sheets
        self.rules = parse_rules(str(row[0]) for row in data(sheets.getByName("Rules"), "A1:A40"))
        dashboard = sheets.getByName("Dashboard")
        number = lambda address: dashboard.getCellRangeByName(address).getValue()  # noqa: E731
        self.as_of = to_date(number(AS_OF_CELL))
        self.target = number(TARGET_CELL)
        self.quarter_end = to_date(number(QUARTER_END_CELL))
        self.next_quarter_end = end_of_month(self.quarter_end, 3)
        self.next_target = number(NEXT_TARGET_CELL)
        rep_rows = data(dashboard, f"A{REP_FIRST_ROW}:B{REP_FIRST_ROW + 3}")
        self.quotas = {rep: quota for rep, quota in rep_rows}
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

    # Slices: a quarter is the deals closing by the quarter end, the next one
    # those closing after it and by three months later.
    def in_period(self, deal, period):
        if period == "this":
            return deal.close <= self.quarter_end
        if period == "next":
            return self.quarter_end < deal.close <= self.next_quarter_end
        return True

    def deals_in(self, period="all", rep=None):
        return [deal for deal in self.deals if self.in_period(deal, period) and rep in (None, deal.rep)]

    def open_amount(self, deals):
        return sum(deal.amount for deal in deals if self.is_open(deal))

    def real_amount(self, deals, weighted=True):
        return sum(deal.amount * (self.rules.stages[key(deal.stage)].weight if weighted else 1)
                   for deal in deals if self.status(deal) == "real")

    def period_target(self, period):
        return self.next_target if period == "next" else self.target

    def win_rate(self, rep=None):
        """Won amount / decided amount (Closed Won and Closed Lost), over every deal of the rep."""
        decided = {"won": 0.0, "lost": 0.0}
        for deal in self.deals:
            outcome = self.rules.stages[key(deal.stage)].decided
            if outcome and rep in (None, deal.rep):
                decided[outcome] += deal.amount
        return decided["won"] / (decided["won"] + decided["lost"])

    def rep_row(self, rep):
        """The per-rep table: quota, nominal, real (weighted), advance rate, win rate,
        required coverage, real pipeline (unweighted), still to open."""
        quota, deals = self.quotas[rep], self.deals_in("this", rep)
        win = self.win_rate(rep)
        unweighted = self.real_amount(deals, weighted=False)
        return [quota, self.open_amount(deals) / quota, self.real_amount(deals) / quota, self.advance_rate(rep),
                win, 1 / win, unweighted, max(0.0, quota / win - unweighted)]

    def team_row(self):
        rows = [self.rep_row(rep) for rep in self.quotas]
        quota, deals = sum(self.quotas.values()), self.deals_in("this")
        win = self.win_rate()
        return [quota, self.open_amount(deals) / quota, self.real_amount(deals) / quota, self.advance_rate(),
                win, 1 / win, sum(row[6] for row in rows), sum(row[7] for row in rows)]


def data(sheet, address):
    return [list(row) for row in sheet.getCellRangeByName(address).getDataArray()]


def used_rows(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress.EndRow + 1


def address_text(address):
    """A CellRangeAddress as "A1:B2" (columns up to Z)."""
    return (f"{chr(65 + address.StartColumn)}{address.StartRow + 1}:"
            f"{chr(65 + address.EndColumn)}{address.EndRow + 1}")


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

        self.assertEqual(len(oracle.deals), DEALS)
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
        self.assertIsNone(value(f"A{DEAL_LAST_ROW + 1}"))

        self.check_quarters(oracle)
        self.check_coverage(oracle, statuses)
        self.check_reps(oracle)
        for row, reason in REASON_ROWS.items():
            with self.subTest(reason=reason):
                chosen = [deal for deal, status in zip(oracle.deals, statuses) if status.startswith(reason)]
                self.assertEqual(value(f"B{row}"), sum(deal.amount for deal in chosen))
                self.assertEqual(value(f"C{row}"), len(chosen))
        self.assertEqual(sum(value(f"C{row}") for row in REASON_ROWS), len(oracle.deals))

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

    def check_quarters(self, oracle):
        """The helper columns the quarters' include arguments read, and the next quarter's end."""
        pipeline = self.document.Sheets.getByName("Pipeline")
        self.assertEqual([self.value(pipeline, cell) for cell in ("L1", "M1")], ["This quarter", "Next quarter"])
        for index, deal in enumerate(oracle.deals):
            with self.subTest(helper_row=index + 2, deal=deal.name):
                self.assertEqual(self.value(pipeline, f"L{index + 2}"), float(oracle.in_period(deal, "this")))
                self.assertEqual(self.value(pipeline, f"M{index + 2}"), float(oracle.in_period(deal, "next")))
        null = self.document.NullDate
        self.assertEqual(self.value(self.dashboard(), NEXT_QUARTER_END_CELL),
                         (oracle.next_quarter_end - date(null.Year, null.Month, null.Day)).days)

    def check_coverage(self, oracle, statuses):
        sheet = self.dashboard()
        for row, period in COVERAGE_ROWS.items():
            deals, target = oracle.deals_in(period), oracle.period_target(period)
            expected = [oracle.open_amount(deals) / target, oracle.real_amount(deals) / target,
                        oracle.open_amount(deals), oracle.real_amount(deals),
                        sum(map(oracle.is_open, deals)), sum(oracle.status(deal) == "real" for deal in deals)]
            for column, figure in zip("BCDEFG", expected):
                with self.subTest(coverage=period, column=column):
                    self.assertAlmostEqual(self.value(sheet, f"{column}{row}"), figure, delta=1e-6)
        self.assertAlmostEqual(self.value(sheet, NOMINAL_CELL), oracle.nominal_coverage(), delta=1e-9)
        self.assertAlmostEqual(self.value(sheet, REAL_CELL), oracle.real_coverage(), delta=1e-9)
        self.assertEqual(self.value(sheet, "G12"), statuses.count("real"))

    def check_reps(self, oracle):
        sheet = self.dashboard()
        reps = list(oracle.quotas)
        self.assertEqual(reps, oracle.reps())
        for index, rep in enumerate(reps + ["Team"]):
            row = REP_FIRST_ROW + index
            expected = oracle.team_row() if rep == "Team" else oracle.rep_row(rep)
            self.assertEqual(self.value(sheet, f"A{row}"), rep)
            for column, figure in zip("BCDEFGHI", expected):
                with self.subTest(rep=rep, column=column):
                    self.assertAlmostEqual(self.value(sheet, f"{column}{row}"), figure, delta=1e-6)
        self.assertIsNone(self.value(sheet, f"B{REP_FIRST_ROW + len(reps) + 2}"))

    def set_date(self, address, day):
        null = self.document.NullDate
        self.dashboard().getCellRangeByName(address).setValue((day - date(null.Year, null.Month, null.Day)).days)

    def set_what_if(self, as_of, target):
        self.set_date(AS_OF_CELL, as_of)
        self.dashboard().getCellRangeByName(TARGET_CELL).setValue(target)
        self.document.calculateAll()

    def rep_table(self):
        return data(self.dashboard(), f"A{REP_FIRST_ROW}:I{REP_FIRST_ROW + 4}")

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
        # The quarters, and reps whose quotas make up the team's Target.
        self.assertEqual((oracle.quarter_end, oracle.next_quarter_end), (date(2026, 12, 31), date(2027, 3, 31)))
        self.assertEqual(sum(oracle.quotas.values()), oracle.target)
        for period in ("this", "next"):
            deals = oracle.deals_in(period)
            self.assertLess(oracle.real_amount(deals), oracle.open_amount(deals), period)
        # Every rep has decided deals both ways, and some still have pipeline to open.
        for rep in oracle.quotas:
            self.assertTrue(0.2 < oracle.win_rate(rep) < 0.8, rep)
            self.assertGreaterEqual(sum(oracle.rules.stages[key(deal.stage)].decided is not None
                                        for deal in oracle.deals if deal.rep == rep), 5)
        self.assertGreater(oracle.team_row()[7], 0)

    def test_the_named_cells_the_demo_reads(self):
        names = self.document.NamedRanges
        expected = {"AsOf": "$Dashboard.$B$4", "Target": "$Dashboard.$B$5", "QuarterEnd": "$Dashboard.$B$6",
                    "NextTarget": "$Dashboard.$B$7", "NextQuarterEnd": "$Dashboard.$B$8",
                    "NominalCoverage": "$Dashboard.$B$12", "RealCoverage": "$Dashboard.$C$12",
                    "QuarterCoverage": "$Dashboard.$A$13:$E$14", "RepTable": "$Dashboard.$A$20:$I$24",
                    "PipelineSplit": "$Dashboard.$A$50:$C$55", "AdvanceRates": "$Dashboard.$A$58:$B$62",
                    "Deals": f"$Dashboard.$A${DEAL_FIRST_ROW}:$G${DEAL_LAST_ROW}",
                    "ThisQuarter": "$Pipeline.$L$2:$L$61", "NextQuarter": "$Pipeline.$M$2:$M$61"}
        for name, content in expected.items():
            self.assertEqual(names.getByName(name).getContent(), content)

    def test_stalled_deals_are_highlighted_by_a_conditional_format(self):
        entries = self.dashboard().getCellRangeByName(f"A{DEAL_FIRST_ROW}:I{DEAL_LAST_ROW}").ConditionalFormat
        self.assertEqual(entries.getCount(), 1)
        first = DEAL_FIRST_ROW
        self.assertEqual(entries.getByIndex(0).getFormula1(), f"AND(ISNUMBER($E{first});ISNUMBER($F{first});$E{first}>$F{first})")
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

    def test_what_if_a_rep_quota_changes(self):
        base, _ = self.check_against_oracle()
        before = self.rep_table()
        self.dashboard().getCellRangeByName(f"B{REP_FIRST_ROW + 1}").setValue(450_000)
        self.document.calculateAll()
        oracle, _ = self.check_against_oracle()
        after = self.rep_table()
        self.assertEqual(oracle.quotas["Jonas"], 450_000)
        self.assertGreater(oracle.rep_row("Jonas")[7], base.rep_row("Jonas")[7])
        # Jonas's coverage, still to open and the team's figures move; the other reps' stay.
        for index in (1, 4):
            for column in (1, 2, 3, 8):
                self.assertNotAlmostEqual(after[index][column], before[index][column], places=6)
        for index in (0, 2, 3):
            self.assertEqual(after[index], before[index])
        # The team's quota is the reps' sum, now above the Target, and the note says so.
        self.assertEqual(after[4][1], 1_350_000)
        self.assertIn("differs from the Target", self.value(self.dashboard(), f"A{REP_FIRST_ROW + 5}"))

    def test_what_if_the_quarter_end_changes(self):
        base, _ = self.check_against_oracle()
        self.set_date(QUARTER_END_CELL, date(2027, 3, 31))
        self.document.calculateAll()
        oracle, _ = self.check_against_oracle()
        self.assertEqual(oracle.next_quarter_end, date(2027, 6, 30))
        self.assertGreater(oracle.open_amount(oracle.deals_in("this")), base.open_amount(base.deals_in("this")))
        self.assertNotEqual(oracle.team_row(), base.team_row())
        # A quarter end before every open deal's close date leaves real coverage at 0, not an error.
        self.set_date(QUARTER_END_CELL, date(2026, 9, 30))
        self.document.calculateAll()
        oracle, _ = self.check_against_oracle()
        self.assertEqual(oracle.real_amount(oracle.deals_in("this")), 0)

    def test_what_if_the_as_of_date_moves_the_rep_table(self):
        before = self.rep_table()
        self.set_what_if(date(2026, 12, 11), 1_200_000)
        oracle, _ = self.check_against_oracle()
        after = self.rep_table()
        self.assertNotEqual([row[3] for row in after], [row[3] for row in before])     # real coverage
        self.assertNotEqual([row[8] for row in after], [row[8] for row in before])     # still to open
        self.assertEqual([row[5] for row in after], [row[5] for row in before])        # win rate: history
        self.assertEqual(oracle.as_of, date(2026, 12, 11))

    def test_the_charts_on_the_dashboard(self):
        charts = self.dashboard().getCharts()
        self.assertEqual(sorted(charts.ElementNames), ["CoverageByRep", "WhereThePipelineGoes"])
        page = self.dashboard().DrawPage
        shapes = {shape.PersistName: shape for shape in map(page.getByIndex, range(page.Count))}
        oracle = Oracle(self.document)
        expected = {
            # Calc keeps the corner cell (the rep column's title) out of the category range.
            "CoverageByRep": (["A20:A23", "C19:D23"], list(oracle.quotas),
                              [oracle.rep_row(rep)[1:3] for rep in oracle.quotas]),
            "WhereThePipelineGoes": (["A49:B55"], [self.value(self.dashboard(), f"A{row}") for row in REASON_ROWS],
                                     [[self.value(self.dashboard(), f"B{row}")] for row in REASON_ROWS]),
        }
        for name, (ranges, categories, figures) in expected.items():
            with self.subTest(chart=name):
                chart = charts.getByName(name)
                self.assertEqual([address_text(address) for address in chart.getRanges()], ranges)
                table = chart.getEmbeddedObject().getData()
                self.assertEqual(list(table.getRowDescriptions()), categories)
                for shown, figure in zip(table.getData(), figures):
                    for one, two in zip(shown, figure):
                        self.assertAlmostEqual(one, two, delta=1e-6)
                # On the Dashboard's second page, inside the area the PDF export prints.
                shape = shapes[name]
                self.assertGreater(shape.Position.Y, self.dashboard().getCellRangeByName("A30").Position.Y)
                self.assertLess(shape.Position.Y + shape.Size.Height,
                                self.dashboard().getCellRangeByName(f"A{DEAL_FIRST_ROW}").Position.Y)
        self.assertEqual(charts.getByName("CoverageByRep").getEmbeddedObject().getData().getColumnDescriptions(),
                         ("Nominal coverage", "Real coverage, weighted"))

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
                        self.assertEqual(data(again, "A1:M130"), data(committed, "A1:M130"))
            finally:
                regenerated.close(True)

    def test_the_rules_sheet_is_the_team_rules_file(self):
        lines = (ROOT / "examples" / "team.rules").read_text(encoding="utf-8").splitlines()
        cells = [row[0] for row in data(self.document.Sheets.getByName("Rules"), f"A1:A{len(lines)}")]
        self.assertEqual(cells, [line if line.strip() else "" for line in lines])


if __name__ == "__main__":
    unittest.main()
