"""Soak: three workbooks open in one real Calc, edited at random round after
round, every truepipe cell compared after each recalculation with the engine
computed directly, and the office's memory watched.

Each workbook has the same deals at the start and its own rules: one in a
Rules sheet range, one in a *.rules file named by a cell, one inline text in a
cell. A round edits one workbook (amounts, stages, dates, include flags,
outcomes, the as-of date, the target and the rules, now and then into errors:
a text amount, an unknown stage, broken rules), recalculates it, and compares
every formula of all three with what tests/soak/oracle.cpp (the formula
functions the add-in calls, over the same cells) answers for each. The deals
live here in Python; every edit goes to the sheet and to this copy, and the
sheet's inputs are read back now and then to check that both still agree.

Sizes (TRUEPIPE_SOAK): `ci` (the default, run by ctest) and `full` (100,000
deals, 1,000 recalculations). TRUEPIPE_SOAK_SEED repeats a run.
"""

import os
import random
import shutil
import subprocess
import time
import unittest
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from harness import ROOT, OfficeTestCase
import office  # noqa: E402  (harness puts scripts/ on the path)


@dataclass(frozen=True)
class Size:
    deals: int
    rounds: int
    per_row: int            # deals with per-row formulas (the first ones)
    read_back_every: int    # rounds between read-backs of a workbook's inputs
    hard_every: int         # rounds between hard recalculations of every workbook


SIZES = {
    "ci": Size(deals=2_000, rounds=300, per_row=2_000, read_back_every=20, hard_every=50),
    "full": Size(deals=100_000, rounds=1_000, per_row=5_000, read_back_every=50, hard_every=100),
}


def size_of(name):
    """`ci`, `full`, or DEALSxROUNDS (e.g. 100000x20, to time a few full-size rounds)."""
    if name in SIZES:
        return SIZES[name]
    deals, rounds = (int(part) for part in name.split("x"))
    full = SIZES["full"]
    return Size(deals, rounds, min(deals, full.per_row), min(rounds, full.read_back_every),
                min(rounds, full.hard_every))


SIZE_NAME = os.environ.get("TRUEPIPE_SOAK", "ci")
SIZE = size_of(SIZE_NAME)
ORACLE = Path(os.environ.get("TRUEPIPE_SOAK_ORACLE", ROOT / "build" / "tests" / "truepipe_soak_oracle"))
# soffice.bin's growth from the warm-up to the end. The full run holds it under
# 5%. A CI-size run starts from a small office (about 145 MiB) in which bounded
# memory still fills after the warm-up: truepipe's rules cache (a parsed rules
# text per edit, up to 256 before it starts again, never reached in 300
# rounds), Calc's string pool (every distinct text a cell held or a formula
# answered, purged only when the office is idle), the allocator's free lists.
# Measured: +2.8% and +2.9%; 600 hard recalculations without edits: flat. So
# it is held under 10%, which any real leak passes at once: 1 KiB lost per call
# would be over 1 GiB.
MAX_RSS_GROWTH = 0.05 if SIZE_NAME == "full" else 0.10
WARM_UP = max(1, SIZE.rounds // 10)

NULL_DATE = date(1899, 12, 30)
START = date(2026, 11, 30)


def serial(day):
    return float((day - NULL_DATE).days)


def target_for(deals):
    """A remaining quota that keeps real coverage near 1 for this many deals."""
    return 750.0 * deals


# --- the rules, as text ------------------------------------------------------

# Every workbook's rules list these stages; the optional ones come and go, and a
# deal in one of them is an error while its line is missing.
STAGE_NAMES = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation",
               "Closed Won", "Closed Lost", "Disqualified"]
OPTIONAL_STAGES = ["Pilot", "Legal review"]
ADVANCES = ["Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"]
CONTINUATIONS = ["Call back later", "Send information", "No decision"]
# What breaks a rules text: each an error with a line and column, or a limit.
BREAKAGES = [
    'stge "Proposal" stall-limit 14 days',
    'stage "Negotiation" stall-limt 10 days',
    'stage "Discovery" stall-limit 4000 days',
    'stage "Proposal" stall-limit 9 days',          # a duplicate when Proposal is listed
    'holiday 2026-02-30',
    'calendar weekdays',
    'stage "Closed Won" won lost',
    'continuation "Order"',                          # also an advance
    'stage "Qualification" weight 1.5',
]


