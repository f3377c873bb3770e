"""What a manager does on a machine that has only LibreOffice, run inside a
clean root as a normal user: the README's commands, run as written, then the
example workbooks opened, recalculated and compared with the build machine.

    python3 user_session.py --readme README.md --package ~/Downloads/<release>.oxt
        --older ~/Downloads/<older>.oxt --reference reference.json --documents ~/Documents
        [--scenario full|first-install-trap]

Prints one line per step; exits non-zero at the first difference.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from workbook_cells import WORKBOOKS, calls_in, workbook_cells  # noqa: E402
import office  # noqa: E402

NAME_ERROR = "Err:525"   # Calc's #NAME?
PROFILE = Path.home() / ".config" / "libreoffice" / "4"


def step(text):
    print(f"  {text}", flush=True)


def fail(text):
    print(f"FAILED: {text}", flush=True)
    sys.exit(1)


def readme_commands(readme: Path, block: str):
    """The shell commands of the README's fenced block after <!-- clean-machine: BLOCK -->."""
    text = readme.read_text(encoding="utf-8")
    match = re.search(r"<!-- clean-machine: " + re.escape(block) + r" -->\s*```sh\n(.*?)```", text, re.S)
    if not match:
        fail(f"the README has no '{block}' command block")
    commands = []
    for line in match.group(1).splitlines():
        command = re.sub(r"\s+#.*$", "", line).strip()
        if command and not command.startswith("#"):
            commands.append(command.split())
    return commands


