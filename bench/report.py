"""Turns the benchmark's measurements into docs/PERFORMANCE.md's figures and
its chart. Run by scripts/bench.sh.

    python3 bench/report.py --calc calc.json --engine engine.json --lookups lookups.json
        --doc docs/PERFORMANCE.md --chart docs/performance.png

The document's text stays as written; only the part between the markers
<!-- figures:begin --> and <!-- figures:end --> is replaced.
"""

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

BEGIN = "<!-- figures:begin -->"
END = "<!-- figures:end -->"

CASES = [
    ("real_coverage", "REAL_COVERAGE, one formula over N deals", "SUMPRODUCT with VLOOKUPs and NETWORKDAYS"),
    ("advance_rate", "ADVANCE_RATE, one formula over N outcomes", "COUNTIF over the advance and continuation lists"),
    ("real_coverage_include", "REAL_COVERAGE with include (this quarter), one formula over N deals",
     "the same SUMPRODUCT times the include column"),
    ("advance_rate_include", "ADVANCE_RATE with include (this quarter), one formula over N outcomes",
     "COUNTIFS over the lists and the include column"),
    ("win_rate_count", "WIN_RATE by count with include (this quarter), one formula over N deals",
     "COUNTIFS of the won and the lost stage and the include column"),
    ("win_rate_amount", "WIN_RATE by amount with include (this quarter), one formula over N deals",
     "SUMIFS of the won and the lost stage and the include column"),
    ("stall_days_business", "STALL_DAYS, N cells, business days", "NETWORKDAYS per row"),
    ("stall_days_calendar", "STALL_DAYS, N cells, calendar days", "as_of - date per row"),
    ("stall_days_one_cell", "STALL_DAYS, N cells, rules in one cell", "NETWORKDAYS per row"),
]

# What the engine benchmark times, by the key of the Calc case it computes too.
ENGINE_CASES = [
    ("real_coverage", "REAL_COVERAGE"),
    ("real_coverage_include", "REAL_COVERAGE with include"),
    ("win_rate_count", "WIN_RATE by count with include"),
    ("win_rate_amount", "WIN_RATE by amount with include"),
]


def engine_case(run, key):
    """One timed function of an engine run; REAL_COVERAGE's fields are the run's own."""
    return run if key == "real_coverage" else run.get(key)


def seconds(value):
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def count(n):
    return f"{n:,}"