@dataclass
class Stage:
    name: str
    kind: str = "open"      # open, not-counted, won, lost, closed
    limit: int = None
    weight: float = None

    def line(self):
        words = [f'stage "{self.name}"']
        if self.kind != "open":
            words.append(self.kind)
        if self.kind in ("open", "not-counted"):
            if self.limit is not None:
                words.append(f"stall-limit {self.limit} days")
            if self.weight is not None:
                words.append(f"weight {self.weight}")
        return "  ".join(words)


@dataclass
class Rules:
    business_days: bool = False
    holidays: list = field(default_factory=list)
    default_limit: int = 30
    unknown_is_continuation: bool = False
    stages: list = field(default_factory=list)
    advance: list = field(default_factory=lambda: list(ADVANCES))
    continuation: list = field(default_factory=lambda: list(CONTINUATIONS))
    broken: tuple = None    # (line index, line) put into an otherwise good text

    def lines(self):
        lines = ["# soak rules", f"calendar {'business-days' if self.business_days else 'calendar-days'}"]
        lines += [f"holiday {day.isoformat()}" for day in self.holidays]
        lines += [f"stall-limit {self.default_limit} days",
                  f"unknown-outcome {'continuation' if self.unknown_is_continuation else 'error'}", ""]
        lines += [stage.line() for stage in self.stages]
        lines += ["", "advance " + ", ".join(f'"{name}"' for name in self.advance),
                  "continuation " + ", ".join(f'"{name}"' for name in self.continuation)]
        if self.broken is not None:
            index, line = self.broken
            lines.insert(min(index, len(lines)), line)
        return lines

    def text(self):
        return "\n".join(self.lines()) + "\n"

    def copy(self):
        return replace(self, holidays=list(self.holidays), stages=[replace(s) for s in self.stages],
                       advance=list(self.advance), continuation=list(self.continuation))


def team_rules(variant):
    """Three teams' rules: different calendars, limits, weights and won stages."""
    if variant == 0:
        return Rules(business_days=True, holidays=[date(2026, 11, 26), date(2026, 12, 25)], default_limit=30,
                     stages=[Stage("Prospecting", "not-counted"), Stage("Qualification", limit=15),
                             Stage("Discovery", limit=21), Stage("Proposal", limit=10, weight=0.6),
                             Stage("Negotiation", limit=8, weight=0.9), Stage("Closed Won", "won"),
                             Stage("Closed Lost", "lost"), Stage("Disqualified", "closed")])
    if variant == 1:
        return Rules(default_limit=45,
                     stages=[Stage("Prospecting", "not-counted", limit=20), Stage("Qualification"),
                             Stage("Discovery", limit=30), Stage("Proposal", limit=21, weight=0.5),
                             Stage("Negotiation", limit=14), Stage("Closed Won", "won"),
                             Stage("Closed Lost", "lost"), Stage("Disqualified", "lost"), Stage("Pilot")])
    return Rules(business_days=True, holidays=[date(2026, 12, 24)], default_limit=20,
                 unknown_is_continuation=True,
                 stages=[Stage("Prospecting", limit=5, weight=0.1), Stage("Qualification", limit=10),
                         Stage("Discovery", limit=12, weight=0.3), Stage("Proposal", limit=7, weight=0.75),
                         Stage("Negotiation", limit=5), Stage("Closed Won", "won"), Stage("Closed Lost", "closed"),
                         Stage("Disqualified", "closed")])


DEFAULT_RULES = Rules(default_limit=25, stages=[Stage(name, "won" if name == "Closed Won" else
                                                      "lost" if name == "Closed Lost" else "open", limit=18)
                                                for name in STAGE_NAMES])


# --- the deals ---------------------------------------------------------------

# Deals sheet columns, one deal per row from row 2; per-row formulas beside them.
AMOUNT, STAGE, ADVANCE1, ADVANCE2, CLOSE, INCLUDE, OUTCOME = range(7)
COLUMNS = "ABCDEFG"
PER_ROW_COLUMNS = "IJK"
AGGREGATES = ["coverage", "coverage_include", "advance_rate", "advance_rate_include", "win_rate",
              "win_rate_amounts", "win_rate_include", "win_rate_amounts_include", "rules_check"]
RULES_CELLS = 40


