"""The weekly review in real Calc: PIPELINE_FLOW and DEAL_CHANGE over whole deal
tables handed over as ranges. The reference's worked example computed from a
workbook; reordered headers named by `column` lines; owner and period scope;
error cells inside a table; and every way a table kept across calls could go
stale: an edit, a formula inside the table whose result changes, undo, two
documents with the same sheets and ranges, a sheet moved, rows inserted."""

import unittest

from harness import OfficeTestCase

RULES = [
    "calendar business-days",
    "holiday 2026-11-26",
    "stall-limit 30 days",
    'stage "Prospecting" not-counted',
    'stage "Discovery"   stall-limit 10 days',
    'stage "Proposal"    stall-limit 5 days weight 0.5',
    'stage "Negotiation" stall-limit 10 days',
    'stage "Closed Won"  won',
    'stage "Closed Lost" lost',
]

TODAY_HEADERS = ["ID", "Amount", "Stage", "Advance Date", "Close Date"]
TODAY = [
    ("D1", 40000, "Discovery", "11-20", "12-31"),
    ("D2", 50000, "Proposal", "11-20", "2027-01-31"),
    ("D3", 30000, "Closed Won", "11-25", "11-25"),
    ("D4", 20000, "Discovery", "11-09", "12-15"),
    ("D5", 7000, "Discovery", "11-27", "12-18"),
    ("D6", 12000, "Discovery", "11-25", "12-22"),
    ("D8", 30000, "Proposal", "11-27", "12-28"),
    ("D9", 25000, "Discovery", "11-24", "12-30"),
    ("D10", 8000, "Closed Lost", "11-24", "11-24"),
    ("D11", 60000, "Negotiation", "11-24", "12-15"),
]
# The snapshot: the same five columns in another order, and Notes.
SNAPSHOT_HEADERS = ["Stage", "Close Date", "ID", "Notes", "Advance Date", "Amount"]
SNAPSHOT = [
    ("D1", 40000, "Discovery", "11-20", "12-31"),
    ("D2", 50000, "Proposal", "11-20", "12-20"),
    ("D3", 30000, "Negotiation", "11-18", "12-10"),
    ("D4", 20000, "Discovery", "11-09", "12-15"),
    ("D5", 10000, "Discovery", "11-19", "12-18"),
    ("D7", 15000, "Discovery", "11-16", "12-05"),
    ("D8", 30000, "Proposal", "11-20", "2027-01-15"),
    ("D9", 25000, "Prospecting", "11-20", "12-30"),
    ("D10", 8000, "Proposal", "11-02", "12-01"),
    ("D11", 50000, "Negotiation", "11-17", "12-15"),
]

CHANGES = {
    "D1": "unchanged",
    "D2": "pushed out: close 2026-12-20 → 2027-01-31",
    "D3": "won: Negotiation → Closed Won; close 2026-12-10 → 2026-11-25",
    "D4": "no longer real: stalled: 14 days in Discovery (limit 10)",
    "D5": "decreased: amount 10000 → 7000",
    "D6": "new",
    "D7": "removed",
    "D8": "pulled in: close 2027-01-15 → 2026-12-28",
    "D9": "became real: Prospecting → Discovery",
    "D10": "lost: Proposal → Closed Lost; close 2026-12-01 → 2026-11-24",
    "D11": "increased: amount 50000 → 60000",
}

FLOW = [  # the waterfall, in the reference's order: (category, amount, deals)
    ("start", 190000, 7), ("new", 12000, 1), ("pulled in", 15000, 1), ("became real", 25000, 1),
    ("increased", 10000, 1), ("unchanged", 0, 1), ("decreased", -3000, 1), ("no longer real", -20000, 1),
    ("pushed out", -25000, 1), ("won", -30000, 1), ("lost", 0, 1), ("closed", 0, 0), ("removed", -15000, 1),
    ("end", 159000, 6),
]

DEALS = "$Pipeline.$A$1:$E$40"
SNAP = "$Snapshot.$A$1:$F$40"
ARGS = "$Review.$B$1;$Review.$B$2;$Review.$B$3;$Rules.$A$1:$A$20"


def iso(day):
    return day if len(day) == 10 else f"2026-{day}"


