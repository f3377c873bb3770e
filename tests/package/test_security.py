"""What docs/SECURITY.md promises about a workbook from a stranger, where a test
can hold it: the library imports no call that writes, deletes or creates a file,
runs a program or opens a connection; it opens files only for reading; every
UNO entry point catches everything. And the document itself: every test it cites
exists, and the README links it."""

import ast
import os
import re
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OXT = Path(os.environ.get("TRUEPIPE_OXT", ROOT / "build" / "truepipe.oxt"))
LIBRARY = Path(os.environ.get("TRUEPIPE_LIBRARY", OXT.parent / "addin" / "truepipe.uno.so"))
SECURITY = ROOT / "docs" / "SECURITY.md"
# The code inside the library (formulas/tools/ is a build tool that writes the IDL).
SOURCES = [path for folder in ("engine/src", "engine/include", "formulas/src", "formulas/include", "addin/src")
           for path in sorted((ROOT / folder).rglob("*")) if path.suffix in (".cpp", ".hpp")]

# C library and LibreOffice runtime calls that change files, start programs or
# reach a network. The library may import none of them.
WRITES_FILES = {
    "write", "writev", "pwrite", "pwrite64", "pwritev", "pwritev2", "fwrite", "fputs", "fputc", "fprintf",
    "creat", "creat64", "openat", "openat64", "fopen", "fopen64", "freopen", "freopen64", "fdopen",
    "tmpfile", "tmpfile64", "mkstemp", "mkstemp64", "mkostemp", "mkdtemp",
    "unlink", "unlinkat", "remove", "rename", "renameat", "renameat2", "rmdir", "mkdir", "mkdirat",
    "mknod", "mknodat", "mkfifo", "mkfifoat", "link", "linkat", "symlink", "symlinkat",
    "truncate", "truncate64", "ftruncate", "ftruncate64", "fallocate", "posix_fallocate",
    "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat",
    "utime", "utimes", "futimes", "utimensat", "futimens", "setxattr", "fsetxattr", "lsetxattr",
    "mmap", "mmap64", "dup2", "dup3",
}
RUNS_PROGRAMS = {
    "system", "popen", "fork", "vfork", "clone", "clone3", "execl", "execle", "execlp", "execv", "execve",
    "execvp", "execvpe", "fexecve", "posix_spawn", "posix_spawnp", "dlopen", "dlmopen",
}
CONNECTS = {
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "send", "sendto", "sendmsg",
    "getaddrinfo", "gethostbyname", "gethostbyname2", "gethostbyname_r", "getnameinfo",
}
# LibreOffice's own files, and its processes, sockets, pipes and modules (sal/osl).
OSL_FILES = re.compile(r"^osl_\w*(File|Directory)")
OSL_PROGRAMS = re.compile(r"^osl_\w*(Process|Socket|Pipe|Module)")
# What std::filesystem may be asked besides building paths: looking, never changing.
FILESYSTEM_LOOKS = {"canonical", "weakly_canonical", "status", "symlink_status", "file_size", "exists",
                    "absolute", "read_symlink", "is_empty", "current_path"}
# The UNO interfaces the add-in may use: its own, Calc's add-in interfaces, and
# what reads a workbook to find where rules cells are. None stores, deletes or
# opens a file, starts a process or opens a connection.
UNO_ALLOWED = {
    "com/sun/star/beans/XPropertySet.hpp", "com/sun/star/lang/XServiceInfo.hpp",
    "com/sun/star/lang/XServiceName.hpp", "com/sun/star/sheet/XAddIn.hpp",
    "com/sun/star/sheet/XSpreadsheet.hpp", "com/sun/star/sheet/XSpreadsheetDocument.hpp",
    "com/sun/star/sheet/XCellRangeAddressable.hpp", "com/sun/star/sheet/XCellRangeData.hpp",
    "com/sun/star/container/XIndexAccess.hpp", "com/sun/star/container/XNameAccess.hpp",
    "com/sun/star/container/XNamed.hpp", "com/sun/star/util/XSearchable.hpp",
    "com/sun/star/util/XSearchDescriptor.hpp", "com/sun/star/util/Date.hpp",
    "com/sun/star/uno/Any.hxx", "com/sun/star/uno/Reference.hxx", "com/sun/star/uno/Sequence.hxx",
    # Deal tables (addin/src/tables.cpp): the range as handed over, the error cells found by a query
    # and read by their codes, the sheet's used area found with a cursor of its own, and a listener
    # that hears of changes. None of them writes to a document.
    "com/sun/star/table/XCellRange.hpp", "com/sun/star/table/CellRangeAddress.hpp",
    "com/sun/star/table/XCell.hpp", "com/sun/star/sheet/FormulaResult.hpp",
    "com/sun/star/sheet/XCellRangesQuery.hpp", "com/sun/star/sheet/XSheetCellRanges.hpp",
    "com/sun/star/sheet/XSheetCellRange.hpp", "com/sun/star/sheet/XSheetCellCursor.hpp",
    "com/sun/star/sheet/XUsedAreaCursor.hpp", "com/sun/star/util/XModifyBroadcaster.hpp",
    "com/sun/star/util/XModifyListener.hpp",
}