def good_value(rng, column, as_of):
    if column == AMOUNT:
        return float(rng.randrange(1, 500) * 1000) if rng.random() < 0.8 else round(rng.uniform(0, 250000), 2)
    if column == STAGE:
        return rng.choice(STAGE_NAMES)
    if column in (ADVANCE1, ADVANCE2):
        if rng.random() < (0.08 if column == ADVANCE1 else 0.5):
            return None
        return serial(as_of + timedelta(days=rng.randint(-150, 12)))
    if column == CLOSE:
        return serial(as_of + timedelta(days=rng.randint(-40, 150)))
    if column == INCLUDE:
        return rng.choice([1.0, 1.0, 0.0, 0.0, 2.0, -1.0, None])
    choice = rng.random()
    if choice < 0.1:
        return None
    if choice < 0.25:
        return rng.choice([1.0, 0.0])
    return rng.choice(ADVANCES + CONTINUATIONS + [" second MEETING ", "order"])


def bad_value(rng, column, as_of):
    """A value that makes some formula an error (or, for a date, a text date)."""
    if column == AMOUNT:
        return rng.choice(["12k", -500.0, None, "n/a"])
    if column == STAGE:
        return rng.choice(["Propsal", "Won", "", " closed WON "] + OPTIONAL_STAGES) or None
    if column in (ADVANCE1, ADVANCE2, CLOSE):
        return rng.choice(["soon", (as_of - timedelta(days=3)).isoformat(), "2026-13-01"])
    if column == INCLUDE:
        return "yes"
    return rng.choice(["Maybe later", "Lunch"])


