"""The release package as a user's LibreOffice sees it: its layout and
metadata, and a library that needs nothing a machine with only LibreOffice
lacks. Reads the built .oxt (TRUEPIPE_OXT) and the debug file beside it."""

import json
import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OXT = Path(os.environ.get("TRUEPIPE_OXT", ROOT / "build" / "truepipe.oxt"))
VERSION = os.environ.get("TRUEPIPE_VERSION", "")
PLATFORM = os.environ.get("TRUEPIPE_PLATFORM", "linux_x86_64")
DEBUG_FILE = OXT.parent / "truepipe.uno.so.debug"
# The library as linked, before packaging: what the debug file must keep.
BUILT_LIBRARY = Path(os.environ.get("TRUEPIPE_LIBRARY", OXT.parent / "addin" / "truepipe.uno.so"))

# LibreOffice's own UNO runtime and the C and C++ runtimes: every machine that
# runs LibreOffice has them. Anything else may be missing on a user's machine.
ALLOWED_NEEDED = {
    "libuno_cppu.so.3", "libuno_cppuhelpergcc3.so.3", "libuno_sal.so.3", "libuno_salhelpergcc3.so.3",
    "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
}
CATALOG = Path(os.environ.get("TRUEPIPE_CATALOG", OXT.parent / "catalog.json"))
OFFICE_PROGRAM = Path("/usr/lib/libreoffice/program")
UNOIDL_READ = Path("/usr/lib/libreoffice/sdk/bin/unoidl-read")
UNO_RESULTS = {"number_or_error": "any", "text": "string", "number": "double"}
DESCRIPTION_NS = {"d": "http://openoffice.org/extensions/description/2006",
                  "xlink": "http://www.w3.org/1999/xlink"}
MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def readelf(*arguments):
    return subprocess.run(["readelf", "--wide", *arguments], check=True, capture_output=True,
                          text=True).stdout


def needed_libraries(library):
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("--dynamic", library))


def required_versions(library, prefix):
    """The versions of `prefix` (GLIBC, GLIBCXX, CXXABI) the library asks for."""
    found = re.findall(r"Name: (" + prefix + r")_([0-9.]+)\s", readelf("--version-info", library))
    return sorted({tuple(int(part) for part in version.split(".")) for _, version in found})


def dotted(version):
    return ".".join(str(part) for part in version)


def exported_symbols(library):
    symbols = set()
    for line in readelf("--dyn-syms", library).splitlines():
        fields = line.split()
        # Num: Value Size Type Bind Vis Ndx Name: defined (Ndx not UND) global symbols.
        if len(fields) >= 8 and fields[4] in ("GLOBAL", "WEAK") and fields[6] != "UND":
            symbols.add(fields[7].split("@")[0])
    return symbols


def section_names(library):
    return set(re.findall(r"\]\s+(\.\S+)", readelf("--section-headers", library)))


