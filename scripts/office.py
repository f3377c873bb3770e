"""Drive a real headless LibreOffice with truepipe installed in a private profile.

Used by the demo, the example workbook generator and the integration tests.
Runs under /usr/bin/python3 (the interpreter that has Debian's `uno` module).
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.task import XInteractionHandler
from com.sun.star.ucb import XCommandEnvironment, XProgressHandler

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
EXTENSION_ID = "org.truepipe.calc"


def props(**values):
    result = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        result.append(p)
    return tuple(result)


class _Approver(unohelper.Base, XCommandEnvironment, XInteractionHandler, XProgressHandler):
    """Answers the extension manager's questions (license, "about to install") with yes."""

    def getInteractionHandler(self):
        return self

    def getProgressHandler(self):
        return self

    def handle(self, request):
        for continuation in request.getContinuations():
            if continuation.queryInterface(uno.getTypeByName("com.sun.star.task.XInteractionApprove")):
                continuation.select()
                return

    def push(self, status):
        pass

    def update(self, status):
        pass

    def pop(self):
        pass


class Office:
    """One soffice process on a private profile (or, with profile None, the
    user's own, as a user's LibreOffice runs), reached over a pipe."""

    def __init__(self, profile, environment=None):
        self.profile = Path(profile).resolve() if profile is not None else None
        self.environment = environment  # extra variables for soffice, e.g. XDG_CONFIG_HOME
        self.pipe = f"truepipe_{os.getpid()}_{int(time.time() * 1000) % 100000}"
        self.process = None
        self.context = None
        self.desktop = None

    def start(self, timeout=60.0):
        command = [SOFFICE]
        if self.profile is not None:
            self.profile.mkdir(parents=True, exist_ok=True)
            command.append(f"-env:UserInstallation={self.profile.as_uri()}")
        command += [
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        environment = dict(os.environ, **(self.environment or {}))
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env=environment)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.context = resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not start (is libreoffice-calc installed?)")
                time.sleep(0.25)
        self.desktop = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.context)
        return self

    def stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge goes down with the office
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = self.context = self.desktop = None

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- extensions -------------------------------------------------------

    def extension_manager(self):
        return self.context.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")

    def installed_version(self):
        manager = self.extension_manager()
        for package in manager.getDeployedExtensions("user", manager.createAbortChannel(), _Approver()):
            if package is not None and package.getIdentifier().Value == EXTENSION_ID:
                return package.getVersion()
        return None

    def add_extension(self, oxt: Path):
        manager = self.extension_manager()
        manager.addExtension(Path(oxt).resolve().as_uri(), (), "user", manager.createAbortChannel(), _Approver())

    def remove_extension(self):
        manager = self.extension_manager()
        manager.removeExtension(EXTENSION_ID, "", "user", manager.createAbortChannel(), _Approver())

    def function_access(self):
        return self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.sheet.FunctionAccess", self.context)

    def functions_work(self):
        try:
            result = self.function_access().callFunction("RULES_CHECK", ())
        except Exception:
            return False
        return isinstance(result, str) and result.startswith("OK")

    def install(self, oxt: Path):
        """Install (or replace) truepipe in this profile and restart so Calc sees it."""
        self.add_extension(oxt)
        self.restart()
        if not self.functions_work():
            # Seen once on a fresh profile: the functions stay unknown until the
            # extension is removed and added again.
            self.remove_extension()
            self.add_extension(oxt)
            self.restart()
        if not self.functions_work():
            raise RuntimeError("truepipe is installed but Calc does not know its functions")

    # --- documents --------------------------------------------------------

    def open(self, path: Path):
        return self.desktop.loadComponentFromURL(Path(path).resolve().as_uri(), "_blank", 0, props(Hidden=True))

    def new_spreadsheet(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, props(Hidden=True))


def deals_and_rules(document, rules_lines):
    """Names the first sheet Deals and adds a Rules sheet with one rules line per
    cell of its column A, as a shared workbook carries its rules; returns both sheets."""
    sheets = document.Sheets
    sheets.getByIndex(0).setName("Deals")
    sheets.insertNewByName("Rules", 1)
    rules = sheets.getByName("Rules")
    for row, line in enumerate(rules_lines, start=1):
        rules.getCellRangeByName(f"A{row}").setString(line)
    return sheets.getByName("Deals"), rules


def save(document, path: Path, filter_name="calc8"):
    document.storeToURL(Path(path).resolve().as_uri(), props(FilterName=filter_name, Overwrite=True))


def export_pdf(document, path: Path, selection=None):
    """Writes the document, or only `selection` (a cell range), as PDF."""
    if selection is None:
        save(document, path, "calc_pdf_Export")
        return
    data = uno.Any("[]com.sun.star.beans.PropertyValue", props(Selection=selection))
    document.storeToURL(Path(path).resolve().as_uri(),
                        props(FilterName="calc_pdf_Export", FilterData=data, Overwrite=True))


def cell_value(sheet, address):
    """A cell's value as Calc shows it: a float, a text, or None for an empty cell."""
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT
    cell = sheet.getCellRangeByName(address)
    kind = cell.getType()
    if kind == EMPTY:
        return None
    if kind == TEXT:
        return cell.getString()
    if kind == FORMULA:
        if cell.FormulaResultType2 == uno.getConstantByName("com.sun.star.sheet.FormulaResult.STRING"):
            return cell.getString()
        if cell.getError() != 0:
            return f"Err:{cell.getError()}"
    return cell.getValue()


def private_profile(prefix="truepipe-profile-"):
    return Path(tempfile.mkdtemp(prefix=prefix))


@contextlib.contextmanager
def installed_office(oxt: Path):
    """An office on a throwaway profile with truepipe installed; removed afterwards."""
    profile = private_profile()
    try:
        with Office(profile) as office:
            office.install(oxt)
            yield office
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def write_workbook(oxt: Path, out: Path, build):
    """Makes a new workbook in an office with truepipe installed, lets
    build(document) fill it, and saves it as `out` (.ods)."""
    with installed_office(oxt) as calc:
        document = calc.new_spreadsheet()
        build(document)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        save(document, out)
        document.close(True)
    print(f"wrote {out}")


def workbook_maker(description, build):
    """The command line of an examples/make_*.py script: --oxt and --out."""
    import argparse
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--oxt", type=Path, required=True, help="the truepipe.oxt to install")
    parser.add_argument("--out", type=Path, required=True, help="the .ods to write")
    args = parser.parse_args()
    write_workbook(args.oxt, args.out, build)


if __name__ == "__main__":
    # Smoke check: install the given .oxt into a throwaway profile and call RULES_CHECK.
    with installed_office(Path(sys.argv[1])) as office:
        print(office.function_access().callFunction("RULES_CHECK", ()))