def encode(value):
    """A cell for the oracle's input (see tests/soak/oracle.cpp)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return "n" + repr(value)
    return "t" + value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def decode(text):
    return float(text[1:]) if text[0] == "n" else \
        text[1:].replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r") \
        .replace("\0", "\\")


def same(calc, expected):
    if isinstance(expected, float):
        return isinstance(calc, float) and (calc == expected or
                                            abs(calc - expected) <= 1e-12 * max(abs(calc), abs(expected)))
    return calc == expected


# --- one workbook --------------------------------------------------------------

class Workbook:
    """A Calc document and the Python copy of its inputs."""

    def __init__(self, office, name, source, rules, deals, scratch, rng):
        self.name, self.source, self.rules, self.scratch, self.rng = name, source, rules, scratch, rng
        self.deals = [list(deal) for deal in deals]
        self.encoded = [None] * len(deals)  # each deal's line of the oracle's input, None once edited
        self.as_of, self.target = serial(START), target_for(len(deals))
        self.rules_cell = None          # source text/file: what the rules cell holds
        self.rules_path = scratch / f"{name}.rules"
        self.bad = set()                # (row, column) holding a bad value
        self.expected = None            # the oracle's answer for the current inputs
        self.document = office.new_spreadsheet()
        self.document.getUndoManager().lock()   # no undo history: edits must not pile up memory
        self.document.enableAutomaticCalculation(False)
        self.build()

    # layout
    def last_row(self):
        return len(self.deals) + 1

    def rules_reference(self):
        return f"$Rules.$A$1:$A${RULES_CELLS}" if self.source == "range" else "$Setup.$B$3"

    def build(self):
        sheets = self.document.Sheets
        sheets.getByIndex(0).setName("Deals")
        sheets.insertNewByName("Setup", 1)
        sheets.insertNewByName("Rules", 2)
        self.sheet, self.setup, self.rules_sheet = (sheets.getByName(n) for n in ("Deals", "Setup", "Rules"))
        self.sheet.getCellRangeByName("A1:K1").setDataArray(((
            "Amount", "Stage", "Advance 1", "Advance 2", "Close", "Include", "Outcome", "",
            "Stall days", "Stall limit", "Status"),))
        self.write_deals(range(len(self.deals)))
        self.setup.getCellRangeByName("A1:A3").setDataArray((("As of",), ("Target",), ("Rules",)))
        self.setup.getCellByPosition(1, 0).setValue(self.as_of)
        self.setup.getCellByPosition(1, 1).setValue(self.target)
        self.write_rules()
        last, rules = self.last_row(), self.rules_reference()
        a, b, e, f, g = (f"$Deals.${c}$2:${c}${last}" for c in "ABEFG")
        dates = f"$Deals.$C$2:$D${last}"
        coverage = f"=REAL_COVERAGE({a};{b};{dates};{e};$Setup.$B$2;$Setup.$B$1;{rules}"
        formulas = {
            "coverage": f"{coverage})",
            "coverage_include": f"{coverage};{f})",
            "advance_rate": f"=ADVANCE_RATE({g};{rules})",
            "advance_rate_include": f"=ADVANCE_RATE({g};{rules};{f})",
            "win_rate": f"=WIN_RATE({b};;{rules})",
            "win_rate_amounts": f"=WIN_RATE({b};{a};{rules})",
            "win_rate_include": f"=WIN_RATE({b};;{rules};{f})",
            "win_rate_amounts_include": f"=WIN_RATE({b};{a};{rules};{f})",
            "rules_check": f"=RULES_CHECK({rules})",
        }
        for row, name in enumerate(AGGREGATES):
            self.setup.getCellByPosition(2, row).setString(name)
            self.setup.getCellByPosition(3, row).setFormula(formulas[name])
        first = self.sheet.getCellRangeByName("I2:K2")
        first.setFormulaArray(((f"=STALL_DAYS(C2:D2;$Setup.$B$1;{rules})", f"=STALL_LIMIT(B2;{rules})",
                                f"=DEAL_STATUS(B2;C2:D2;E2;$Setup.$B$1;{rules})"),))
        if SIZE.per_row > 1:
            from com.sun.star.sheet.FillDirection import TO_BOTTOM
            self.sheet.getCellRangeByName(f"I2:K{SIZE.per_row + 1}").fillAuto(TO_BOTTOM, 1)

    # writing inputs to the sheet, after they changed in self.deals
    def write_deals(self, rows):
        """Rows as one block each run of consecutive rows (setDataArray)."""
        rows = sorted(rows)
        for row in rows:
            self.encoded[row] = None
        start = 0
        while start < len(rows):
            end = start
            while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
                end += 1
            block = tuple(tuple("" if v is None else v for v in self.deals[r]) for r in rows[start:end + 1])
            self.sheet.getCellRangeByPosition(0, rows[start] + 1, 6, rows[end] + 1).setDataArray(block)
            start = end + 1

    def write_column(self, column):
        self.encoded = [None] * len(self.deals)
        last = self.last_row()
        self.sheet.getCellRangeByName(f"{COLUMNS[column]}2:{COLUMNS[column]}{last}").setDataArray(
            tuple(("" if deal[column] is None else deal[column],) for deal in self.deals))

    def write_cell(self, row, column):
        """One cell, by the call a user's macro would make for its kind of value."""
        value = self.deals[row][column]
        self.encoded[row] = None
        cell = self.sheet.getCellByPosition(column, row + 1)
        if value is None:
            self.sheet.getCellRangeByPosition(column, row + 1, column, row + 1).clearContents(1 | 2 | 4 | 16)
        elif isinstance(value, float):
            cell.setValue(value)
        else:
            cell.setString(value)

    def write_rules(self):
        """The rules where this workbook keeps them; True when only a file changed."""
        if self.source == "range":
            lines = self.rules.lines() if self.rules is not None else []
            if len(lines) > RULES_CELLS:
                raise AssertionError(f"{len(lines)} rules lines do not fit in {RULES_CELLS} cells")
            self.rules_sheet.getCellRangeByName(f"A1:A{RULES_CELLS}").setDataArray(
                tuple((line,) for line in lines + [""] * (RULES_CELLS - len(lines))))
            return False
        if self.source == "inline":
            self.rules_cell = self.rules.text() if self.rules is not None else None
            self.set_rules_cell()
            return False
        # A file, named in the rules cell; no rules: a file that is not there.
        path = self.rules_path if self.rules is not None else self.scratch / f"{self.name}-missing.rules"
        if self.rules is not None:
            text = self.rules.text()
            if self.rng.random() < 0.5:
                self.rules_path.write_text(text, encoding="utf-8")
            else:   # as an editor saves: a new file put in place
                fresh = self.scratch / f"{self.name}.rules.new"
                fresh.write_text(text, encoding="utf-8")
                os.replace(fresh, self.rules_path)
        if self.rules_cell != str(path):
            self.rules_cell = str(path)
            self.set_rules_cell()
        return True

    def set_rules_cell(self):
        if self.rules_cell is None:
            self.setup.getCellRangeByName("B3").clearContents(4)
        else:
            self.setup.getCellByPosition(1, 2).setString(self.rules_cell)

    # the oracle
    def oracle_input(self):
        lines = [f"as_of\t{encode(self.as_of)}", f"target\t{encode(self.target)}"]
        if self.source == "range":
            lines.append("rules\tcells\tRules\tA\t1")
            rules = self.rules.lines() if self.rules is not None else []
            lines += [f"rule\t{encode(line)}" for line in rules + [""] * (RULES_CELLS - len(rules))]
        else:
            lines.append(f"rules\ttext\tSetup!B3\t{encode(self.rules_cell)}")
        for row, line in enumerate(self.encoded):
            if line is None:
                self.encoded[row] = "deal\t" + "\t".join(encode(v) for v in self.deals[row])
        lines += self.encoded
        lines.append(f"per-row\t{SIZE.per_row}")
        return "\n".join(lines) + "\n"

    def read_expected(self, path):
        aggregates, rows = {}, []
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if fields[0] == "row":
                rows.append(tuple(decode(f) for f in fields[2:]))
            else:
                aggregates[fields[0]] = decode(fields[1])
        assert list(aggregates) == AGGREGATES and len(rows) == SIZE.per_row, "the oracle's answer is incomplete"
        self.expected = (aggregates, rows)

    # reading Calc
    def results(self):
        aggregates = self.setup.getCellRangeByName(f"D1:D{len(AGGREGATES)}").getDataArray()
        rows = self.sheet.getCellRangeByName(f"I2:K{SIZE.per_row + 1}").getDataArray()
        return {name: value for name, (value,) in zip(AGGREGATES, aggregates)}, rows

    @staticmethod
    def shown(sheet, address):
        """A cell as Calc shows it, for a mismatch report (Err:NNN for an error)."""
        return office.cell_value(sheet, address)

    def inputs_on_sheet(self):
        """The sheet's inputs, as getDataArray returns them, for the read-back."""
        deals = self.sheet.getCellRangeByName(f"A2:G{self.last_row()}").getDataArray()
        setup = self.setup.getCellRangeByName("B1:B3").getDataArray()
        rules = self.rules_sheet.getCellRangeByName(f"A1:A{RULES_CELLS}").getDataArray()
        return deals, setup, rules