def figures(calc, engine, lookups):
    lines = []
    machine = calc["machine"]
    lines.append(f"Measured on {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
                 f"Linux {machine['kernel']}, {machine['libreoffice']}; median of {calc['repeat']} "
                 "full recalculations (3 for the per-row cases at 1,000,000), the kinds of one case taking "
                 "turns. Absolute times on this shared machine are noisy; the ratios within one row are "
                 "what the targets are about.")
    lines.append("")
    lines.append("| case | N | truepipe | floor | native | truepipe / floor | truepipe / native |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for key, title, _ in CASES:
        for size in calc["sizes"]:
            if key not in size:
                continue
            case = size[key]
            ours, floor, native = (case[kind]["median"] for kind in ("ours", "floor", "native"))
            lines.append(f"| {title} | {count(size['n'])} | {seconds(ours)} | {seconds(floor)} | {seconds(native)} "
                         f"| {ours / floor:.2f}x | {ours / native:.2f}x |")
    lines.append("")
    for size in calc["sizes"]:
        for key in ("stall_days_business", "stall_days_calendar", "stall_days_one_cell"):
            if key in size:
                check = size[key]["check"]
                lines.append(f"- N = {count(size['n'])}, {key.replace('_', ' ')}: the N cells parsed the rules "
                             f"{int(check['rules_parses'])} time(s) (0: an earlier formula had) and found them "
                             "in the cache "
                             f"{count(int(check['rules_hits']))} times for {count(size['n'])} cells; "
                             f"{count(check['numeric_rows'])} rows equal the native formula, "
                             f"{count(check['error_rows'])} are truepipe errors (no advance on or before "
                             "as_of), which the native formula cannot tell.")
    lines.append("")
    peaks = [size for size in calc["sizes"] if size.get("peak_kib")]
    if peaks:
        lines.append("Peak memory of the soffice process (VmHWM; each N in a fresh office that loaded the "
                     "deals and the rules): after the one-formula cases, and at the end of the run, "
                     "which adds N formula cells of each per-row case: " +
                     ", ".join(f"{count(size['n'])} deals {size.get('peak_kib_single', 0) / 1024:.0f} MiB and "
                               f"{size['peak_kib'] / 1024:.0f} MiB" for size in peaks) + ".")
        lines.append("")
    if engine:
        lines.append("The engine alone, no Calc (the same deals, cells as the add-in builds them, one "
                     "thread; include is the same this-quarter column):")
        lines.append("")
        lines.append("| function | N | median | deals per second |")
        lines.append("|---|---:|---:|---:|")
        for key, title in ENGINE_CASES:
            for run in engine:
                case = engine_case(run, key)
                if case:
                    lines.append(f"| {title} | {count(run['deals'])} | {seconds(case['median_seconds'])} | "
                                 f"{case['deals_per_second'] / 1e6:.1f} million |")
        lines.append("")
    if lookups:
        lines.append("Rules lookups, the engine alone: " + "; ".join(
            f"{name} {entry['ns_per_call']:.0f} ns a call" for name, entry in lookups.items()) + ".")
        lines.append("")
    return "\n".join(lines)


def chart(calc, path):
    """Time against N, log-log: one panel per case, truepipe, floor and native."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data.tsv"
        rows = []
        for index, (key, _, _) in enumerate(CASES):
            for size in calc["sizes"]:
                if key in size:
                    case = size[key]
                    rows.append(f"{index}\t{size['n']}\t{case['ours']['median']}\t{case['floor']['median']}\t"
                                f"{case['native']['median']}")
            rows.append("")
            rows.append("")
        data.write_text("\n".join(rows) + "\n")
        plots = []
        for index, (_, title, _) in enumerate(CASES):
            plots.append(f"""
set title "{title}"
plot "{data}" index {index} using 2:3 with linespoints lw 2 pt 7 title "truepipe", \\
     "" index {index} using 2:4 with linespoints lw 2 pt 5 dt 2 title "floor (same arguments, no work)", \\
     "" index {index} using 2:5 with linespoints lw 2 pt 9 title "native formula"
""")
        sizes = [size["n"] for size in calc["sizes"]]
        script = f"""
set xrange [{min(sizes) / 2}:{max(sizes) * 2}]
set terminal pngcairo size 2100,1400 font "DejaVu Sans,11" noenhanced
set output "{path}"
set logscale xy
set xlabel "N (deals, outcomes or cells)"
set ylabel "recalculation, seconds"
set key top left
set grid
set format x "%.0s%c"
set multiplot layout 3,3 title "truepipe in LibreOffice Calc: time against N (log-log)"
{''.join(plots)}
unset multiplot
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def check_engine(calc, engine):
    """The engine alone must compute what Calc shows for the same deals."""
    in_calc = {size["n"]: size for size in calc["sizes"]}
    for run in engine:
        size = in_calc.get(run["deals"])
        for key, title in ENGINE_CASES:
            case = engine_case(run, key)
            if size is None or case is None or key not in size:
                continue
            expected = size[key]["ours"]["value"]
            if not isinstance(case["value"], float) or abs(case["value"] - expected) > 1e-9 * max(1.0, abs(expected)):
                raise SystemExit(f"the engine alone gives {title} {case['value']!r} for {run['deals']} deals, "
                                 f"Calc {expected!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calc", type=Path, required=True)
    parser.add_argument("--engine", type=Path)
    parser.add_argument("--lookups", type=Path)
    parser.add_argument("--doc", type=Path, required=True)
    parser.add_argument("--chart", type=Path, required=True)
    options = parser.parse_args()
    calc = json.loads(options.calc.read_text())
    engine = json.loads(options.engine.read_text()) if options.engine and options.engine.exists() else []
    lookups = json.loads(options.lookups.read_text()) if options.lookups and options.lookups.exists() else {}
    check_engine(calc, engine)
    text = options.doc.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    options.doc.write_text(text[:start] + "\n" + figures(calc, engine, lookups) + "\n" + text[end:])
    chart(calc, options.chart.resolve())


if __name__ == "__main__":
    main()
