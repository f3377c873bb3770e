"""Runs a planted bug and passes only when the sanitizer caught it: the run
ends with the sanitizer's exit status and its report names the bug.

    expect_report.py STATUS REPORT COMMAND...
"""

import subprocess
import sys


def main():
    status, report, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if run.returncode == status and report in run.stderr:
        print(f"caught: {report} (exit status {status})")
        return 0
    print(f"not caught: expected exit status {status} and a report with {report!r}; "
          f"got exit status {run.returncode} and:\n{run.stderr[-4000:]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
