"""Every rules source of the reference (README, Rules), read by the installed extension in real Calc:
the user's default file, a *.rules file, inline text, a range of cells."""

import os
import time
import unittest

from harness import OfficeTestCase

DEFAULT_RULES = 'stage "Alpha" stall-limit 7 days\nstage "Closed" closed\n'


class RulesSources(OfficeTestCase):
    @classmethod
    def office_environment(cls, scratch):
        (scratch / "config" / "truepipe").mkdir(parents=True)
        (scratch / "config" / "truepipe" / "default.rules").write_text(DEFAULT_RULES)
        return {"XDG_CONFIG_HOME": str(scratch / "config")}

    def setUp(self):
        self.document = self.office.new_spreadsheet()
        self.sheet = self.document.Sheets.getByIndex(0)

    def tearDown(self):
        self.document.close(True)

    def formula(self, address, text):
        self.sheet.getCellRangeByName(address).setFormula(text)

    def recalculated(self, address):
        self.document.calculateAll()
        return self.value(self.sheet, address)

    def test_omitted_rules_read_the_users_default_file(self):
        self.formula("A1", '=STALL_LIMIT("alpha")')
        self.assertEqual(self.recalculated("A1"), 7)
        self.formula("A2", '=STALL_LIMIT("Proposal")')
        self.assertEqual(self.recalculated("A2"),
                         '#truepipe: unknown stage "Proposal" (known: Alpha, Closed)')

    def test_rules_file_by_path_follows_edits(self):
        path = self.scratch / "team.rules"
        path.write_text('stage "Beta" stall-limit 12 days\n')
        self.formula("A1", f'=STALL_LIMIT("Beta";"{path}")')
        self.assertEqual(self.recalculated("A1"), 12)
        time.sleep(0.01)
        path.write_text('stage "Beta" stall-limit 15 days\n')
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        self.assertEqual(self.recalculated("A1"), 15)

    def test_inline_rules_and_a_range(self):
        self.formula("A1", '=STALL_LIMIT("Gamma";"stage ""Gamma"" stall-limit 3 days")')
        self.assertEqual(self.recalculated("A1"), 3)
        self.sheet.getCellRangeByName("C1").setString("# team rules")
        self.sheet.getCellRangeByName("C3").setString('stage "Delta" stall-limit 4 days')
        self.formula("A2", '=STALL_LIMIT("Delta";C1:C10)')
        self.assertEqual(self.recalculated("A2"), 4)
        self.sheet.getCellRangeByName("C4").setString("stall-limt 9 days")
        self.formula("A3", "=RULES_CHECK(C1:C10)")
        self.assertEqual(self.recalculated("A3"),
                         'line 4, column 1 (Sheet1!C4): unknown keyword "stall-limt", '
                         'did you mean "stall-limit"?\n'
                         'stall-limt 9 days\n'
                         '^')

    def test_a_rules_error_names_its_cell_wherever_the_range_moves(self):
        self.sheet.getCellRangeByName("C1").setString('stage "Delta" stall-limit 4 days')
        self.sheet.getCellRangeByName("C3").setString('stage "delta" closed')
        self.formula("A1", "=RULES_CHECK(C1:C5)")
        self.formula("A2", '=STALL_LIMIT("Delta";C1:C5)')
        duplicate = 'stage "delta" is already defined in'
        self.assertEqual(self.recalculated("A1").splitlines()[0],
                         f"line 3, column 7 (Sheet1!C3): {duplicate} Sheet1!C1")
        self.assertEqual(self.value(self.sheet, "A2"),
                         f"#truepipe: rules line 3, column 7 (Sheet1!C3): {duplicate} Sheet1!C1")
        # Two rows inserted above: the formulas move to A3:A4 and read C3:C7.
        self.sheet.Rows.insertByIndex(0, 2)
        self.assertEqual(self.recalculated("A4"),
                         f"#truepipe: rules line 3, column 7 (Sheet1!C5): {duplicate} Sheet1!C3")
        # A sheet name with a space is quoted as Calc quotes it.
        self.sheet.setName("Team rules")
        self.assertEqual(self.recalculated("A4"),
                         f"#truepipe: rules line 3, column 7 ('Team rules'!C5): {duplicate} 'Team rules'!C3")
        # The formula on another sheet than the rules.
        self.document.Sheets.insertNewByName("Summary", 1)
        summary = self.document.Sheets.getByName("Summary")
        summary.getCellRangeByName("B2").setFormula("=STALL_LIMIT(\"Delta\";$'Team rules'.$C$3:$C$7)")
        self.document.calculateAll()
        self.assertEqual(self.value(summary, "B2"),
                         f"#truepipe: rules line 3, column 7 ('Team rules'!C5): {duplicate} 'Team rules'!C3")

    def test_rules_in_one_cell_are_named_by_that_cell_and_inline_text_stays_inline(self):
        self.sheet.getCellRangeByName("D7").setString('stage "A"\nstge "B"')
        self.formula("A1", '=STALL_LIMIT("A";D7)')
        unknown = 'unknown keyword "stge", did you mean "stage"?'
        self.assertEqual(self.recalculated("A1"), f"#truepipe: rules line 2, column 1 (Sheet1!D7): {unknown}")
        # Same first line as D7, so the workbook is searched, but no cell holds it.
        self.formula("A2", '=STALL_LIMIT("A";"stage ""A"""&CHAR(10)&"stge ""C""")')
        self.assertEqual(self.recalculated("A2"), f"#truepipe: rules line 2, column 1 (inline): {unknown}")

    def test_a_file_that_is_not_a_rules_file_is_refused(self):
        self.formula("A1", '=STALL_LIMIT("Alpha";"/etc/passwd.rules")')
        self.assertTrue(self.recalculated("A1").startswith("#truepipe: "))


if __name__ == "__main__":
    unittest.main()