def imported_symbols(library):
    """The undefined dynamic symbols of `library`, demangled, without their versions."""
    listing = subprocess.run(["nm", "--dynamic", "--undefined-only", "--demangle", str(library)],
                             check=True, capture_output=True, text=True).stdout
    symbols = set()
    for line in listing.splitlines():
        name = line.strip()
        if name.startswith("U ") or name.startswith("w "):
            symbols.add(name[2:].split("@")[0])
    return symbols


def method_bodies(text):
    """(name, body) of every `SAL_CALL name(...) ... {body}` in C++ `text`, braces matched."""
    for match in re.finditer(r"SAL_CALL\s+(\w+)\s*\(", text):
        start = text.index("{", match.end())
        if ";" in text[match.end():start]:
            continue  # a declaration
        depth, at = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            if depth == 0:
                break
            at += 1
        yield match.group(1), text[start + 1:at].strip()


class Library(unittest.TestCase):
    """The library Calc loads, by what it asks the C library and LibreOffice for."""

    @classmethod
    def setUpClass(cls):
        if not LIBRARY.exists():
            raise RuntimeError(f"{LIBRARY} is missing: build it first (scripts/build.sh)")
        cls.symbols = imported_symbols(LIBRARY)

    def test_the_symbols_are_read(self):
        # Calls every rules file read needs: a listing that lost them would prove nothing.
        self.assertEqual({"open", "read", "fstat", "close"} - self.symbols, set())

    def test_no_call_writes_deletes_or_creates_a_file(self):
        self.assertEqual(self.symbols & WRITES_FILES, set())
        self.assertEqual({name for name in self.symbols if OSL_FILES.match(name)}, set())
        streams = re.compile(r"\bbasic_(o|io|i|)fstream\b|\bbasic_filebuf\b")
        self.assertEqual({name for name in self.symbols if streams.search(name)}, set())
        changing = set()
        for name in self.symbols:
            call = re.match(r"std::filesystem::(?:__cxx11::)?(\w+)\(", name)
            if call and call.group(1) not in FILESYSTEM_LOOKS:
                changing.add(name)
        self.assertEqual(changing, set())

    def test_no_call_runs_a_program_or_opens_a_connection(self):
        self.assertEqual(self.symbols & (RUNS_PROGRAMS | CONNECTS), set())
        self.assertEqual({name for name in self.symbols if OSL_PROGRAMS.match(name)}, set())