# --- the test ------------------------------------------------------------------

def soffice_bin(process, pipe):
    """The soffice.bin the started soffice script launched: found by the pipe
    name in its command line, and checked to descend from that script."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if not argv or not argv[0].endswith(b"soffice.bin") or not any(pipe.encode() in a for a in argv):
            continue
        pid = int(entry.name)
        ancestor = pid
        while ancestor > 1:
            if ancestor == process.pid:
                return pid
            status = Path(f"/proc/{ancestor}/status").read_text()
            ancestor = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
    raise AssertionError(f"no soffice.bin with pipe {pipe} under process {process.pid}")


def rss_mib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return kib / 1024


class Soak(OfficeTestCase):
    @classmethod
    def office_environment(cls, scratch):
        # The user's default rules file, which blank rules fall back to, is the
        # test's own, for the office and the oracle alike.
        config = scratch / "config"
        (config / "truepipe").mkdir(parents=True, exist_ok=True)
        (config / "truepipe" / "default.rules").write_text(DEFAULT_RULES.text(), encoding="utf-8")
        cls.environment = dict(os.environ, XDG_CONFIG_HOME=str(config))
        return {"XDG_CONFIG_HOME": str(config)}

    def setUp(self):
        if not ORACLE.exists():
            raise RuntimeError(f"{ORACLE} is missing: build the tests first (scripts/build.sh)")
        seed = int(os.environ.get("TRUEPIPE_SOAK_SEED", time.time_ns() % 1_000_000_007))
        print(f"\nsoak: size {SIZE_NAME}, {SIZE.deals:,} deals, {SIZE.rounds:,} rounds, "
              f"per-row formulas on {SIZE.per_row:,} deals, seed {seed} (TRUEPIPE_SOAK_SEED={seed} repeats it)",
              flush=True)
        self.seed = seed
        self.rng = random.Random(seed)
        self.work = self.scratch / "soak"
        self.work.mkdir(exist_ok=True)
        deals = [[good_value(self.rng, column, START) for column in range(7)] for _ in range(SIZE.deals)]
        # Every text a formula answered: Calc keeps each distinct one in its
        # document's string pool, which it purges only when idle for a while.
        self.texts_seen = set()
        started = time.monotonic()
        self.books = [Workbook(self.office, name, source, team_rules(variant), deals, self.work, self.rng)
                      for variant, (name, source) in enumerate([("range", "range"), ("file", "file"),
                                                                 ("inline", "inline")])]
        for book in self.books:
            book.document.calculateAll()
        self.run_oracle(self.books)
        print(f"soak: three workbooks made and calculated in {time.monotonic() - started:.1f} s", flush=True)
        self.mismatches = []
        self.compared = {"numbers": 0, "texts": 0, "errors": 0, "within 1e-12": 0}
        # How often each aggregate answered a number, after each recalculation.
        self.numeric = {name: [0, 0] for name in AGGREGATES}

    def tearDown(self):
        for book in self.books:
            book.document.close(True)
        shutil.rmtree(self.work, ignore_errors=True)

    def run_oracle(self, books):
        arguments = []
        for book in books:
            source, answer = self.work / f"{book.name}.in", self.work / f"{book.name}.out"
            source.write_text(book.oracle_input(), encoding="utf-8")
            arguments += [str(source), str(answer)]
        subprocess.run([str(ORACLE)] + arguments, check=True, env=self.environment)
        for book in books:
            book.read_expected(self.work / f"{book.name}.out")
            aggregates, rows = book.expected
            self.texts_seen.update(v for v in aggregates.values() if isinstance(v, str))
            self.texts_seen.update(v for row in rows for v in row if isinstance(v, str))

    # --- comparing ---------------------------------------------------------

    def compare(self, book, round_number):
        aggregates, rows = book.results()
        expected_aggregates, expected_rows = book.expected
        for index, name in enumerate(AGGREGATES):
            self.numeric[name][0] += isinstance(expected_aggregates[name], float)
            self.numeric[name][1] += 1
            self.check(book, round_number, f"Setup.D{index + 1} ({name})", aggregates[name],
                       expected_aggregates[name], lambda i=index: book.shown(book.setup, f"D{i + 1}"))
        for row, (calc, expected) in enumerate(zip(rows, expected_rows)):
            for column, (got, want) in enumerate(zip(calc, expected)):
                if got == want:     # the common case, counted without the per-cell call
                    self.count(want, exact=True)
                    continue
                self.check(book, round_number, f"Deals.{PER_ROW_COLUMNS[column]}{row + 2}", got, want,
                           lambda r=row, c=column: book.shown(book.sheet, f"{PER_ROW_COLUMNS[c]}{r + 2}"))

    def count(self, expected, exact):
        if isinstance(expected, float):
            self.compared["numbers"] += 1
            if not exact:
                self.compared["within 1e-12"] += 1
        elif expected.startswith("#"):
            self.compared["errors"] += 1
        else:
            self.compared["texts"] += 1

    def check(self, book, round_number, where, got, expected, shown):
        if same(got, expected):
            self.count(expected, exact=got == expected)
            return
        self.mismatches.append(f"round {round_number}, {book.name}: {where}: Calc {shown()!r}, oracle {expected!r}")
        if len(self.mismatches) <= 5:
            print("soak: MISMATCH", self.mismatches[-1], flush=True)

    def read_back(self, book):
        """The sheet's inputs must be the model's: an edit lost or misapplied shows here."""
        deals, setup, rules = book.inputs_on_sheet()
        model = [tuple("" if v is None else v for v in deal) for deal in book.deals]
        self.assertEqual(list(deals), model, f"{book.name}: the Deals sheet differs from the model")
        stale = [row for row, line in enumerate(book.encoded)
                 if line is not None and line != "deal\t" + "\t".join(encode(v) for v in book.deals[row])]
        self.assertEqual(stale, [], f"{book.name}: the oracle was given deals that have changed since")
        rules_cell = "" if book.rules_cell is None else book.rules_cell
        self.assertEqual(list(setup), [(book.as_of,), (book.target,), (rules_cell,)],
                         f"{book.name}: the Setup cells differ from the model")
        if book.source == "range":
            lines = book.rules.lines() if book.rules is not None else []
            self.assertEqual([line for (line,) in rules], lines + [""] * (RULES_CELLS - len(lines)))
        elif book.source == "file" and book.rules is not None:
            self.assertEqual(book.rules_path.read_text(encoding="utf-8"), book.rules.text())

    # --- edits ---------------------------------------------------------------

    def edit_deals(self, book):
        rng, n = self.rng, len(book.deals)
        as_of = START + timedelta(days=int(book.as_of - serial(START))) if isinstance(book.as_of, float) else START
        # Bad values are mended at random, so most rounds compare numbers too.
        if book.bad and rng.random() < 0.6:
            for row, column in sorted(book.bad):
                book.deals[row][column] = good_value(rng, column, as_of)
                book.write_cell(row, column)
            book.bad.clear()
        for _ in range(rng.randint(1, 25)):
            row, column = rng.randrange(n), rng.randrange(7)
            if rng.random() < 0.03:
                book.deals[row][column] = bad_value(rng, column, as_of)
                book.bad.add((row, column))
            else:
                book.deals[row][column] = good_value(rng, column, as_of)
                book.bad.discard((row, column))
            book.write_cell(row, column)
        if rng.random() < 0.1:     # a block of rows pasted
            first = rng.randrange(n)
            rows = range(first, min(n, first + rng.randint(2, 200)))
            for row in rows:
                book.deals[row] = [good_value(rng, column, as_of) for column in range(7)]
                book.bad = {(r, c) for r, c in book.bad if r != row}
            book.write_deals(rows)
        if rng.random() < 0.02:     # a row emptied: skipped by every aggregate
            row = rng.randrange(n)
            book.deals[row] = [None] * 7
            book.bad = {(r, c) for r, c in book.bad if r != row}
            book.write_deals([row])
        if rng.random() < 0.04:     # a whole column rewritten
            column = rng.choice([AMOUNT, STAGE, INCLUDE, OUTCOME, ADVANCE2])
            for row in range(n):
                book.deals[row][column] = good_value(rng, column, as_of)
            book.bad = {(r, c) for r, c in book.bad if c != column}
            book.write_column(column)

    def edit_setup(self, book):
        rng = self.rng
        if isinstance(book.as_of, str) or (isinstance(book.target, float) and book.target <= 0):
            if rng.random() < 0.7:      # mend a broken as-of or target
                book.as_of, book.target = serial(START), target_for(len(book.deals))
                book.setup.getCellByPosition(1, 0).setValue(book.as_of)
                book.setup.getCellByPosition(1, 1).setValue(book.target)
        if rng.random() < 0.25:
            choice = rng.random()
            cell = book.setup.getCellByPosition(1, 0)
            if choice < 0.05:
                book.as_of = "tomorrow"
                cell.setString(book.as_of)
            else:
                day = START + timedelta(days=rng.randint(-45, 45))
                book.as_of = serial(day)
                if choice < 0.5:
                    cell.setValue(book.as_of)
                else:   # a formula that makes the date: what the function sees is its value
                    cell.setFormula(f"=DATE({day.year};{day.month};{day.day})")
        if rng.random() < 0.08:
            book.target = 0.0 if rng.random() < 0.1 else target_for(len(book.deals)) * rng.randint(1, 40) / 10
            book.setup.getCellByPosition(1, 1).setValue(book.target)

    def edit_rules(self, book):
        """Returns whether the workbook must be recalculated hard (a file changed)."""
        rng = self.rng
        rules = book.rules
        choice = rng.random()
        if rules is None:
            if choice < 0.5:
                book.rules = team_rules(rng.randrange(3))
                return book.write_rules()
            return False
        if rules.broken is not None and choice < 0.5:
            rules.broken = None
        elif choice < 0.06:
            rules.broken = (rng.randrange(len(rules.lines()) + 1), rng.choice(BREAKAGES))
        elif choice < 0.08:
            book.rules = None       # blank rules: the default file (a file: one that is not there)
        elif choice < 0.10:         # another workbook's rules, text for text
            other = rng.choice([b for b in self.books if b is not book and b.rules is not None] or [book])
            book.rules = other.rules.copy()
        elif choice < 0.35:
            stage = rng.choice([s for s in rules.stages if s.kind in ("open", "not-counted")] or rules.stages)
            stage.limit = rng.choice([None, rng.randint(1, 60)])
        elif choice < 0.45:
            rules.default_limit = rng.randint(5, 90)
        elif choice < 0.55:         # a stage line added or removed
            name = rng.choice(OPTIONAL_STAGES)
            present = [s for s in rules.stages if s.name == name]
            if present:
                rules.stages.remove(present[0])
            else:
                rules.stages.insert(rng.randrange(len(rules.stages) + 1),
                                    Stage(name, rng.choice(["open", "not-counted", "closed", "lost"]),
                                          limit=rng.choice([None, rng.randint(3, 40)])))
        elif choice < 0.65:
            stage = rng.choice(rules.stages)
            stage.kind = rng.choice(["open", "open", "not-counted", "won", "lost", "closed"])
            stage.weight = rng.choice([None, 0.0, 0.25, 0.5, 1.0, round(rng.random(), 3)])
        elif choice < 0.72:
            rules.business_days = not rules.business_days
        elif choice < 0.80:
            if rules.holidays and rng.random() < 0.5:
                rules.holidays.pop(rng.randrange(len(rules.holidays)))
            elif len(rules.holidays) < 6:
                rules.holidays.append(START + timedelta(days=rng.randint(-60, 40)))
        elif choice < 0.86:
            rules.unknown_is_continuation = not rules.unknown_is_continuation
        else:                       # an outcome moved between the lists
            if len(rules.advance) > 1 and rng.random() < 0.5:
                rules.continuation.append(rules.advance.pop(rng.randrange(len(rules.advance))))
            elif len(rules.continuation) > 1:
                rules.advance.append(rules.continuation.pop(rng.randrange(len(rules.continuation))))
        return book.write_rules()

    # --- the soak ------------------------------------------------------------

    def test_every_cell_of_three_workbooks_matches_the_engine_round_after_round(self):
        pid = soffice_bin(self.office.process, self.office.pipe)
        rss = {"start": rss_mib(pid)}
        for book in self.books:
            self.compare(book, 0)
        rules_errors = 0
        timings = []
        spent = dict.fromkeys(["edit", "recalculate", "oracle", "compare"], 0.0)
        started = time.monotonic()
        for round_number in range(1, SIZE.rounds + 1):
            round_started = clock = time.monotonic()

            def took(what):
                nonlocal clock
                now = time.monotonic()
                spent[what] += now - clock
                clock = now

            book = self.rng.choice(self.books)
            self.edit_deals(book)
            self.edit_setup(book)
            hard = self.edit_rules(book) if self.rng.random() < 0.4 else False
            took("edit")
            if hard or self.rng.random() < 0.5:
                book.document.calculateAll()
            else:
                book.document.calculate()
            if round_number % SIZE.hard_every == 0:
                for other in self.books:
                    other.document.calculateAll()
            took("recalculate")
            self.run_oracle([book])
            if not book.expected[0]["rules_check"].startswith("OK"):
                rules_errors += 1
            took("oracle")
            for other in self.books:
                self.compare(other, round_number)
            if round_number % SIZE.read_back_every == 0:
                self.read_back(book)
            took("compare")
            timings.append(time.monotonic() - round_started)
            if round_number == WARM_UP:
                rss["warm-up"] = rss_mib(pid)
                texts_at_warm_up = len(self.texts_seen)
            if round_number % WARM_UP == 0:
                recent = timings[-WARM_UP:]
                print(f"soak: round {round_number}: {sum(recent) / len(recent):.3f} s a round lately, "
                      f"soffice.bin RSS {rss_mib(pid):.1f} MiB, mismatches {len(self.mismatches)}", flush=True)
            if len(self.mismatches) > 200:
                break
        rss["end"] = rss_mib(pid)
        seconds = time.monotonic() - started
        growth = (rss["end"] - rss["warm-up"]) / rss["warm-up"]
        print(f"soak: {round_number} rounds over {SIZE.deals:,} deals in {seconds:.0f} s, "
              f"{seconds / round_number:.3f} s a round; rounds with broken rules {rules_errors}", flush=True)
        print(f"soak: compared {self.compared}", flush=True)
        print("soak: aggregates that were numbers: " + ", ".join(
            f"{name} {numbers}/{total}" for name, (numbers, total) in self.numeric.items() if name != "rules_check"),
            flush=True)
        print("soak: seconds spent " + ", ".join(f"{what} {seconds:.1f}" for what, seconds in spent.items()),
              flush=True)
        print(f"soak: soffice.bin (pid {pid}) RSS at start {rss['start']:.1f} MiB, after warm-up (round {WARM_UP}) "
              f"{rss['warm-up']:.1f} MiB, at the end {rss['end']:.1f} MiB: growth {growth * 100:+.2f}%", flush=True)
        print(f"soak: distinct texts answered: {texts_at_warm_up:,} after warm-up, {len(self.texts_seen):,} at the end "
              f"({sum(len(t) for t in self.texts_seen) * 2 / 2**20:.1f} MiB as UTF-16)", flush=True)
        print(f"soak: mismatches {len(self.mismatches)} (seed {self.seed})", flush=True)
        self.assertEqual(self.mismatches[:20], [], f"seed {self.seed}")
        # Both kinds of answer were compared, or the soak proved little.
        self.assertGreater(self.compared["numbers"], 0)
        self.assertGreater(self.compared["errors"], 0)
        self.assertLess(growth, MAX_RSS_GROWTH, f"soffice.bin grew {growth * 100:.1f}% after the warm-up")


if __name__ == "__main__":
    unittest.main()
