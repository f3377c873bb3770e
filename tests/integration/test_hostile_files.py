"""Files a workbook from a stranger may name as its rules, in real Calc: a FIFO, a
device, a 2 GiB sparse file, a folder, a link to a file not named *.rules and a
path through "..", each as the rules argument of a formula and as the user's
default rules file. Each is refused with its own message and never read: a FIFO
is never opened for reading, so no writer finds a reader afterwards, and Calc
answers instead of waiting for a writer or reading /dev/zero. How long each
recalculation took is printed ("hostile: ... answered in ... s"), never asserted."""

import errno
import os
import sys
import threading
import time
import unittest

from harness import OfficeTestCase

TWO_GIB = 2 * 1024 ** 3
DEALS = [  # amount, stage, advance date, close date
    (40000, "Proposal", "DATE(2026;11;25)", "DATE(2026;12;20)"),
    (25000, "Negotiation", "DATE(2026;11;25)", "DATE(2026;12;20)"),
]
GOOD_RULES = 'stage "Proposal" stall-limit 14 days weight 0.5\nstage "Negotiation" stall-limit 10 days\n'
GOOD_COVERAGE = (40000 * 0.5 + 25000) / 100000
# A watchdog lets Calc go after this long if it waits on a FIFO; the test then fails.
PATIENCE = 60


def no_reader(fifo):
    """Whether nobody has `fifo` open for reading: a writer that will not wait gets ENXIO."""
    try:
        writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        return error.errno == errno.ENXIO
    os.close(writer)
    return False


def coverage(rules):
    """REAL_COVERAGE over the deals, with `rules` as its last argument (none: omitted)."""
    arguments = "A2:A3;B2:B3;C2:C3;D2:D3;100000;DATE(2026;11;30)"
    return f"=REAL_COVERAGE({arguments})" if rules is None else f'=REAL_COVERAGE({arguments};"{rules}")'


def rules_check(rules):
    return "=RULES_CHECK()" if rules is None else f'=RULES_CHECK("{rules}")'


class HostileFiles(OfficeTestCase):
    """What every class below shares: a sheet of two deals and a timed recalculation."""

    def setUp(self):
        self.document = self.office.new_spreadsheet()
        self.sheet = self.document.Sheets.getByIndex(0)
        for row, (amount, stage, advance, close) in enumerate(DEALS, start=2):
            self.sheet.getCellRangeByName(f"A{row}").setValue(amount)
            self.sheet.getCellRangeByName(f"B{row}").setString(stage)
            self.sheet.getCellRangeByName(f"C{row}").setFormula(f"={advance}")
            self.sheet.getCellRangeByName(f"D{row}").setFormula(f"={close}")

    def tearDown(self):
        self.document.close(True)

    def answers(self, case, rules, fifo=None):
        """RULES_CHECK and REAL_COVERAGE with `rules` (None: omitted), set and
        recalculated; prints how long that took. Should Calc wait on `fifo`, a
        watchdog opens it for writing after PATIENCE seconds so the test ends, and fails."""
        done = threading.Event()
        released = []

        def release():
            while not done.wait(0.1):
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                    released.append(True)
                except OSError:
                    pass

        watchdog = threading.Timer(PATIENCE, release) if fifo is not None else None
        if watchdog:
            watchdog.start()
        start = time.monotonic()
        try:
            self.sheet.getCellRangeByName("F1").setFormula(rules_check(rules))
            self.sheet.getCellRangeByName("F2").setFormula(coverage(rules))
            self.document.calculateAll()
        finally:
            elapsed = time.monotonic() - start
            done.set()
            if watchdog:
                watchdog.cancel()
                watchdog.join()
        print(f"hostile: {case} answered in {elapsed:.3f} s", file=sys.stderr)
        self.assertFalse(released, f"{case}: Calc waited on the FIFO until a writer came")
        return self.value(self.sheet, "F1"), self.value(self.sheet, "F2")

    def assert_refused(self, case, rules, message, fifo=None):
        check, real_coverage = self.answers(case, rules, fifo)
        self.assertEqual(check, message)
        self.assertEqual(real_coverage, f"#truepipe: {message}")


