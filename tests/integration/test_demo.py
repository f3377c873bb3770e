"""The README's main job: the demo recalculates the example workbook, prints the
headline figures and writes the dashboard PDF."""

import shutil
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
            for heading in ("Nominal coverage", "Real coverage", "Stalled deals", "Advance rate per rep",
                            "Coverage by quarter", "This quarter by rep", "still to open"):
                self.assertIn(heading, run.stdout)
            self.assertRegex(run.stdout, r"Real coverage +\d+\.\d\dx")
            self.assertRegex(run.stdout, r"This quarter to 2026-12-31 +nominal +\d+\.\d\dx +real +\d+\.\d\dx")
            self.assertRegex(run.stdout, r"Next quarter to 2027-03-31 +nominal +\d+\.\d\dx +real +\d+\.\d\dx")
            for rep in ("Maria", "Jonas", "Priya", "Daniel", "Team"):
                # quota, nominal, real, advance rate, win rate, required, real pipeline, still to open
                self.assertRegex(run.stdout, rf"\n  {rep} +[\d,]+ +\d+\.\d\dx +\d+\.\d\dx +\d+\.\d% +\d+\.\d%"
                                             rf" +\d+\.\d\dx +[\d,]+ +[\d,]+\n")
            self.assertNotIn("#truepipe", run.stdout)
            self.assertNotIn("Err:", run.stdout)
            self.assertEqual(pdf.read_bytes()[:5], b"%PDF-")
            # The Dashboard's charts are in the PDF, with their titles (scripts/deps.sh
            # installs pdftotext).
            self.assertIsNotNone(shutil.which("pdftotext"), "pdftotext is missing: run scripts/deps.sh")
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            for title in ("This quarter: nominal against real coverage",
                          "Where the pipeline goes (amount by status)"):
                self.assertIn(title, text)


if __name__ == "__main__":
    unittest.main()
