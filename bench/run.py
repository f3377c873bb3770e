"""Times truepipe in real headless LibreOffice against the floor (a function with
the same parameters that does nothing) and against the native formulas a
manager would write, for several pipeline sizes. Run through scripts/bench.sh.

    /usr/bin/python3 bench/run.py --oxt build-bench/truepipe-bench.oxt --data DIR --out results.json
        [--sizes 10000,100000,1000000] [--repeat 5]

Every measurement is a full recalculation (calculateAll) of a workbook whose
only formulas are the ones measured; the kinds of one case take turns, so a
slow moment of the machine hits them alike. Each N runs in a fresh office, so
the peak memory reported is that N's.

Every truepipe result is checked, against the native
formula's, and for the one-formula cases also against the value bench/expected.py
computes from the deals without Calc; a difference stops the run.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from office import Office, private_profile, props  # noqa: E402
from expected import expected_values  # noqa: E402  (bench/, this script's folder)

import uno  # noqa: E402
from com.sun.star.sheet.FillDirection import TO_BOTTOM  # noqa: E402

CSV_FILTER = "Text - txt - csv (StarCalc)"
RULES = "$Rules.$A$1:$A$40"
AS_OF = "$Rules.$K$1"
TARGET = "$Rules.$K$2"
HOLIDAYS = "$Rules.$I$1:$I$10"
STAGE_TABLE = "$Rules.$D$1:$G$7"
ADVANCES = "$Rules.$M$1:$M$5"
CONTINUATIONS = "$Rules.$N$1:$N$3"
CALENDAR_RULES = "$Rules.$B$1:$B$40"  # the same rules counting calendar days
ONE_CELL_RULES = "$Rules.$C$1"  # the business-day rules as one text in one cell
ROWS = "I"  # the column of the per-row formulas, right of the deals' columns A to G


def column(letter, n):
    return f"$Deals.${letter}$2:${letter}${n + 1}"


def coverage_formulas(n, include=False):
    """REAL_COVERAGE over all N deals, or with `include` over this quarter's
    (the helper column G); the native formula is then the same SUMPRODUCT times
    the helper column."""
    amounts, stages, advances, closes, in_scope = (column(c, n) for c in "ABCDG")
    arguments = f"{amounts};{stages};{advances};{closes};{TARGET};{AS_OF};{RULES}"
    mask = ""
    if include:
        arguments += f";{in_scope}"
        mask = f"*{in_scope}"
    lookup = lambda field: f"VLOOKUP({stages};{STAGE_TABLE};{field};0)"  # noqa: E731
    native = (f"=SUMPRODUCT({amounts};{lookup(4)}*({advances}>0)*({advances}<={AS_OF})"
              f"*(NETWORKDAYS({advances}+1;{AS_OF};{HOLIDAYS})<={lookup(2)})"
              f"*({closes}>={AS_OF})*{lookup(3)}{mask})/{TARGET}")
    return {"ours": f"=REAL_COVERAGE({arguments})", "floor": f"=TRUEPIPE_FLOOR_COVERAGE({arguments})",
            "native": native}


def advance_formulas(n, include=False):
    outcomes, in_scope = column("E", n), column("G", n)
    arguments = f"{outcomes};{RULES}"
    if include:
        arguments += f";{in_scope}"
        advanced = f"SUMPRODUCT(COUNTIFS({outcomes};{ADVANCES};{in_scope};TRUE()))"
        continued = f"SUMPRODUCT(COUNTIFS({outcomes};{CONTINUATIONS};{in_scope};TRUE()))"
    else:
        advanced = f"SUMPRODUCT(COUNTIF({outcomes};{ADVANCES}))"
        continued = f"SUMPRODUCT(COUNTIF({outcomes};{CONTINUATIONS}))"
    return {"ours": f"=ADVANCE_RATE({arguments})", "floor": f"=TRUEPIPE_FLOOR_ADVANCE({arguments})",
            "native": f"={advanced}/({advanced}+{continued})"}


def win_rate_formulas(n, facts, by_amount):
    """WIN_RATE over this quarter's deals (the helper column G), by count or by
    amount; natively COUNTIFS or SUMIFS of the won and the lost stage under the
    same helper column."""
    amounts, stages, in_scope = column("A", n), column("B", n), column("G", n)
    arguments = f"{stages};{amounts if by_amount else ''};{RULES};{in_scope}"
    if by_amount:
        decided = lambda stage: f'SUMIFS({amounts};{stages};"{stage}";{in_scope};TRUE())'  # noqa: E731
    else:
        decided = lambda stage: f'COUNTIFS({stages};"{stage}";{in_scope};TRUE())'  # noqa: E731
    won, lost = decided(facts["won"]), decided(facts["lost"])
    return {"ours": f"=WIN_RATE({arguments})", "floor": f"=TRUEPIPE_FLOOR_WIN_RATE({arguments})",
            "native": f"={won}/({won}+{lost})"}


def single_cases(n, facts):
    """The one-formula cases in the order they are measured: name -> (what the
    log calls it, its formulas)."""
    return {
        "real_coverage": ("REAL_COVERAGE", coverage_formulas(n)),
        "advance_rate": ("ADVANCE_RATE", advance_formulas(n)),
        "real_coverage_include": ("REAL_COVERAGE with include", coverage_formulas(n, include=True)),
        "advance_rate_include": ("ADVANCE_RATE with include", advance_formulas(n, include=True)),
        "win_rate_count": ("WIN_RATE by count", win_rate_formulas(n, facts, by_amount=False)),
        "win_rate_amount": ("WIN_RATE by amount", win_rate_formulas(n, facts, by_amount=True)),
    }


# Per-row formulas, written for row 2 and filled down.
STALL_BUSINESS = {"ours": f"=STALL_DAYS(C2;{AS_OF};{RULES})", "floor": f"=TRUEPIPE_FLOOR_STALL(C2;{AS_OF};{RULES})",
                  "native": f"=MAX(0;NETWORKDAYS(C2+1;{AS_OF};{HOLIDAYS}))"}
STALL_ONE_CELL = {"ours": f"=STALL_DAYS(C2;{AS_OF};{ONE_CELL_RULES})",
                  "floor": f"=TRUEPIPE_FLOOR_STALL(C2;{AS_OF};{ONE_CELL_RULES})",
                  "native": f"=MAX(0;NETWORKDAYS(C2+1;{AS_OF};{HOLIDAYS}))"}
STALL_CALENDAR = {"ours": f"=STALL_DAYS(C2;{AS_OF};{CALENDAR_RULES})",
                  "floor": f"=TRUEPIPE_FLOOR_STALL(C2;{AS_OF};{CALENDAR_RULES})", "native": f"={AS_OF}-C2"}


def soffice_pid(profile):
    """The process id of the soffice.bin running on `profile`, or None."""
    marker = profile.as_uri().encode()
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            command = (process / "cmdline").read_bytes()
        except OSError:
            continue
        if b"soffice.bin" in command.split(b"\0")[0] and marker in command:
            return int(process.name)
    return None


def soffice_peak_kib(profile):
    """Peak resident memory (VmHWM) of the soffice.bin running on `profile`."""
    pid = soffice_pid(profile)
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


class Workbook:
    """The generated pipeline loaded into Calc, with the Rules sheet beside it."""

    def __init__(self, office, data, n, facts):
        self.n = n
        data = data.resolve()
        self.csv = csv = data / f"calc-{n}.csv"
        with open(data / "calc.csv") as source, open(csv, "w") as out:
            for index, line in enumerate(source):
                if index > n:
                    break
                out.write(line)
        (data / f".~lock.{csv.name}#").unlink(missing_ok=True)  # left by an interrupted run
        started = time.perf_counter()
        self.document = office.desktop.loadComponentFromURL(
            csv.as_uri(), "_blank", 0, props(Hidden=True, FilterName=CSV_FILTER, FilterOptions="44,34,76,1"))
        self.load_seconds = time.perf_counter() - started
        if self.document is None:
            raise SystemExit(f"LibreOffice could not load {csv}")
        self.document.enableAutomaticCalculation(False)
        sheets = self.document.Sheets
        self.deals = sheets.getByIndex(0)
        self.deals.setName("Deals")
        sheets.insertNewByName("Rules", 1)
        self.rules = sheets.getByName("Rules")
        self.fill_rules(data, facts, n)

    def fill_rules(self, data, facts, n):
        lines = (data / "bench.rules").read_text().splitlines()
        business = [(line,) for line in lines]
        calendar = [(line.replace("calendar business-days", "calendar calendar-days"),) for line in lines]
        self.rules.getCellRangeByName(f"A1:A{len(lines)}").setDataArray(business)
        self.rules.getCellRangeByName(f"B1:B{len(lines)}").setDataArray(calendar)
        self.rules.getCellRangeByName("C1").setString("\n".join(lines))
        table = [(s["name"], float(s["limit"]), float(s["weight"]), float(s["counted"])) for s in facts["stages"]]
        self.rules.getCellRangeByName(f"D1:G{len(table)}").setDataArray(table)
        self.rules.getCellRangeByName("I1:I10").setDataArray([(float(day),) for day in facts["holidays"]])
        self.rules.getCellRangeByName("K1").setValue(facts["as_of"])
        self.rules.getCellRangeByName("K2").setValue(facts["target_per_deal"] * n)
        self.rules.getCellRangeByName("K3").setValue(facts["quarter_end"])  # what the include column says
        self.rules.getCellRangeByName("M1:M5").setDataArray([(name,) for name in facts["advances"]])
        self.rules.getCellRangeByName("N1:N3").setDataArray([(name,) for name in facts["continuations"]])

    def recalculate(self):
        started = time.perf_counter()
        self.document.calculateAll()
        return time.perf_counter() - started

    def set_single(self, formula):
        self.rules.getCellRangeByName("P1").setFormula(formula)

    def single_value(self):
        cell = self.rules.getCellRangeByName("P1")
        if cell.FormulaResultType2 == uno.getConstantByName("com.sun.star.sheet.FormulaResult.STRING"):
            return cell.getString()
        return cell.getValue()

    def clear_single(self):
        self.rules.getCellRangeByName("P1").setString("")

    def set_rows(self, formula):
        self.deals.getCellRangeByName(f"{ROWS}2").setFormula(formula)
        if self.n > 1:
            self.deals.getCellRangeByName(f"{ROWS}2:{ROWS}{self.n + 1}").fillAuto(TO_BOTTOM, 1)

    def row_values(self):
        return [row[0] for row in self.deals.getCellRangeByName(f"{ROWS}2:{ROWS}{self.n + 1}").getDataArray()]

    def clear_rows(self):
        self.deals.getCellRangeByName(f"{ROWS}2:{ROWS}{self.n + 1}").clearContents(1023)

    def counter(self, name):
        self.rules.getCellRangeByName("Q1").setFormula(f"={name}(NOW())")
        self.document.calculate()  # automatic calculation is off
        value = self.rules.getCellRangeByName("Q1").getValue()
        self.rules.getCellRangeByName("Q1").setString("")
        return value

    def close(self):
        self.document.close(True)


def take_turns(kinds, repeat, apply, measure):
    """Times each kind `repeat` times, in turns; returns {kind: [seconds]}."""
    runs = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind in kinds:
            apply(kind)
            runs[kind].append(measure())
    return runs


def summary(runs):
    return {"median": statistics.median(runs), "min": min(runs), "runs": runs}


def single_case(book, formulas, repeat):
    results = {}
    runs = take_turns(list(formulas), repeat, lambda kind: book.set_single(formulas[kind]), book.recalculate)
    for kind, formula in formulas.items():
        book.set_single(formula)
        book.recalculate()
        results[kind] = dict(summary(runs[kind]), value=book.single_value())
    book.clear_single()
    return results


def row_case(book, formulas, repeat):
    """N cells of one per-row formula per kind. The first computation of ours
    also counts how often the rules were parsed and found in the cache."""
    values = {}
    parses = hits = None
    for kind, formula in formulas.items():  # ours first
        if kind == "ours":
            parses, hits = book.counter("TRUEPIPE_RULES_PARSES"), book.counter("TRUEPIPE_RULES_HITS")
        book.set_rows(formula)
        book.recalculate()
        values[kind] = book.row_values()
        if kind == "ours":
            parses = book.counter("TRUEPIPE_RULES_PARSES") - parses
            hits = book.counter("TRUEPIPE_RULES_HITS") - hits
    runs = take_turns(list(formulas), repeat, lambda kind: book.set_rows(formulas[kind]), book.recalculate)
    book.clear_rows()
    ours, native = values["ours"], values["native"]
    numbers = [i for i, value in enumerate(ours) if isinstance(value, float)]
    results = {kind: summary(runs[kind]) for kind in formulas}
    results["check"] = {"numeric_rows": len(numbers), "error_rows": len(ours) - len(numbers),
                        "mismatches": sum(1 for i in numbers if ours[i] != native[i]),
                        "first_mismatch": next(((i + 2, ours[i], native[i]) for i in numbers if ours[i] != native[i]),
                                               None),
                        "rules_parses": parses, "rules_hits": hits}
    return results


def same(value, reference):
    return (isinstance(value, float) and isinstance(reference, float) and
            abs(value - reference) <= 1e-9 * max(1.0, abs(reference)))


def check_single(name, results, n, expected):
    """truepipe must equal the native formula and the value computed in Python
    from the deals; the floor must have seen all N rows."""
    ours, native, floor = (results[k]["value"] for k in ("ours", "native", "floor"))
    if not same(ours, native):
        raise SystemExit(f"{name} at {n}: ours {ours!r} != native {native!r}")
    if not same(ours, expected):
        raise SystemExit(f"{name} at {n}: ours {ours!r} != {expected!r} computed from the deals")
    if floor != n:
        raise SystemExit(f"{name} floor at {n}: {floor!r} != {n}")


def run_size(oxt, data, facts, n, repeat, log):
    profile = private_profile("truepipe-bench-")
    with Office(profile) as office:
        office.install(oxt)
        book = Workbook(office, data, n, facts)
        try:
            return measure_size(book, facts, profile, n, repeat, log)
        finally:
            book.close()


def measure_size(book, facts, profile, n, repeat, log):
    log(f"N={n}: loaded in {book.load_seconds:.1f}s")
    result = {"n": n, "load_seconds": book.load_seconds}
    expected = expected_values(book.csv, facts)
    for name, (title, formulas) in single_cases(n, facts).items():
        result[name] = single_case(book, formulas, repeat)
        check_single(title, result[name], n, expected[name])
        log(f"  {title} {brief(result[name])} value {result[name]['ours']['value']:.6f}")
    result["peak_kib_single"] = soffice_peak_kib(profile)
    rows_repeat = max(3, repeat // 2) if n >= 1_000_000 else repeat
    for name, formulas in (("stall_days_business", STALL_BUSINESS), ("stall_days_calendar", STALL_CALENDAR),
                        ("stall_days_one_cell", STALL_ONE_CELL)):
        result[name] = row_case(book, formulas, rows_repeat)
        check = result[name]["check"]
        if check["mismatches"]:
            log(f"  {name}: {check}")
            raise SystemExit(f"{name} at {n}: {check['mismatches']} rows differ from the native formula")
        log(f"  {name} {brief(result[name])} {check}")
    result["peak_kib"] = soffice_peak_kib(profile)
    log(f"  soffice peak memory {result['peak_kib']} KiB")
    return result


def brief(results):
    return " ".join(f"{kind} {results[kind]['median']:.4f}s" for kind in ("ours", "floor", "native"))


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    office = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") *
            os.sysconf("SC_PHYS_PAGES") / 2**30), "kernel": platform.release(), "libreoffice": office}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    facts = json.loads((options.data / "facts.json").read_text())
    sizes = [int(size) for size in options.sizes.split(",")]

    def log(text):
        print(text, flush=True)

    report = {"machine": machine(), "repeat": options.repeat, "sizes": []}
    for n in sizes:
        report["sizes"].append(run_size(options.oxt, options.data, facts, n, options.repeat, log))
        options.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