def put_row(sheet, row, headers, record, notes=""):
    """One deal in the columns its table's headers give."""
    values = dict(zip(["ID", "Amount", "Stage", "Advance Date", "Close Date"], record))
    values["Notes"] = notes
    for column, header in enumerate(headers):
        cell = sheet.getCellByPosition(column, row)
        value = values[header]
        if isinstance(value, (int, float)):
            cell.setValue(value)
        elif header.endswith("Date"):
            cell.setFormula(iso(value))
        else:
            cell.setString(value)


def build_review(document, rules=RULES, today_headers=TODAY_HEADERS, snapshot_headers=SNAPSHOT_HEADERS):
    """Rules, Pipeline (today), Snapshot and Review sheets: the worked example. Review
    column A lists every id, B its DEAL_CHANGE; D/E/F the waterfall by amount and deals."""
    sheets = document.Sheets
    sheets.getByIndex(0).setName("Review")
    for index, name in enumerate(["Pipeline", "Snapshot", "Rules"], start=1):
        sheets.insertNewByName(name, index)
    rules_sheet = sheets.getByName("Rules")
    for row, line in enumerate(rules, start=1):
        rules_sheet.getCellByPosition(0, row - 1).setString(line)
    for name, headers, records in (("Pipeline", today_headers, TODAY), ("Snapshot", snapshot_headers, SNAPSHOT)):
        sheet = sheets.getByName(name)
        for column, header in enumerate(headers):
            sheet.getCellByPosition(column, 0).setString(header)
        for row, record in enumerate(records, start=1):
            put_row(sheet, row, headers, record, notes="call back" if record[0] == "D2" else "")
    review = sheets.getByName("Review")
    review.getCellRangeByName("B1").setFormula("2026-11-23")   # snapshot_date
    review.getCellRangeByName("B2").setFormula("2026-11-30")   # as_of
    review.getCellRangeByName("B3").setFormula("2026-12-31")   # period_end
    for row, deal in enumerate(CHANGES, start=5):
        review.getCellRangeByName(f"A{row}").setString(deal)
        review.getCellRangeByName(f"B{row}").setFormula(f"=DEAL_CHANGE(A{row};{DEALS};{SNAP};{ARGS})")
    for row, (category, _, _) in enumerate(FLOW, start=5):
        review.getCellRangeByName(f"D{row}").setString(category)
        review.getCellRangeByName(f"E{row}").setFormula(f"=PIPELINE_FLOW(D{row};{DEALS};{SNAP};{ARGS})")
        review.getCellRangeByName(f"F{row}").setFormula(
            f'=PIPELINE_FLOW(D{row};{DEALS};{SNAP};{ARGS};;"deals")')
    document.calculateAll()
    return review


def change_cell(deal):
    return f"B{5 + list(CHANGES).index(deal)}"


def flow_cell(category, measure="amount"):
    row = 5 + [line[0] for line in FLOW].index(category)
    return f"{'E' if measure == 'amount' else 'F'}{row}"