class HostileRulesArgument(HostileFiles):
    """The file named by a formula's rules argument."""

    def test_a_plain_rules_file_is_read(self):
        path = self.scratch / "team.rules"
        path.write_text(GOOD_RULES)
        check, real_coverage = self.answers("a plain *.rules file", path)
        self.assertTrue(check.startswith("OK: 2 stages"), check)
        self.assertAlmostEqual(real_coverage, GOOD_COVERAGE)

    def test_a_fifo_is_refused_and_never_opened(self):
        fifo = self.scratch / "x.rules"
        os.mkfifo(fifo)
        self.assert_refused("fifo", fifo, f"rules file {fifo} is not a regular file", fifo)
        self.assertTrue(no_reader(fifo))

    def test_dev_zero_is_refused_by_its_name_and_through_a_rules_link(self):
        self.assert_refused("/dev/zero", "/dev/zero",
                            "rules file /dev/zero is not named *.rules; only *.rules files are read")
        link = self.scratch / "zero.rules"
        link.symlink_to("/dev/zero")
        self.assert_refused("link to /dev/zero", link, f"rules file {link} is not a regular file")

    def test_a_file_not_named_rules_is_refused_unread(self):
        self.assert_refused("/etc/passwd", "/etc/passwd",
                            "rules file /etc/passwd is not named *.rules; only *.rules files are read")
        # Rules that would load, in a file with another name: refused all the same.
        notes = self.scratch / "notes.txt"
        notes.write_text(GOOD_RULES)
        self.assert_refused("rules in a .txt file", notes,
                            f"rules file {notes} is not named *.rules; only *.rules files are read")

    def test_a_2_gib_sparse_file_is_refused_on_its_size(self):
        sparse = self.scratch / "huge.rules"
        with open(sparse, "wb") as file:
            file.truncate(TWO_GIB)
        self.assert_refused("2 GiB sparse file", sparse,
                            f"rules file {sparse} is 2147483648 bytes; at most 1048576 bytes (1 MiB) are read")

    def test_a_folder_is_refused(self):
        folder = self.scratch / "d.rules"
        folder.mkdir()
        self.assert_refused("folder", folder, f"rules file {folder} is a folder, not a file")

    def test_a_link_to_a_file_not_named_rules_is_refused(self):
        secret = self.scratch / "secret.txt"
        secret.write_text(GOOD_RULES)
        link = self.scratch / "disguised.rules"
        link.symlink_to(secret)
        self.assert_refused("link to a .txt file", link,
                            f"rules file {link} leads to {secret}; only *.rules files are read")

    def test_a_path_through_dot_dot_is_refused(self):
        (self.scratch / "a").mkdir()
        (self.scratch / "b.rules").write_text(GOOD_RULES)
        up = f"{self.scratch}/a/../b.rules"
        self.assert_refused("path through ..", up, f'rules file path must not contain "..": {up}')


class HostileDefaultRules(HostileFiles):
    """The user's default rules file, $XDG_CONFIG_HOME/truepipe/default.rules, made
    hostile: what every formula that omits its rules reads."""

    @classmethod
    def office_environment(cls, scratch):
        (scratch / "config" / "truepipe").mkdir(parents=True)
        return {"XDG_CONFIG_HOME": str(scratch / "config")}

    def setUp(self):
        super().setUp()
        self.default = self.scratch / "config" / "truepipe" / "default.rules"

    def tearDown(self):
        if self.default.is_dir() and not self.default.is_symlink():
            self.default.rmdir()
        elif os.path.lexists(self.default):
            self.default.unlink()
        super().tearDown()

    def test_no_default_file_gives_the_built_in_rules(self):
        check, _ = self.answers("no default file", None)
        self.assertTrue(check.startswith("OK: 7 stages"), check)

    def test_a_plain_default_file_is_read(self):
        self.default.write_text(GOOD_RULES)
        check, real_coverage = self.answers("a plain default file", None)
        self.assertTrue(check.startswith("OK: 2 stages"), check)
        self.assertAlmostEqual(real_coverage, GOOD_COVERAGE)

    def test_a_fifo_is_refused_and_never_opened(self):
        os.mkfifo(self.default)
        self.assert_refused("default fifo", None, f"rules file {self.default} is not a regular file",
                            self.default)
        self.assertTrue(no_reader(self.default))

    def test_a_link_to_dev_zero_is_refused(self):
        self.default.symlink_to("/dev/zero")
        self.assert_refused("default link to /dev/zero", None, f"rules file {self.default} is not a regular file")

    def test_a_2_gib_sparse_file_is_refused_on_its_size(self):
        with open(self.default, "wb") as file:
            file.truncate(TWO_GIB)
        self.assert_refused("default 2 GiB sparse file", None,
                            f"rules file {self.default} is 2147483648 bytes; at most 1048576 bytes (1 MiB) are read")

    def test_a_folder_is_refused(self):
        self.default.mkdir()
        self.assert_refused("default folder", None, f"rules file {self.default} is a folder, not a file")

    def test_a_link_to_a_file_not_named_rules_is_refused(self):
        secret = self.scratch / "secret.txt"
        secret.write_text(GOOD_RULES)
        self.default.symlink_to(secret)
        self.assert_refused("default link to a .txt file", None,
                            f"rules file {self.default} leads to {secret}; only *.rules files are read")


class DefaultRulesThroughDotDot(HostileFiles):
    """XDG_CONFIG_HOME with a ".." in it: the default file is refused, not read."""

    @classmethod
    def office_environment(cls, scratch):
        (scratch / "config" / "truepipe").mkdir(parents=True)
        (scratch / "other").mkdir()
        return {"XDG_CONFIG_HOME": f"{scratch}/other/../config"}

    def test_the_default_file_is_refused(self):
        # Written once the office runs: installing checks that RULES_CHECK() answers OK.
        (self.scratch / "config" / "truepipe" / "default.rules").write_text(GOOD_RULES)
        path = f"{self.scratch}/other/../config/truepipe/default.rules"
        self.assert_refused("default through ..", None, f'rules file path must not contain "..": {path}')


if __name__ == "__main__":
    unittest.main()