def run_readme_block(readme: Path, block: str, package: Path = None, only=None):
    """Runs the README's block as a user types it; `only` keeps the commands of
    that program alone (the trap test leaves out the first start)."""
    for words in readme_commands(readme, block):
        if only is not None and words[0] != only:
            continue
        words = [os.path.expanduser(word) for word in words]
        if package is not None:
            # The README names the release file in ~/Downloads; the older
            # package of the update test is a file of another name.
            words = [str(package) if word.endswith(".oxt") else word for word in words]
        started = time.monotonic()
        # unopkg asks to accept the license on the terminal: the user types "yes".
        result = subprocess.run(words, input="yes\n", capture_output=True, text=True, timeout=300)
        step(f"$ {' '.join(words)}  -> exit {result.returncode} in {time.monotonic() - started:.1f} s")
        if result.returncode != 0:
            fail(f"{' '.join(words)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    wait_for_profile_unlocked()


def office_running():
    for status in Path("/proc").glob("[0-9]*/comm"):
        try:
            if status.read_text().strip() == "soffice.bin":
                return True
        except OSError:
            pass  # the process ended meanwhile
    return False


def wait_for_profile_unlocked(timeout=20.0):
    """LibreOffice removes the profile's .lock when it ends. Were one left behind
    by an office that has ended, unopkg would refuse to run and tell the user to
    delete it: the test does the same, and says so."""
    deadline = time.monotonic() + timeout
    lock = PROFILE / ".lock"
    while lock.exists():
        if not office_running():
            time.sleep(1.0)
            if lock.exists() and not office_running():
                step(f"{lock} was left behind by an office that has ended: deleted, as unopkg asks")
                lock.unlink(missing_ok=True)
            continue
        if time.monotonic() > deadline:
            fail(f"LibreOffice is still running {timeout:.0f} s after it was told to end")
        time.sleep(0.2)


def registered():
    result = subprocess.run(["unopkg", "list"], capture_output=True, text=True, timeout=120)
    wait_for_profile_unlocked()
    return result.stdout


def installed_version(listing):
    match = re.search(r"Identifier: org\.truepipe\.calc\s+Version: (\S+)", listing)
    return match.group(1) if match else None


def open_cells(path: Path, save_as: Path = None):
    """Starts the user's LibreOffice, opens and recalculates `path`, and returns
    whether the functions are known and the workbook's truepipe cells."""
    with office.Office(None) as calc:
        known = calc.functions_work()
        cells = workbook_cells(calc, path, save_as)
    wait_for_profile_unlocked()
    return known, cells


def same_as_reference(reference, cells, where):
    if set(cells) != set(reference):
        fail(f"{where}: truepipe cells differ: missing {sorted(set(reference) - set(cells))[:5]}, "
             f"extra {sorted(set(cells) - set(reference))[:5]}")
    different = [name for name in reference if cells[name]["value"] != reference[name]["value"]]
    if different:
        name = different[0]
        fail(f"{where}: {len(different)} cells differ from the build machine, first {name}: "
             f"{cells[name]['value']!r} instead of {reference[name]['value']!r}")
    step(f"{where}: all {len(cells)} truepipe cells equal the build machine's")


def kept_as_name_errors(reference, cells, where):
    """Without the extension: every formula kept (same calls), every cell #NAME?
    but those whose IF did not take the branch with the call."""
    if set(cells) != set(reference):
        fail(f"{where}: formulas lost: {sorted(set(reference) - set(cells))[:5]}")
    untouched = 0
    for name, cell in cells.items():
        expected = reference[name]
        if calls_in(cell["formula"]) != calls_in(expected["formula"]):
            fail(f"{where}: {name} now reads {cell['formula']!r}, was {expected['formula']!r}")
        if cell["value"] == NAME_ERROR:
            continue
        branch_not_taken = not re.match(r"\{?=\s*ORG\.TRUEPIPE", expected["formula"], re.I) \
            and cell["value"] == expected["value"] == ""
        if not branch_not_taken:
            fail(f"{where}: {name} shows {cell['value']!r} without truepipe instead of #NAME?")
        untouched += 1
    step(f"{where}: all {len(cells)} formulas kept, each #NAME?"
         + (f" (but {untouched} whose IF skips the call)" if untouched else ""))


def check_workbooks(reference, documents: Path, where, names=WORKBOOKS):
    for name in names:
        known, cells = open_cells(documents / name)
        if not known:
            fail(f"{where}: LibreOffice does not know the truepipe functions")
        same_as_reference(reference[name], cells, f"{where}, {name}")


def full_session(args, reference):
    print(f"clean-machine: {args.label}: install, remove, reinstall and update as {os.environ['USER']}")
    run_readme_block(args.readme, "install")
    listing = registered()
    step(f"unopkg list: version {installed_version(listing)}, "
         f"{'registered' if 'is registered: yes' in listing else 'NOT registered'}")
    check_workbooks(reference, args.documents, "installed")

    run_readme_block(args.readme, "remove")
    if installed_version(registered()) is not None:
        fail("unopkg list still shows truepipe after the README's remove command")
    kept = {}
    for name in WORKBOOKS:
        saved = args.documents / f"saved-without-truepipe-{name}"
        known, cells = open_cells(args.documents / name, save_as=saved)
        if known:
            fail("removed, yet LibreOffice still knows the truepipe functions")
        kept_as_name_errors(reference[name], cells, f"removed, {name}")
        kept[name] = saved

    run_readme_block(args.readme, "install")
    for name, saved in kept.items():
        known, cells = open_cells(saved)
        same_as_reference(reference[name], cells, f"installed again, {saved.name} (saved while removed)")

    run_readme_block(args.readme, "remove")
    run_readme_block(args.readme, "install", package=args.older)
    older = installed_version(registered())
    check_workbooks(reference, args.documents, f"older version {older}", names=WORKBOOKS[:1])
    run_readme_block(args.readme, "install")
    listing = registered()
    newer = installed_version(listing)
    if newer == older or "is registered: no" in listing:
        fail(f"the update from {older} left version {newer}:\n{listing}")
    check_workbooks(reference, args.documents, f"updated in place from {older} to {newer}")

    # Tools > Extension Manager > Add...: the dialog hands the file to the
    # extension manager of the running office, for the user; then a restart.
    run_readme_block(args.readme, "remove")
    with office.Office(None) as calc:
        calc.add_extension(args.package)
    wait_for_profile_unlocked()
    check_workbooks(reference, args.documents, "added through the Extension Manager, restarted")


def trap_session(args, reference):
    print(f"clean-machine: {args.label}: unopkg add on an account that has never started LibreOffice")
    if PROFILE.exists():
        fail(f"{PROFILE} exists: this account is not new")
    step("the README's install commands without its first start:")
    run_readme_block(args.readme, "install", only="unopkg")
    known, _ = open_cells(args.documents / WORKBOOKS[0])
    listing = registered()
    step(f"then: functions {'known' if known else 'unknown (#NAME?)'}; unopkg list says "
         f"{'is registered: no' if 'is registered: no' in listing else 'is registered: yes'}")
    if not known and "is registered: no" not in listing:
        fail("functions unknown, yet unopkg list does not show the symptom the README describes")
    run_readme_block(args.readme, "recover")
    check_workbooks(reference, args.documents, "after the README's recovery commands")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readme", type=Path, required=True)
    parser.add_argument("--package", type=Path, required=True, help="the release package, as downloaded")
    parser.add_argument("--older", type=Path, required=True)
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--documents", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--scenario", choices=["full", "first-install-trap"], default="full")
    args = parser.parse_args()
    reference = json.loads(args.reference.read_text(encoding="utf-8"))
    shutil.which("unopkg") or fail("unopkg is not on PATH")
    if args.scenario == "full":
        full_session(args, reference)
    else:
        trap_session(args, reference)
    print(f"clean-machine: {args.label}: {args.scenario}: passed")


if __name__ == "__main__":
    main()
