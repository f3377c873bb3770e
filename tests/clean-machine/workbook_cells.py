"""Every truepipe cell of a workbook: its formula and the value Calc shows.
Shared by the reference run on the build machine and the runs on clean roots.
Runs under the system python3 that has LibreOffice's `uno` module."""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))                       # in a root: office.py is copied beside
sys.path.insert(0, str(HERE.parents[1] / "scripts"))  # in the source tree

import office  # noqa: E402



def display_names():
    """The functions of the README's reference blocks, which a unit test keeps
    equal to the function catalog (the README is copied beside this file in a root)."""
    for readme in (HERE / "README.md", HERE.parents[1] / "README.md"):
        if readme.exists():
            names = re.findall(r"^<!-- reference: ([A-Z_]+) ", readme.read_text(), re.M)
            if names:
                return names
    raise SystemExit("no README with the function reference beside workbook_cells.py")


# A truepipe call as Calc writes it with the extension installed (display
# names) and without it (the stored programmatic name).
TRUEPIPE_CALL = re.compile(
    r"\b(" + "|".join(display_names()) + r"|ORG\.TRUEPIPE\.FUNCTIONS\.[A-Z]+)\s*\(", re.IGNORECASE)
WORKBOOKS = ["worked-example.ods", "pipeline-template.ods"]


def truepipe_cells(document):
    """{"Sheet.A1": {"formula": ..., "value": ...}} for every cell that calls truepipe."""
    from com.sun.star.sheet.CellFlags import FORMULA
    cells = {}
    sheets = document.Sheets
    for index in range(sheets.getCount()):
        sheet = sheets.getByIndex(index)
        ranges = sheet.queryContentCells(FORMULA)
        addresses = ranges.getRangeAddresses()
        for block in addresses:
            for row in range(block.StartRow, block.EndRow + 1):
                for column in range(block.StartColumn, block.EndColumn + 1):
                    cell = sheet.getCellByPosition(column, row)
                    formula = cell.getFormula()
                    if not TRUEPIPE_CALL.search(formula):
                        continue
                    name = cell.AbsoluteName.replace("$", "")
                    cells[name] = {"formula": formula, "value": office.cell_value(sheet, name.split(".", 1)[1])}
    return cells


def workbook_cells(calc, path: Path, save_as: Path = None):
    """Opens `path` in `calc`, recalculates it and returns its truepipe cells;
    with `save_as`, saves it there (.ods) before closing it."""
    document = calc.open(path)
    try:
        document.calculateAll()
        cells = truepipe_cells(document)
        if save_as is not None:
            office.save(document, save_as)
        return cells
    finally:
        document.close(True)


def calls_in(formula):
    """The truepipe functions a formula calls, by programmatic or display name."""
    names = []
    for match in TRUEPIPE_CALL.finditer(formula):
        name = match.group(1).upper()
        names.append(name.rsplit(".", 1)[-1].replace("_", ""))
    return names


def main():
    """Writes the reference: every truepipe cell of the example workbooks,
    computed on this machine with the given package installed."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--examples", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with office.installed_office(args.oxt) as calc:
        reference = {name: workbook_cells(calc, args.examples / name) for name in WORKBOOKS}
    for name, cells in reference.items():
        if not cells:
            raise SystemExit(f"no truepipe cell found in {name}")
        print(f"clean-machine: reference {name}: {len(cells)} truepipe cells")
    args.out.write_text(json.dumps(reference, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
