"""Every function shows its name, description and arguments in Calc's Function
Wizard, exactly as the README's function reference names them."""

import unittest

from harness import OfficeTestCase

# Display names and argument names of the function reference; optional ones in brackets there.
SIGNATURES = {
    "STALL_DAYS": ["advance_dates", "as_of", "rules"],
    "STALL_LIMIT": ["stage", "rules"],
    "ADVANCE_RATE": ["outcomes", "rules"],
    "REAL_COVERAGE": ["amounts", "stages", "advance_dates", "close_dates", "target", "as_of", "rules"],
    "DEAL_STATUS": ["stage", "advance_dates", "close_date", "as_of", "rules"],
    "RULES_CHECK": ["rules"],
}
OPTIONAL = {"as_of", "rules"}


class FunctionWizard(OfficeTestCase):
    def descriptions(self):
        service = self.office.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.sheet.FunctionDescriptions", self.office.context)
        found = {}
        for index in range(service.getCount()):
            entry = {p.Name: p.Value for p in service.getByIndex(index)}
            found[entry["Name"]] = entry
        return found

    def test_every_function_is_described(self):
        found = self.descriptions()
        for name, arguments in SIGNATURES.items():
            with self.subTest(function=name):
                self.assertIn(name, found)
                entry = found[name]
                self.assertGreater(len(entry["Description"]), 20)
                shown = [argument.Name for argument in entry["Arguments"]]
                self.assertEqual(shown, arguments)
                for argument in entry["Arguments"]:
                    self.assertGreater(len(argument.Description), 10, argument.Name)
                    self.assertEqual(argument.IsOptional, argument.Name in OPTIONAL, argument.Name)

    def test_functions_answer_by_display_name(self):
        access = self.office.function_access()
        self.assertTrue(access.callFunction("RULES_CHECK", ()).startswith("OK"))
        self.assertEqual(access.callFunction("STALL_LIMIT", ("Proposal",)), 14)


if __name__ == "__main__":
    unittest.main()