class Sources(unittest.TestCase):
    """What the code of engine/, formulas/ and addin/ does, where the library's
    imports cannot tell: how it opens files, which UNO interfaces it uses, and
    that no exception reaches Calc."""

    def test_files_are_opened_only_for_reading(self):
        opens = []
        for path in SOURCES:
            for match in re.finditer(r"(?<![\w.>])(?:::)?open\s*\(([^;]*)\)", path.read_text()):
                opens.append((path.relative_to(ROOT), match.group(1)))
        self.assertTrue(opens, "no open() found: the rules file reader reads files somehow")
        for where, arguments in opens:
            self.assertIn("O_RDONLY", arguments, where)
            for flag in ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "O_TMPFILE"):
                self.assertNotIn(flag, arguments, where)
            self.assertIn("O_NONBLOCK", arguments, where)  # a FIFO never blocks the open
        for path in SOURCES:
            self.assertNotRegex(path.read_text(), r"\b(ofstream|fstream|ifstream|FILE\s*\*)\b", path)

    def test_the_addin_uses_only_uno_interfaces_that_read(self):
        used = set()
        for path in SOURCES:
            used |= set(re.findall(r"#include <(com/sun/star/[\w/]+\.h(?:pp|xx))>", path.read_text()))
        self.assertIn("com/sun/star/sheet/XAddIn.hpp", used)
        self.assertEqual(used - UNO_ALLOWED, set())

    def test_every_function_method_catches_everything(self):
        component = (ROOT / "addin" / "src" / "component.cpp").read_text()
        methods = dict(method_bodies(component))
        self.assertIn("realCoverage", methods)
        self.assertIn("rulesCheck", methods)
        for name, body in methods.items():
            if name in ("create_functions", "implementation_name_of", "service_names_of"):
                continue  # factory helpers below, checked with the other entry points
            with self.subTest(method=name):
                self.assertTrue(body.startswith("try {"), body)
                self.assertRegex(body, r"\}\s*catch \(\.\.\.\) \{\s*return [^;]*failure_text\(\"[A-Z_]+\"\)[^;]*;\s*\}$")
        self.assertRegex(component, r"OUString failure_text\(std::string_view function\) noexcept")

    def test_every_other_uno_entry_point_cannot_throw(self):
        # XAddIn, XServiceName, XServiceInfo: each answer is a noexcept helper or trivially safe.
        header = (ROOT / "addin" / "src" / "catalog_addin.hpp").read_text()
        noexcept_helpers = set(re.findall(r"(\w+)\([^;]*\)\s*noexcept;", header))
        self.assertIn("function_text", noexcept_helpers)
        trivial = {"locale_ = locale;", "return locale_;", "return getProgrammaticCategoryName(method);",
                   "return cppu::supportsService(this, name);"}
        bodies = dict(method_bodies(header))
        self.assertIn("getDisplayFunctionName", bodies)
        for name, body in bodies.items():
            with self.subTest(method=name):
                helper = re.fullmatch(r"return detail::(\w+)\([^;]*\);", body, re.S)
                self.assertTrue(body in trivial or (helper and helper.group(1) in noexcept_helpers), body)
        entry = (ROOT / "addin" / "src" / "entry.cpp").read_text()
        self.assertRegex(entry, re.compile(r"component_getFactory\(.*?\)\s*\{\s*try \{.*\} catch \(\.\.\.\) \{"
                                           r"\s*return nullptr;\s*\}\s*\}\s*$", re.S))
        for name, body in method_bodies((ROOT / "addin" / "src" / "component.cpp").read_text()):
            if name == "create_functions":
                self.assertEqual(body, "return static_cast<cppu::OWeakObject*>(new functions);")
            elif name in ("implementation_name_of", "service_names_of"):
                self.assertRegex(body, r"^return detail::\w+\(names(\.\w+)?\);$")


class SecurityDoc(unittest.TestCase):
    """docs/SECURITY.md: every claim names a test, and every test it names exists."""

    @classmethod
    def setUpClass(cls):
        cls.text = SECURITY.read_text()

    def claims(self):
        """The document's bullets: each a claim, then "Tests:" and the tests that prove it."""
        return [item.strip() for item in re.split(r"\n(?=- )", self.text) if item.startswith("- ")]

    def citations(self, claim):
        """(file, name) of every test `claim` cites after "Tests:": a `tests/...` file, then
        its tests, as "doctest TEST_CASE name" or `Class.test_method`; a fuzz target
        alone is (file, None)."""
        cited, current, named = [], None, False
        _, marker, tests = claim.partition("Tests:")
        if not marker:
            return cited
        for token in re.finditer(r'`(tests/[^`]+)`|`(\w+\.test_\w+)`|"([^"]+)"', tests):
            file, method, case = token.groups()
            if file:
                if current and not named:
                    cited.append((current, None))
                current, named = file, False
            elif current:
                cited.append((current, method or case))
                named = True
        if current and not named:
            cited.append((current, None))
        return cited

    def test_every_claim_names_a_test(self):
        claims = self.claims()
        self.assertGreaterEqual(len(claims), 10)
        for claim in claims:
            with self.subTest(claim=claim[:60]):
                self.assertTrue(self.citations(claim), claim)

    def test_every_cited_test_exists(self):
        fuzz_targets = re.search(r"set\(truepipe_fuzz_targets([^)]*)\)",
                                 (ROOT / "tests" / "fuzz" / "CMakeLists.txt").read_text()).group(1).split()
        count = 0
        for claim in self.claims():
            for file, name in self.citations(claim):
                count += 1
                with self.subTest(file=file, name=name):
                    path = ROOT / file
                    self.assertTrue(path.is_file(), file)
                    if name is None:
                        self.assertEqual(path.parent, ROOT / "tests" / "fuzz", f"{file}: which test?")
                        self.assertIn(path.stem, fuzz_targets)
                    elif path.suffix == ".cpp":
                        self.assertTrue(f'TEST_CASE("{name}")' in path.read_text(), f"{file} has no such TEST_CASE")
                    else:
                        class_name, method = name.split(".")
                        tree = ast.parse(path.read_text())
                        classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
                        self.assertIn(class_name, classes)
                        methods = {node.name for node in classes[class_name].body
                                   if isinstance(node, ast.FunctionDef)}
                        self.assertIn(method, methods)
        self.assertGreaterEqual(count, 20)

    def test_the_readme_links_it(self):
        self.assertIn("](docs/SECURITY.md)", (ROOT / "README.md").read_text())


if __name__ == "__main__":
    unittest.main()
