"""Where the weekly review's time goes: samples the soffice process with `perf
record` while Calc recalculates the review sheet of bench/review.py (or its
floor), and prints `perf report` by library and by function.

    /usr/bin/python3 bench/review_profile.py --oxt build-bench/truepipe-bench.oxt
        [--n 100000] [--kind review|floor] [--repeat 3] [--report perf.txt] [--keep perf.data]

Each recalculation is a full one after a cell of each table was written again,
as bench/review.py times it: both tables are read, every cell computed.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import review  # noqa: E402  (also puts scripts/ on the path for office)
from office import Office, private_profile  # noqa: E402
from review_oracle import generate  # noqa: E402
from run import soffice_pid  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--kind", default="review", choices=["review", "floor"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--keep", type=Path, help="keep perf.data here, for perf report -g")
    options = parser.parse_args()

    profile = private_profile("truepipe-profile-")
    with Office(profile) as office:
        office.install(options.oxt)
        book = review.ReviewBook(office, generate(options.n))
        try:
            book.set_kind(options.kind)
            book.full()  # the first computation parses the rules
            pid = soffice_pid(profile)
            if pid is None:
                raise SystemExit("no soffice.bin found")
            with tempfile.TemporaryDirectory() as scratch:
                data = options.keep.resolve() if options.keep else Path(scratch) / "perf.data"
                recorder = subprocess.Popen(["perf", "record", "-F", "2000", "-g", "-o", str(data),
                                             "-p", str(pid)],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                seconds = []
                for _ in range(options.repeat):
                    book.touch_tables()
                    seconds.append(book.full())
                recorder.send_signal(2)
                recorder.wait()

                def perf_report(sort, limit):
                    return subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--percent-limit",
                                           limit, "--stdio", "-g", "none", "--sort", sort],
                                          capture_output=True, text=True).stdout

                report = perf_report("dso", "0.1") + perf_report("dso,symbol", "0.4")
        finally:
            book.close()
    text = f"weekly review, {options.kind}, N={options.n}: recalculations {seconds}\n{report}"
    if options.report:
        options.report.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
