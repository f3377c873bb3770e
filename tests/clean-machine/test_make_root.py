"""When make_root.sh keeps a root and when it makes it anew: only a root whose
stamp names the current recipe, that is younger than the age limit and that has
its programs is kept; any other is stale, removed and made again."""

import hashlib
import os
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_ROOT = HERE / "make_root.sh"
USER_PROGRAMS = ("usr/lib/libreoffice/program/soffice.bin", "usr/bin/python3")


def recipe(name):
    return f"{name} {hashlib.sha256(MAKE_ROOT.read_bytes()).hexdigest()[:16]}"


class RootStatus(unittest.TestCase):
    def setUp(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="truepipe-roots-"))
        self.root = self.scratch / "bookworm"
        # debootstrap stands in here: it notes that it was asked, and fails.
        self.bin = self.scratch / "bin"
        self.bin.mkdir()
        self.asked = self.scratch / "debootstrap-asked"
        fake = self.bin / "debootstrap"
        fake.write_text(f"#!/bin/sh\necho \"$@\" > {self.asked}\nexit 1\n")
        fake.chmod(0o755)

    def tearDown(self):
        subprocess.run(["rm", "-rf", str(self.scratch)], check=True)

    def make(self, stamp=None, programs=USER_PROGRAMS, age_days=0):
        for program in programs:
            path = self.root / program
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("#!/bin/sh\n")
            path.chmod(0o755)
        if stamp is not None:
            (self.root / ".truepipe-root").write_text(stamp + "\n")
            then = time.time() - age_days * 86400
            os.utime(self.root / ".truepipe-root", (then, then))

    def run_make_root(self, *arguments, max_age=None):
        environment = dict(os.environ, PATH=f"{self.bin}:{os.environ['PATH']}")
        environment.pop("TRUEPIPE_ROOT_MAX_AGE_DAYS", None)
        if max_age is not None:
            environment["TRUEPIPE_ROOT_MAX_AGE_DAYS"] = str(max_age)
        return subprocess.run(["bash", str(MAKE_ROOT), *arguments, "bookworm", str(self.root)],
                              capture_output=True, text=True, env=environment)

    def status(self, max_age=None):
        run = self.run_make_root("--status", max_age=max_age)
        return run.returncode, run.stdout.strip()

    def test_a_missing_root_is_stale(self):
        self.assertEqual(self.status(), (1, "bookworm: stale: it has no stamp (never made, or its making was "
                                            "interrupted)"))

    def test_a_root_of_another_recipe_is_stale(self):
        self.make(stamp="bookworm 1")
        code, said = self.status()
        self.assertEqual(code, 1)
        self.assertEqual(said, f"bookworm: stale: it was made by another recipe (bookworm 1, now {recipe('bookworm')})")

    def test_a_root_without_its_program_is_stale(self):
        self.make(stamp=recipe("bookworm"), programs=("usr/bin/python3",))
        self.assertEqual(self.status(),
                         (1, "bookworm: stale: /usr/lib/libreoffice/program/soffice.bin is missing"))

    def test_a_complete_recent_root_is_current(self):
        self.make(stamp=recipe("bookworm"), age_days=13)
        self.assertEqual(self.status(), (0, "bookworm: current"))

    def test_a_root_past_the_age_limit_is_stale(self):
        self.make(stamp=recipe("bookworm"), age_days=15)
        self.assertEqual(self.status(), (1, "bookworm: stale: it is older than 14 days"))
        self.assertEqual(self.status(max_age=30), (0, "bookworm: current"))

    def test_a_stale_root_is_removed_and_made_anew(self):
        self.make(stamp=recipe("bookworm"), age_days=15)
        run = self.run_make_root()
        self.assertIn("the bookworm root is stale: it is older than 14 days", run.stdout)
        self.assertTrue(self.asked.exists(), "debootstrap was not asked to make the root anew")
        self.assertIn(f"bookworm {self.root}", self.asked.read_text())
        self.assertFalse((self.root / "usr/bin/python3").exists(), "the stale root was not removed first")
        self.assertNotEqual(run.returncode, 0)

    def test_a_current_root_is_kept(self):
        self.make(stamp=recipe("bookworm"))
        run = self.run_make_root()
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertFalse(self.asked.exists(), "a current root was made anew")
        self.assertTrue((self.root / "usr/bin/python3").exists())


if __name__ == "__main__":
    unittest.main()
