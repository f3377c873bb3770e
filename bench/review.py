"""The weekly review in real headless LibreOffice against its floor. Run through
scripts/bench.sh.

    /usr/bin/python3 bench/review.py --oxt build-bench/truepipe-bench.oxt --out review.json
        [--sizes 1000,10000,100000] [--repeat 5] [--doc docs/PERFORMANCE.md --chart docs/review.png]

For each N it generates a snapshot of N deals and today's export of the same
deals (some removed, some new, stages advanced, deals won and lost, amounts
changed, close dates moved across the period's end, owners changed; ten
columns, four of them unused, as a CRM export has), pastes them onto the sheets
Pipeline and Snapshot, the rules onto Rules, and builds a Review sheet: one
DEAL_CHANGE per deal id (the ids of both tables) and the 28 PIPELINE_FLOW cells
of the waterfall (14 lines by amount and by deals), every one naming both whole
tables. The floor is the same sheet with TRUEPIPE_FLOOR_CHANGE and
TRUEPIPE_FLOOR_FLOW in place of DEAL_CHANGE and PIPELINE_FLOW (same parameters,
no work) and one TRUEPIPE_FLOOR_TABLES, which reads both tables once with
getDataArray: what Calc charges to hand the tables over once, plus one empty
call per deal.

Timed, the kinds taking turns, medians of --repeat:
- floor and review: a full recalculation (calculateAll) after a cell of each
  table was written (with the same value), so that the add-in must read both
  tables again, as after opening the file or pasting this week's export;
- edit: one amount inside the deals table changed, then the recalculation of
  what depends on it (calculate(), what automatic recalculation does), for the
  floor sheet and the review sheet: the first edit after the full
  recalculation, and the next one. calculateAll itself tells the modify
  listeners of every range that it changed (Calc's ScCalcAll hint), so the
  first edit after it reads both tables again and the next only the deals.

Every result of the review is checked against a computation in Python of the
same categories (bench/review_oracle.py), which shares no code with truepipe:
each deal's DEAL_CHANGE text, each PIPELINE_FLOW line, start plus the categories
equal to end, and the DEAL_CHANGE categories counted equal to the deals
lines; after an edit, the edited deal's text and the flow again. The add-in's
table counters say how often the tables were read.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(HERE))

from office import Office, private_profile, props  # noqa: E402,F401
from review_oracle import LINES, generate, review  # noqa: E402
from run import machine, soffice_peak_kib  # noqa: E402

from com.sun.star.sheet.FillDirection import TO_BOTTOM  # noqa: E402

RULES = "$Rules.$A$1:$A$40"
DATES = "$Review.$H$1;$Review.$H$2;$Review.$H$3"  # snapshot_date; as_of; period_end
FIRST = 2  # the first row of the per-deal column
CHUNK = 20_000  # rows per setDataArray


def table_range(sheet, rows, columns):
    return f"${sheet}.$A$1:${chr(ord('A') + columns - 1)}${rows}"


class ReviewBook:
    def __init__(self, office, data):
        self.data = data
        self.document = office.new_spreadsheet()
        self.document.enableAutomaticCalculation(False)
        sheets = self.document.Sheets
        sheets.getByIndex(0).setName("Pipeline")
        for index, name in enumerate(("Snapshot", "Rules", "Review"), start=1):
            sheets.insertNewByName(name, index)
        self.pipeline, self.snapshot = sheets.getByName("Pipeline"), sheets.getByName("Snapshot")
        self.rules, self.review = sheets.getByName("Rules"), sheets.getByName("Review")
        started = time.perf_counter()
        self.paste(self.pipeline, data["header"], data["today"])
        self.paste(self.snapshot, data["header"], data["snapshot"])
        self.fill_seconds = time.perf_counter() - started
        lines = data["rules"]
        self.rules.getCellRangeByName(f"A1:A{len(lines)}").setDataArray([(line,) for line in lines])
        self.review.getCellRangeByName("H1:H3").setDataArray(
            [(float(data["snapshot_date"]),), (float(data["as_of"]),), (float(data["period_end"]),)])
        self.review.getCellRangeByName(f"D1:D{len(LINES)}").setDataArray([(line,) for line in LINES])
        self.ids = data["ids"]
        self.review.getCellRangeByName("A1").setString("ID")
        for start in range(0, len(self.ids), CHUNK):
            part = self.ids[start:start + CHUNK]
            self.review.getCellRangeByName(f"A{FIRST + start}:A{FIRST + start + len(part) - 1}").setDataArray(
                [(deal_id,) for deal_id in part])
        columns = len(data["header"])
        self.deals_range = table_range("Pipeline", len(data["today"]) + 1, columns)
        self.snapshot_range = table_range("Snapshot", len(data["snapshot"]) + 1, columns)
        self.last = FIRST + len(self.ids) - 1
        self.kind = None

    @staticmethod
    def paste(sheet, header, rows):
        sheet.getCellRangeByName(f"A1:{chr(ord('A') + len(header) - 1)}1").setDataArray([tuple(header)])
        right = chr(ord("A") + len(header) - 1)
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            sheet.getCellRangeByName(f"A{start + 2}:{right}{start + 1 + len(part)}").setDataArray(
                [tuple("" if value is None else value for value in row) for row in part])

    def formulas(self, kind):
        """The per-deal formula, the flow formula for row 1 (by amount and by
        deals), and the tables formula, of `kind` (review or floor)."""
        tables = f"{self.deals_range};{self.snapshot_range}"
        change, flow = ("DEAL_CHANGE", "PIPELINE_FLOW") if kind == "review" else \
            ("TRUEPIPE_FLOOR_CHANGE", "TRUEPIPE_FLOOR_FLOW")
        per_deal = f"={change}(A{FIRST};{tables};{DATES};{RULES})"
        by_amount = f"={flow}($D1;{tables};{DATES};{RULES})"
        by_deals = f'={flow}($D1;{tables};{DATES};{RULES};;"deals")'
        once = f"=TRUEPIPE_FLOOR_TABLES({tables})" if kind == "floor" else ""
        return per_deal, by_amount, by_deals, once

    def set_kind(self, kind):
        if kind == self.kind:
            return
        per_deal, by_amount, by_deals, once = self.formulas(kind)
        self.review.getCellRangeByName(f"B{FIRST}").setFormula(per_deal)
        if self.last > FIRST:
            self.review.getCellRangeByName(f"B{FIRST}:B{self.last}").fillAuto(TO_BOTTOM, 1)
        self.review.getCellRangeByName("E1").setFormula(by_amount)
        self.review.getCellRangeByName("F1").setFormula(by_deals)
        self.review.getCellRangeByName(f"E1:F{len(LINES)}").fillAuto(TO_BOTTOM, 1)
        self.review.getCellRangeByName("H5").setFormula(once)
        self.kind = kind

    def touch_tables(self):
        """Writes one unused cell of each table again, with its own value: both
        tables count as changed, so the add-in must read them again."""
        for sheet in (self.pipeline, self.snapshot):
            cell = sheet.getCellRangeByName("J2")  # Next Step, unused by the review
            cell.setString(cell.getString())

    def full(self):
        started = time.perf_counter()
        self.document.calculateAll()
        return time.perf_counter() - started

    def edit(self, row, column, value):
        """Writes one cell of the deals table and recalculates what depends on it."""
        self.pipeline.getCellByPosition(column, row).setValue(value)
        started = time.perf_counter()
        self.document.calculate()
        return time.perf_counter() - started

    def changes(self):
        texts = []
        for start in range(FIRST, self.last + 1, CHUNK):
            end = min(self.last, start + CHUNK - 1)
            texts += [row[0] for row in self.review.getCellRangeByName(f"B{start}:B{end}").getDataArray()]
        return texts

    def flows(self):
        rows = self.review.getCellRangeByName(f"E1:F{len(LINES)}").getDataArray()
        return {line: (rows[i][0], rows[i][1]) for i, line in enumerate(LINES)}

    def value(self, address):
        return self.review.getCellRangeByName(address).getDataArray()[0][0]

    def counter(self, name):
        cell = self.review.getCellRangeByName("H7")
        cell.setFormula(f"={name}(NOW())")
        self.document.calculate()
        value = cell.getValue()
        cell.setString("")
        return value

    def close(self):
        self.document.close(True)


def close_enough(value, reference):
    return isinstance(value, float) and abs(value - reference) <= 1e-9 * max(1.0, abs(reference))


def check_review(book, data, where):
    """Every DEAL_CHANGE text and PIPELINE_FLOW line against the Python review;
    returns the category counts."""
    expected = review(data)
    texts = book.changes()
    wrong = [(deal_id, text, expected["texts"][deal_id]) for deal_id, text in zip(book.ids, texts)
             if text != expected["texts"][deal_id]]
    if wrong:
        raise SystemExit(f"{where}: {len(wrong)} DEAL_CHANGE texts differ from the Python review, "
                         f"the first: {wrong[:3]}")
    flows = book.flows()
    for line in LINES:
        amount, deals = flows[line]
        want_amount, want_deals = expected["flow"][line]
        if not close_enough(amount, want_amount) or deals != want_deals:
            raise SystemExit(f"{where}: PIPELINE_FLOW {line!r} gives {amount!r} and {deals!r} deals, the Python "
                             f"review {want_amount!r} and {want_deals!r}")
    categories = LINES[1:-1]
    total = flows["start"][0] + sum(flows[line][0] for line in categories)
    if not close_enough(total, flows["end"][0]):
        raise SystemExit(f"{where}: start plus the categories is {total!r}, end {flows['end'][0]!r}")
    counted = {line: 0 for line in categories}
    out_of_scope = 0
    for text in texts:
        name = text.split(":", 1)[0]
        if name == "out of scope":
            out_of_scope += 1
        else:
            counted[name] += 1
    for line in categories:
        if counted[line] != flows[line][1]:
            raise SystemExit(f"{where}: {counted[line]} DEAL_CHANGE cells say {line!r}, PIPELINE_FLOW counts "
                             f"{flows[line][1]!r}")
    return dict(counted, **{"out of scope": out_of_scope})


def check_floor(book, data, where):
    rows = len(data["today"]) + len(data["snapshot"]) + 2
    if book.value("H5") != rows:
        raise SystemExit(f"{where}: TRUEPIPE_FLOOR_TABLES read {book.value('H5')!r} rows, not {rows}")
    texts = set(book.changes())
    flows = {value for pair in book.flows().values() for value in pair}
    if texts != {""} or flows != {0.0}:
        raise SystemExit(f"{where}: the floors gave {sorted(texts)[:3]} and {sorted(flows)[:3]}")


def summary(runs):
    return {"median": statistics.median(runs), "min": min(runs), "runs": runs}


def measure_size(book, data, n, repeat, log):
    result = {"n": n, "deals": len(data["today"]), "snapshot": len(data["snapshot"]), "ids": len(book.ids),
              "fill_seconds": book.fill_seconds}
    # The first computation of each kind, checked; the add-in's table counters around the review's.
    book.set_kind("floor")
    book.touch_tables()
    result["floor_first"] = book.full()
    check_floor(book, data, f"N={n}, floor")
    # Counted while the sheet holds no dirty formula: the counter's calculate() computes only itself.
    reads, hits = book.counter("TRUEPIPE_TABLE_READS"), book.counter("TRUEPIPE_TABLE_HITS")
    book.set_kind("review")
    book.touch_tables()
    result["review_first"] = book.full()
    reads = book.counter("TRUEPIPE_TABLE_READS") - reads
    hits = book.counter("TRUEPIPE_TABLE_HITS") - hits
    result["categories"] = check_review(book, data, f"N={n}, review")
    result["table_reads"], result["table_hits"] = reads, hits
    if reads != 2:
        raise SystemExit(f"N={n}: the review read the tables {reads:g} times, not 2 (once each)")
    log(f"N={n}: {len(data['snapshot']):,} deals in the snapshot, {len(data['today']):,} today, "
        f"{len(book.ids):,} DEAL_CHANGE cells; first recalculation floor {result['floor_first']:.3f}s, "
        f"review {result['review_first']:.3f}s; tables read {reads:g} times, found kept {hits:g} times; "
        f"categories {result['categories']}")

    # A deal in the middle whose amount the what-if edits: its row and the Amount column.
    edited = len(data["today"]) // 2
    column = data["header"].index("Amount")
    original = data["today"][edited][column]
    amounts = [original + 5000.0, original]
    runs = {kind: [] for kind in ("floor", "review", "floor_first_edit", "review_first_edit", "floor_edit",
                                  "review_edit")}
    flips = 0

    def flip():
        nonlocal flips
        value = amounts[flips % 2]
        flips += 1
        data["today"][edited][column] = value
        return book.edit(edited + 1, column, value)

    def reads_of(step, expected):
        reads = book.counter("TRUEPIPE_TABLE_READS")
        seconds = step()
        read = book.counter("TRUEPIPE_TABLE_READS") - reads
        if read != expected:
            raise SystemExit(f"N={n}: the add-in read the tables {read:g} times, not {expected}")
        return seconds

    for _ in range(repeat):
        book.set_kind("floor")
        book.touch_tables()
        runs["floor"].append(book.full())
        runs["floor_first_edit"].append(flip())
        runs["floor_edit"].append(flip())
        # Setting the formulas leaves them dirty, and the counter's calculate() would compute them.
        runs["review"].append(reads_of(lambda: (book.set_kind("review"), book.touch_tables(), book.full())[2], 2))
        # calculateAll tells every range's modify listeners that it changed (Calc's ScCalcAll hint), so
        # the first edit after it reads both tables again; the next edits only the deals table.
        runs["review_first_edit"].append(reads_of(flip, 2))
        if len(runs["review_edit"]) == 0:  # the edited amount is 5,000 more than generated
            check_review(book, data, f"N={n}, review after an edit")
        runs["review_edit"].append(reads_of(flip, 1))
    check_review(book, data, f"N={n}, review after the edits")
    for kind, times in runs.items():
        result[kind] = summary(times)
    result["ratio"] = result["review"]["median"] / result["floor"]["median"]
    log(f"  floor {result['floor']['median']:.3f}s, review {result['review']['median']:.3f}s "
        f"({result['ratio']:.2f}x); first edit after it: floor {result['floor_first_edit']['median']:.3f}s, "
        f"review {result['review_first_edit']['median']:.3f}s; next edits: floor "
        f"{result['floor_edit']['median']:.3f}s, review {result['review_edit']['median']:.3f}s")
    return result


def run_size(oxt, n, repeat, log):
    data = generate(n)
    profile = private_profile("truepipe-review-")
    with Office(profile) as office:
        office.install(oxt)
        book = ReviewBook(office, data)
        try:
            result = measure_size(book, data, n, repeat, log)
            result["peak_kib"] = soffice_peak_kib(profile)
            return result
        finally:
            book.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--oxt", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--doc", type=Path, help="write the figures into this page (docs/PERFORMANCE.md)")
    parser.add_argument("--chart", type=Path, help="and the chart here (docs/review.png)")
    options = parser.parse_args()

    def log(text):
        print(text, flush=True)

    report = {"machine": machine(), "repeat": options.repeat, "sizes": []}
    for n in (int(size) for size in options.sizes.split(",")):
        report["sizes"].append(run_size(options.oxt, n, options.repeat, log))
        options.out.write_text(json.dumps(report, indent=1) + "\n")
    if options.doc:
        from review_report import write_report
        write_report(report, options.doc, options.chart)


if __name__ == "__main__":
    main()
