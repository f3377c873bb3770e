"""Shared set-up for the integration tests: one private profile with truepipe
installed, reused by every test in a module."""

import os
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import office  # noqa: E402

OXT = Path(os.environ.get("TRUEPIPE_OXT", ROOT / "build" / "truepipe.oxt"))


class OfficeTestCase(unittest.TestCase):
    """Starts one office for the class, with truepipe installed in a fresh profile."""

    @classmethod
    def office_environment(cls, scratch: Path):
        """Extra environment variables for soffice; the default sets none."""
        return None

    @classmethod
    def setUpClass(cls):
        if not OXT.exists():
            raise RuntimeError(f"{OXT} is missing: build it first (scripts/build.sh)")
        cls.scratch = Path(tempfile.mkdtemp(prefix="truepipe-test-"))
        cls.office = office.Office(cls.scratch / "profile", cls.office_environment(cls.scratch)).start()
        cls.office.install(OXT)

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def value(self, sheet, address):
        return office.cell_value(sheet, address)

    def reload(self, document, name):
        """Saves as .ods, closes, opens the file again and recalculates everything."""
        path = self.scratch / name
        office.save(document, path)
        document.close(True)
        reopened = self.office.open(path)
        reopened.calculateAll()
        return reopened
