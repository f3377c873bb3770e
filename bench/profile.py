"""Where the time of one benchmark formula goes: samples the soffice process
with `perf record` while Calc recalculates it, and prints `perf report`.

    /usr/bin/python3 bench/profile.py --oxt build-bench/truepipe-bench.oxt --data DIR
        --n 100000 --case coverage|advance|coverage_include|advance_include|win_rate_count|win_rate_amount
                          |stall_business|stall_calendar --kind ours|floor|native
        [--repeat 3] [--report perf.txt]

Needs Debian's linux-perf. perf samples time (cpu-clock) where the hardware
counters are not available, which is enough to rank the functions.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (also puts scripts/ on the path for office)
from office import Office, private_profile  # noqa: E402

# --case: the one-formula cases of run.py by a short name, then the per-row ones.
SINGLE = {"coverage": "real_coverage", "advance": "advance_rate", "coverage_include": "real_coverage_include",
          "advance_include": "advance_rate_include", "win_rate_count": "win_rate_count",
          "win_rate_amount": "win_rate_amount"}
ROWS = {"stall_business": run.STALL_BUSINESS, "stall_calendar": run.STALL_CALENDAR}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--case", required=True, choices=[*SINGLE, *ROWS])
    parser.add_argument("--kind", default="ours", choices=["ours", "floor", "native"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", type=Path)
    options = parser.parse_args()
    facts = json.loads((options.data / "facts.json").read_text())

    profile = private_profile("truepipe-profile-")
    with Office(profile) as office:
        office.install(options.oxt)
        book = run.Workbook(office, options.data, options.n, facts)
        try:
            if options.case in SINGLE:
                _, formulas = run.single_cases(options.n, facts)[SINGLE[options.case]]
                book.set_single(formulas[options.kind])
            else:
                book.set_rows(ROWS[options.case][options.kind])
            book.recalculate()  # the first computation parses the rules
            pid = run.soffice_pid(profile)
            if pid is None:
                raise SystemExit("no soffice.bin found")
            with tempfile.TemporaryDirectory() as scratch:
                data = Path(scratch) / "perf.data"
                recorder = subprocess.Popen(["perf", "record", "-F", "2000", "-g", "-o", str(data),
                                             "-p", str(pid)],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                seconds = [book.recalculate() for _ in range(options.repeat)]
                recorder.send_signal(2)
                recorder.wait()
                def perf_report(sort, limit):
                    return subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--percent-limit",
                                           limit, "--stdio", "-g", "none", "--sort", sort],
                                          capture_output=True, text=True).stdout

                report = perf_report("dso", "0.1") + perf_report("dso,symbol", "0.5")
        finally:
            book.close()
    text = f"{options.case} {options.kind} N={options.n}: recalculations {seconds}\n{report}"
    if options.report:
        options.report.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