class Review(OfficeTestCase):
    def setUp(self):
        self.document = self.office.new_spreadsheet()
        self.review = build_review(self.document)

    def tearDown(self):
        self.document.close(True)

    def sheet(self, name):
        return self.document.Sheets.getByName(name)

    def assert_worked_example(self, review):
        for deal, change in CHANGES.items():
            with self.subTest(deal=deal):
                self.assertEqual(self.value(review, change_cell(deal)), change)
        for category, amount, deals in FLOW:
            with self.subTest(category=category):
                self.assertEqual(self.value(review, flow_cell(category)), amount)
                self.assertEqual(self.value(review, flow_cell(category, "deals")), deals)

    def test_the_worked_example(self):
        self.assert_worked_example(self.review)

    def test_the_texts_count_and_filter_as_cell_texts(self):
        self.review.getCellRangeByName("H1").setFormula('=COUNTIF(B5:B15;"pushed out*")')
        self.review.getCellRangeByName("H2").setFormula('=MATCH("new";B5:B15;0)')
        self.document.calculateAll()
        self.assertEqual(self.value(self.review, "H1"), 1)
        self.assertEqual(self.value(self.review, "H2"), 6)

    def test_saved_and_reopened(self):
        reopened = self.reload(self.document, "review.ods")
        try:
            self.assert_worked_example(reopened.Sheets.getByName("Review"))
        finally:
            reopened.close(True)

    # ---- A kept table is never stale ----------------------------------------------------

    def test_an_edit_inside_a_table(self):
        self.sheet("Pipeline").getCellRangeByName("B6").setValue(9000)   # D5: 7000 -> 9000
        self.assertEqual(self.value(self.review, change_cell("D5")), "decreased: amount 10000 → 9000")
        self.assertEqual(self.value(self.review, flow_cell("decreased")), -1000)
        self.assertEqual(self.value(self.review, flow_cell("end")), 161000)
        self.sheet("Snapshot").getCellRangeByName("F6").setValue(9000)   # the snapshot's D5, too
        self.assertEqual(self.value(self.review, change_cell("D5")), "unchanged")
        self.assertEqual(self.value(self.review, flow_cell("start")), 189000)

    def test_a_formula_inside_a_table_whose_result_changes(self):
        inputs = self.sheet("Rules")
        inputs.getCellRangeByName("C1").setValue(60000)
        self.sheet("Pipeline").getCellRangeByName("B11").setFormula("=$Rules.C1*1")   # D11's amount
        self.assertEqual(self.value(self.review, change_cell("D11")), "increased: amount 50000 → 60000")
        inputs.getCellRangeByName("C1").setValue(45000)
        self.assertEqual(self.value(self.review, change_cell("D11")), "decreased: amount 50000 → 45000")
        self.assertEqual(self.value(self.review, flow_cell("increased")), 0)
        self.assertEqual(self.value(self.review, flow_cell("decreased")), -8000)

    def test_undo(self):
        self.sheet("Pipeline").getCellRangeByName("C9").setString("Closed Lost")   # D9
        self.assertEqual(self.value(self.review, change_cell("D9")), "lost: Prospecting → Closed Lost")
        self.document.UndoManager.undo()
        self.assertEqual(self.value(self.review, change_cell("D9")), "became real: Prospecting → Discovery")
        self.assertEqual(self.value(self.review, flow_cell("became real")), 25000)

    def test_two_documents_with_the_same_sheets_and_ranges(self):
        other = self.office.new_spreadsheet()
        try:
            other_review = build_review(other)
            other.Sheets.getByName("Pipeline").getCellRangeByName("B2").setValue(41000)   # D1 there only
            self.assertEqual(self.value(other_review, change_cell("D1")), "increased: amount 40000 → 41000")
            self.assertEqual(self.value(self.review, change_cell("D1")), "unchanged")
            self.document.calculateAll()
            other.calculateAll()
            self.assertEqual(self.value(self.review, flow_cell("end")), 159000)
            self.assertEqual(self.value(other_review, flow_cell("end")), 160000)
        finally:
            other.close(True)

    def test_a_table_on_another_sheet_moved_before_this_one(self):
        # Snapshot and Pipeline swap places: each range follows its sheet.
        self.document.Sheets.moveByName("Snapshot", 1)
        self.document.calculateAll()
        self.assert_worked_example(self.review)
        self.sheet("Snapshot").getCellRangeByName("F2").setValue(30000)   # the snapshot's D1
        self.assertEqual(self.value(self.review, change_cell("D1")), "increased: amount 30000 → 40000")

    def test_rows_inserted_inside_a_table(self):
        pipeline = self.sheet("Pipeline")
        pipeline.Rows.insertByIndex(3, 1)   # above D3: the ranges grow by a row
        put_row(pipeline, 3, TODAY_HEADERS, ("D12", 5000, "Discovery", "11-27", "12-20"))
        self.document.calculateAll()
        self.assertEqual(self.value(self.review, flow_cell("new")), 17000)
        self.assertEqual(self.value(self.review, flow_cell("new", "deals")), 2)

    # ---- Real exports' data ----------------------------------------------------------------

    def test_error_cells_inside_a_table(self):
        pipeline = self.sheet("Pipeline")
        pipeline.getCellRangeByName("B4").setFormula("=SQRT(-1)")   # D3's amount: Calc shows Err:502
        self.assertEqual(self.value(self.review, flow_cell("won")),
                         '#truepipe: deals row 4, "Amount": the cell shows Err:502')
        pipeline.getCellRangeByName("B4").setFormula("=10^400")
        self.assertEqual(self.value(self.review, flow_cell("won")),
                         '#truepipe: deals row 4, "Amount": the cell shows #NUM!')
        pipeline.getCellRangeByName("B4").setValue(30000)
        pipeline.getCellRangeByName("B6").setFormula("=1/0")   # D5's amount
        self.assertEqual(self.value(self.review, flow_cell("end")),
                         '#truepipe: deals row 6, "Amount": the cell shows #DIV/0!')
        pipeline.getCellRangeByName("B6").setValue(7000)
        pipeline.getCellRangeByName("D3").setFormula("=NA()")   # D2's advance date
        self.assertEqual(self.value(self.review, change_cell("D1")),
                         '#truepipe: deals row 3, "Advance Date": the cell shows #N/A')
        pipeline.getCellRangeByName("D3").setFormula("2026-11-20")
        self.assertEqual(self.value(self.review, flow_cell("end")), 159000)

    def test_times_of_day_and_iso_texts(self):
        pipeline = self.sheet("Pipeline")
        pipeline.getCellRangeByName("D2").setValue(pipeline.getCellRangeByName("D2").getValue() + 0.6)
        pipeline.getCellRangeByName("E2").setString("2026-12-31T14:32:00Z")
        self.assertEqual(self.value(self.review, change_cell("D1")), "unchanged")
        pipeline.getCellRangeByName("E2").setString("12/31/2026")
        self.assertEqual(self.value(self.review, change_cell("D1")),
                         '#truepipe: deals row 2, "Close Date": "12/31/2026" is not a date: '
                         'Data > Text to Columns turns such a column into dates')


