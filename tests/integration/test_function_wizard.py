"""Every function shows its name, description and arguments in Calc's Function
Wizard exactly as the function catalog (the build's catalog.json) gives them,
and Calc knows no truepipe function the catalog lacks."""

import json
import os
import unittest
from pathlib import Path

from harness import OfficeTestCase, office

CATALOG = json.loads(Path(os.environ["TRUEPIPE_CATALOG"]).read_text())


class FunctionWizard(OfficeTestCase):
    def descriptions(self, context=None):
        context = context or self.office.context
        service = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.sheet.FunctionDescriptions", context)
        found = {}
        for index in range(service.getCount()):
            entry = {p.Name: p.Value for p in service.getByIndex(index)}
            found[entry["Name"]] = entry
        return found

    def test_every_function_is_described(self):
        found = self.descriptions()
        for function in CATALOG:
            name = function["display_name"]
            with self.subTest(function=name):
                self.assertIn(name, found)
                entry = found[name]
                self.assertEqual(entry["Description"], function["description"])
                shown = [(a.Name, a.Description, bool(a.IsOptional)) for a in entry["Arguments"]]
                self.assertEqual(shown, [(a["name"], a["description"], a["optional"])
                                         for a in function["arguments"]])

    def test_calc_knows_exactly_the_catalog_functions(self):
        # What installing truepipe adds to Calc's function list, against an office
        # without it: a method the add-in has and the catalog lacks would show here.
        plain = office.Office(self.scratch / "plain-profile").start()
        try:
            before = set(self.descriptions(plain.context))
        finally:
            plain.stop()
        added = set(self.descriptions()) - before
        self.assertEqual(added, {function["display_name"] for function in CATALOG})

    def test_functions_answer_by_display_name(self):
        access = self.office.function_access()
        self.assertTrue(access.callFunction("RULES_CHECK", ()).startswith("OK"))
        self.assertEqual(access.callFunction("STALL_LIMIT", ("Proposal",)), 14)


if __name__ == "__main__":
    unittest.main()