def interface_methods(rdb):
    """{method: (result type, parameter count)} of every interface in the type library."""
    listing = subprocess.run([str(UNOIDL_READ), str(OFFICE_PROGRAM / "types.rdb"),
                              str(OFFICE_PROGRAM / "types" / "offapi.rdb"), str(rdb)],
                             check=True, capture_output=True, text=True).stdout
    methods = {}
    for result, name, parameters in re.findall(r"^\s+(\S+) (\w+)\((.*)\);$", listing, re.M):
        methods[name] = (result, parameters.count("[in]"))
    return methods


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory(prefix="truepipe-package-")
        with zipfile.ZipFile(OXT) as package:
            cls.entries = set(package.namelist())
            package.extractall(cls.scratch.name)
        cls.unpacked = Path(cls.scratch.name)
        cls.library = cls.unpacked / PLATFORM / "truepipe.uno.so"

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def description(self):
        return ElementTree.parse(self.unpacked / "description.xml").getroot()

    def test_library_needs_only_libreoffice_and_the_c_and_cxx_runtimes(self):
        needed = needed_libraries(self.library)
        print(f"\nNEEDED: {', '.join(needed)}")
        self.assertTrue(needed, "readelf found no NEEDED entry at all")
        self.assertEqual(set(needed) - ALLOWED_NEEDED, set())

    def test_library_exports_only_its_entry_point(self):
        self.assertEqual(exported_symbols(self.library), {"component_getFactory"})

    def test_minimum_glibc_and_libstdcxx_are_the_ones_the_readme_states(self):
        glibc = required_versions(self.library, "GLIBC")[-1]
        glibcxx = required_versions(self.library, "GLIBCXX")[-1]
        cxxabi = required_versions(self.library, "CXXABI")[-1]
        print(f"\nrequires GLIBC_{dotted(glibc)}, GLIBCXX_{dotted(glibcxx)}, CXXABI_{dotted(cxxabi)}")
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        stated = f"glibc {dotted(glibc)} and libstdc++ with GLIBCXX_{dotted(glibcxx)}"
        self.assertTrue(stated in readme, f"the README does not state the minimum Linux: {stated}")

    def test_library_is_stripped_and_its_debug_information_is_beside_the_package(self):
        sections = section_names(self.library)
        self.assertEqual({name for name in sections if name.startswith(".debug")}, set())
        self.assertNotIn(".symtab", sections)
        self.assertIn(".gnu_debuglink", sections)
        kept = section_names(DEBUG_FILE)
        self.assertIn(".symtab", kept)   # function names for a backtrace, in any build type
        built_debug = {name for name in section_names(BUILT_LIBRARY) if name.startswith(".debug")}
        self.assertEqual(built_debug - kept, set(), "debug sections lost between the build and the debug file")

    def test_interface_has_exactly_the_catalog_functions(self):
        # A catalog entry without its add-in method does not build (the interface is
        # generated from the catalog); this catches a method the package adds or lacks.
        catalog = json.loads(CATALOG.read_text())
        expected = {f["method"]: (UNO_RESULTS[f["result"]], 1 + len(f["arguments"])) for f in catalog}
        self.assertEqual(len(expected), 9)
        self.assertEqual(interface_methods(self.unpacked / "truepipe.rdb"), expected)

    def test_release_package_has_no_benchmark_code(self):
        # The benchmark's floors and counters live in their own package (bench/addin).
        data = self.library.read_bytes() + (self.unpacked / "truepipe.rdb").read_bytes()
        for marker in (b"TRUEPIPE_FLOOR", b"TRUEPIPE_RULES_PARSES", b"benchCoverageFloor", b"org.truepipe.Bench"):
            self.assertNotIn(marker, data)
        self.assertNotIn("bench", self.description().find("d:identifier", DESCRIPTION_NS).get("value"))

    def test_version_comes_from_the_project(self):
        self.assertRegex(VERSION, r"^\d+\.\d+\.\d+$")
        version = self.description().find("d:version", DESCRIPTION_NS)
        self.assertEqual(version.get("value"), VERSION)

    def test_platform_is_declared_in_the_multi_platform_form(self):
        platform = self.description().find("d:platform", DESCRIPTION_NS)
        self.assertEqual(platform.get("value"), PLATFORM)
        manifest = ElementTree.parse(self.unpacked / "META-INF" / "manifest.xml").getroot()
        entries = {entry.get(MANIFEST_NS + "full-path"): entry.get(MANIFEST_NS + "media-type")
                   for entry in manifest}
        self.assertEqual(entries, {
            "truepipe.rdb": "application/vnd.sun.star.uno-typelibrary;type=RDB",
            f"{PLATFORM}/truepipe.components":
                f"application/vnd.sun.star.uno-components;platform={PLATFORM}",
        })
        components = ElementTree.parse(self.unpacked / PLATFORM / "truepipe.components").getroot()
        uris = [component.get("uri") for component in components]
        self.assertEqual(uris, ["truepipe.uno.so"])  # relative to the components file

    def test_listing_metadata_is_there_and_every_file_it_names_is_packaged(self):
        description = self.description()
        for path in ["d:display-name/d:name", "d:publisher/d:name"]:
            element = description.find(path, DESCRIPTION_NS)
            self.assertTrue(element is not None and element.text.strip(), path)
        named = [element.get(XLINK_HREF) for element in description.iter() if element.get(XLINK_HREF)]
        for required in ["icons/truepipe.png", "icons/truepipe-hc.png", "release-notes-en.txt",
                         "LICENSE.txt", "description-en.txt"]:
            self.assertIn(required, named)
        for href in named:
            self.assertIn(href, self.entries, f"description.xml names {href}, which the package lacks")
        self.assertTrue((self.unpacked / "icons" / "truepipe.png").read_bytes().startswith(b"\x89PNG"))
        self.assertIn(VERSION, (self.unpacked / "release-notes-en.txt").read_text(encoding="utf-8"))

    def test_package_holds_exactly_its_files(self):
        self.assertEqual(self.entries, {
            "description.xml", "META-INF/manifest.xml", "description-en.txt", "release-notes-en.txt",
            "LICENSE.txt", "icons/truepipe.png", "icons/truepipe-hc.png", "truepipe.rdb",
            f"{PLATFORM}/truepipe.components", f"{PLATFORM}/truepipe.uno.so"})


if __name__ == "__main__":
    unittest.main()