class ReviewScope(OfficeTestCase):
    def test_owner_and_period(self):
        document = self.office.new_spreadsheet()
        try:
            review = build_review(document, today_headers=TODAY_HEADERS, snapshot_headers=SNAPSHOT_HEADERS)
            for name, width in (("Pipeline", 5), ("Snapshot", 6)):
                sheet = document.Sheets.getByName(name)
                sheet.getCellByPosition(width, 0).setString("Owner")
                for row in range(1, 11):
                    sheet.getCellByPosition(width, row).setString("Ana" if row % 2 else "Ben")
            ana = f"{DEALS.replace('$E$', '$F$')};{SNAP.replace('$F$', '$G$')};{ARGS};\"ana\""
            review.getCellRangeByName("H1").setFormula(f'=PIPELINE_FLOW("start";{ana})')
            review.getCellRangeByName("H2").setFormula(f'=PIPELINE_FLOW("end";{ana})')
            # Without a period end, D2 (closing in January) is not pushed out: it is still real, 5 business
            # days after its advance on 2026-11-20 (limit 5).
            review.getCellRangeByName("H3").setFormula(
                f'=DEAL_CHANGE("D2";{DEALS};{SNAP};$Review.$B$1;$Review.$B$2;;$Rules.$A$1:$A$20)')
            document.calculateAll()
            # Ana has the odd rows of both tables: today D1 D3 D5 D8 D10, the snapshot D1 D3 D5 D8 D10.
            self.assertEqual(self.value(review, "H1"), 40000 + 30000 + 10000)
            self.assertEqual(self.value(review, "H2"), 40000 + 7000 + 15000)
            self.assertEqual(self.value(review, "H3"),
                             "unchanged: close 2026-12-20 → 2027-01-31")
        finally:
            document.close(True)

    def test_reordered_headers_named_by_column_lines(self):
        document = self.office.new_spreadsheet()
        try:
            renamed = ["Deal - ID", "Deal - Value", "Deal - Stage", "Deal - Last stage change",
                       "Deal - Expected close date"]
            rules = RULES + ['column id "Deal - ID"', 'column amount "Deal - Value"', 'column stage "Deal - Stage"',
                             'column advance "Deal - Last stage change"', 'column close "Deal - Expected*"']
            sheets = document.Sheets
            review = build_review(document, rules=rules)
            # Today's table with the Pipedrive headers, in place of the defaults.
            pipeline = sheets.getByName("Pipeline")
            for column, header in enumerate(renamed):
                pipeline.getCellByPosition(column, 0).setString(header)
            snapshot = sheets.getByName("Snapshot")
            for column, header in enumerate(SNAPSHOT_HEADERS):
                snapshot.getCellByPosition(column, 0).setString(
                    dict(zip(TODAY_HEADERS, renamed)).get(header, header))
            document.calculateAll()
            self.assert_worked(review)
        finally:
            document.close(True)

    def assert_worked(self, review):
        for deal, change in CHANGES.items():
            with self.subTest(deal=deal):
                self.assertEqual(self.value(review, change_cell(deal)), change)
        self.assertEqual(self.value(review, flow_cell("end")), 159000)


if __name__ == "__main__":
    unittest.main()
