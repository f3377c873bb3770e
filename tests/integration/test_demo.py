"""The README's main job: the demo recalculates the example workbook, prints the
headline figures and writes the dashboard PDF."""

import subprocess
import tempfile
import unittest
from pathlib import Path

from harness import OXT, ROOT


class Demo(unittest.TestCase):
    def test_demo_prints_the_headline_figures_and_writes_the_pdf(self):
        with tempfile.TemporaryDirectory() as scratch:
            pdf = Path(scratch) / "dashboard.pdf"
            run = subprocess.run(
                ["/usr/bin/python3", str(ROOT / "scripts" / "demo.py"), "--oxt", str(OXT),
                 "--workbook", str(ROOT / "examples" / "pipeline-template.ods"), "--pdf", str(pdf)],
                capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr)
            for heading in ("Nominal coverage", "Real coverage", "Stalled deals", "Advance rate per rep"):
                self.assertIn(heading, run.stdout)
            self.assertRegex(run.stdout, r"Real coverage +\d+\.\d\dx")
            self.assertNotIn("#truepipe", run.stdout)
            self.assertEqual(pdf.read_bytes()[:5], b"%PDF-")


if __name__ == "__main__":
    unittest.main()
