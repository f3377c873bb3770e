"""Builds examples/pipeline-template.ods: a team pipeline with a Dashboard that
tells nominal from real coverage, in real headless Calc with truepipe installed.

    /usr/bin/python3 examples/make_template.py --oxt build/truepipe.oxt \
        --out examples/pipeline-template.ods

The data are literal tables (plus a seeded generator for the dates of earlier
stages and for the conversation log) and the as-of date is fixed, so every run
gives the same workbook and the same figures. The rules are examples/team.rules,
one line per cell on the Rules sheet.

The Dashboard shows coverage for all open pipeline, this quarter and the next
(helper columns on the Pipeline sheet passed as `include`), a per-rep table
(quota, coverage, advance and win rate, required coverage and the real pipeline
still to open), two charts, where the pipeline goes, and every deal's status.
"""

import random
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

import office  # noqa: E402
import uno  # noqa: E402
from com.sun.star.sheet.ConditionOperator import FORMULA as CONDITION_FORMULA  # noqa: E402
from com.sun.star.awt import Rectangle  # noqa: E402
from com.sun.star.table import BorderLine2, CellAddress  # noqa: E402

VALUE_CAPTION = uno.getConstantByName("com.sun.star.chart.ChartDataCaption.VALUE")

AS_OF = date(2026, 11, 30)
TARGET = 1_200_000
QUARTER_END = date(2026, 12, 31)
NEXT_TARGET = 1_500_000
# Each rep's remaining quota this quarter; together the team's Target.
QUOTAS = {"Maria": 350_000, "Jonas": 300_000, "Priya": 300_000, "Daniel": 250_000}
RULES_FILE = HERE / "team.rules"
RULES_ROWS = 40
# Calc's own reference syntax: "Sheet!A1" would read as an intersection with a name.
RULES = f"$Rules.$A$1:$A${RULES_ROWS}"

REPS = ["Maria", "Jonas", "Priya", "Daniel"]
STAGES = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]
OPEN_STAGES = STAGES[1:5]      # the stages with an "Entered ..." column
CLOSED = ("Closed Won", "Closed Lost")

# deal, account, rep, amount, stage, last open stage reached, date it was entered,
# last buyer commitment, close date. Earlier stage-entry dates are generated.
D = date.fromisoformat
DEALS = [
    ("Fleet tracking, 400 vans", "Northwind Logistics", "Maria", 180000, "Negotiation", None, D("2026-11-23"), D("2026-11-25"), D("2026-12-18")),
    ("Store operations suite", "Contoso Retail", "Maria", 95000, "Proposal", None, D("2026-11-12"), D("2026-11-19"), D("2027-01-29")),
    ("Cold chain monitoring", "Fabrikam Foods", "Maria", 140000, "Proposal", None, D("2026-10-20"), None, D("2026-12-15")),
    ("Route planning", "Alpine Dairy", "Maria", 60000, "Discovery", None, D("2026-11-16"), D("2026-11-24"), D("2027-02-26")),
    ("Vessel maintenance", "Bluewater Marine", "Maria", 75000, "Discovery", None, D("2026-11-03"), D("2026-11-10"), D("2027-01-15")),
    ("Hangar scheduling", "Kestrel Air", "Maria", 55000, "Qualification", None, D("2026-11-18"), None, D("2027-03-31")),
    ("Waste collection routing", "Harbor City Council", "Maria", 210000, "Qualification", None, D("2026-10-05"), D("2026-10-14"), D("2027-03-31")),
    ("Home care scheduling", "Lumen Clinics", "Maria", 45000, "Prospecting", None, None, D("2026-11-20"), D("2027-04-30")),
    ("Site equipment tracking", "Redwood Builders", "Maria", 120000, "Negotiation", None, D("2026-11-16"), D("2026-11-24"), D("2026-11-27")),
    ("Store tablets, 30 shops", "Summit Outdoor", "Maria", 85000, "Closed Won", "Negotiation", D("2026-10-12"), D("2026-10-28"), D("2026-11-06")),
    ("Lab sample logistics", "Gamma Pharma", "Maria", 130000, "Closed Lost", "Proposal", D("2026-09-15"), D("2026-09-22"), D("2026-10-30")),
    ("Field technician dispatch", "Orion Telecom", "Maria", 160000, "Negotiation", None, D("2026-11-09"), D("2026-12-02"), D("2026-12-22")),

    ("Meter reading app", "Vertex Energy", "Jonas", 90000, "Discovery", None, D("2026-11-09"), D("2026-11-20"), D("2027-02-15")),
    ("Housekeeping mobile", "Pinecrest Hotels", "Jonas", 48000, "Qualification", None, D("2026-10-26"), None, D("2027-01-29")),
    ("Delivery routing", "Crescent Foods", "Jonas", 115000, "Proposal", None, D("2026-11-20"), D("2026-11-25"), D("2026-12-31")),
    ("Ambulance fleet", "Meridian Health", "Jonas", 250000, "Proposal", None, D("2026-10-01"), D("2026-10-15"), D("2026-12-31")),
    ("Plant maintenance", "Ironclad Steel", "Jonas", 135000, "Negotiation", None, D("2026-11-19"), D("2026-11-23"), D("2026-12-11")),
    ("Track inspection", "Silverline Rail", "Jonas", 175000, "Discovery", None, D("2026-11-10"), D("2026-11-17"), D("2026-10-31")),
    ("School bus routing", "Oakridge Schools", "Jonas", 65000, "Qualification", None, D("2026-11-24"), None, D("2027-03-15")),
    ("Distributor portal", "Hollis Brewing", "Jonas", 30000, "Prospecting", None, None, D("2026-11-18"), D("2027-05-31")),
    ("Crane scheduling", "Tidewater Ports", "Jonas", 190000, "Discovery", None, D("2026-10-13"), D("2026-10-27"), D("2027-02-26")),
    ("Clinic scheduling", "Bright Dental", "Jonas", 40000, "Closed Won", "Negotiation", D("2026-11-02"), D("2026-11-10"), D("2026-11-13")),
    ("Equipment telematics", "Quarry Stone", "Jonas", 70000, "Closed Lost", "Discovery", D("2026-09-08"), None, D("2026-10-15")),
    ("Field crew app", "Lakeshore Water", "Jonas", 85000, "Qualification", None, D("2026-12-02"), None, D("2027-04-30")),

    ("Claims field app", "Granite Insurance", "Priya", 145000, "Negotiation", None, D("2026-11-25"), None, D("2026-12-23")),
    ("Yard management", "Beacon Logistics", "Priya", 110000, "Proposal", None, D("2026-11-16"), D("2026-11-23"), D("2027-01-22")),
    ("Porter dispatch", "Elmwood Hospital", "Priya", 80000, "Discovery", None, D("2026-11-02"), D("2026-11-18"), D("2027-02-26")),
    ("Guard tour app", "Falcon Security", "Priya", 52000, "Discovery", None, D("2026-10-19"), D("2026-10-29"), D("2027-01-29")),
    ("Van sales", "Sterling Foods", "Priya", 68000, "Qualification", None, D("2026-11-11"), D("2026-11-19"), D("2027-02-12")),
    ("Outage crew scheduling", "Nova Utilities", "Priya", 230000, "Proposal", None, D("2026-11-05"), D("2026-12-03"), D("2026-12-18")),
    ("Cabin crew app", "Aurora Airlines", "Priya", 95000, "Qualification", None, D("2026-11-20"), None, D("2026-11-25")),
    ("Haul truck tracking", "Cobalt Mining", "Priya", 300000, "Prospecting", None, None, D("2026-11-24"), D("2027-06-30")),
    ("Visit scheduling", "Willow Care", "Priya", 42000, "Discovery", None, D("2026-11-23"), None, D("2027-03-31")),
    ("Proof of delivery", "Delta Couriers", "Priya", 78000, "Closed Won", "Negotiation", D("2026-11-09"), D("2026-11-16"), D("2026-11-20")),
    ("Dealer service app", "Zenith Motors", "Priya", 160000, "Closed Lost", "Negotiation", D("2026-10-05"), D("2026-10-12"), D("2026-11-02")),
    ("Harvest logistics", "Riverbend Farms", "Priya", 58000, "Negotiation", None, D("2026-10-26"), D("2026-11-02"), D("2026-12-15")),

    ("Plant hire tracking", "Keystone Construction", "Daniel", 125000, "Proposal", None, D("2026-10-08"), D("2026-10-20"), D("2026-12-18")),
    ("Silo monitoring", "Prairie Grain", "Daniel", 95000, "Discovery", None, D("2026-09-29"), D("2026-10-06"), D("2026-12-31")),
    ("Cross-dock scanning", "Titan Freight", "Daniel", 210000, "Negotiation", None, D("2026-10-14"), D("2026-11-06"), D("2026-12-20")),
    ("Meter crew app", "Coastal Gas", "Daniel", 85000, "Qualification", None, D("2026-09-14"), None, D("2026-11-30")),
    ("Grounds crew scheduling", "Evergreen Parks", "Daniel", 38000, "Qualification", None, D("2026-11-17"), D("2026-11-24"), D("2027-01-29")),
    ("Maintenance app", "Majestic Cinemas", "Daniel", 62000, "Proposal", None, D("2026-11-06"), D("2026-11-20"), D("2027-01-15")),
    ("Temperature alerts", "Polar Cold Storage", "Daniel", 110000, "Discovery", None, D("2026-10-21"), D("2026-10-23"), D("2026-11-13")),
    ("Route sales", "Sunrise Bakeries", "Daniel", 35000, "Prospecting", None, None, D("2026-11-12"), D("2027-03-31")),
    ("Dispatch board", "Harbor Pilots", "Daniel", 72000, "Discovery", None, D("2026-11-13"), D("2026-11-25"), D("2027-02-26")),
    ("Service technicians", "Apex Elevators", "Daniel", 155000, "Negotiation", None, D("2026-11-20"), D("2026-11-24"), D("2026-12-30")),
    ("Warehouse scanners", "Cedar Logistics", "Daniel", 90000, "Closed Lost", "Proposal", D("2026-09-21"), D("2026-10-05"), D("2026-10-28")),
    ("Bus depot app", "Metro Transit", "Daniel", 120000, "Closed Won", "Negotiation", D("2026-10-19"), D("2026-11-03"), D("2026-11-17")),

    # Earlier decided deals, so that every rep's win rate rests on five of them.
    # Each is smaller than the rep's decided deal above of the same outcome, which
    # stays the deal an "Order" or "No sale" conversation is about.
    ("Depot scheduling", "Ridgeway Transport", "Maria", 60000, "Closed Won", "Negotiation", D("2026-09-14"), D("2026-09-28"), D("2026-10-09")),
    ("Meal delivery app", "Greenleaf Catering", "Maria", 45000, "Closed Won", "Proposal", D("2026-08-17"), D("2026-08-31"), D("2026-09-18")),
    ("Parts tracking", "Vanguard Aero", "Maria", 50000, "Closed Lost", "Discovery", D("2026-08-24"), None, D("2026-09-30")),
    ("Kitchen ordering", "Maple Street Diners", "Jonas", 35000, "Closed Won", "Negotiation", D("2026-10-05"), D("2026-10-16"), D("2026-10-30")),
    ("Passenger counting", "Coastline Ferries", "Jonas", 65000, "Closed Lost", "Proposal", D("2026-09-07"), D("2026-09-21"), D("2026-10-23")),
    ("Inspection checklists", "Brightwater Utilities", "Jonas", 55000, "Closed Lost", "Qualification", D("2026-08-10"), None, D("2026-09-11")),
    ("Courier handhelds", "Swift Parcel", "Priya", 72000, "Closed Won", "Negotiation", D("2026-09-21"), D("2026-10-02"), D("2026-10-16")),
    ("Pharmacy deliveries", "Carewell Pharmacies", "Priya", 65000, "Closed Won", "Proposal", D("2026-08-24"), D("2026-09-04"), D("2026-09-25")),
    ("Snow plough routing", "Highland County", "Priya", 40000, "Closed Lost", "Discovery", D("2026-08-31"), None, D("2026-10-09")),
    ("Rental returns app", "Fairway Equipment", "Daniel", 50000, "Closed Won", "Negotiation", D("2026-09-28"), D("2026-10-07"), D("2026-10-21")),
    ("Shelf scanning", "Northgate Grocers", "Daniel", 80000, "Closed Lost", "Proposal", D("2026-09-02"), D("2026-09-16"), D("2026-10-14")),
    ("Ticket inspection", "Riverside Trams", "Daniel", 60000, "Closed Lost", "Discovery", D("2026-08-12"), None, D("2026-09-23")),
]

# How each rep's conversations ended: (outcome, how many). Daniel is busy but
# rarely wins a commitment; that is what the advance rate shows.
CONVERSATIONS = {
    "Maria": [("Second meeting", 3), ("Stakeholder meeting", 3), ("Proposal review", 2), ("Pilot agreed", 2),
              ("Order", 1), ("Call back later", 4), ("Send information", 3), ("No decision", 2)],
    "Jonas": [("Second meeting", 3), ("Stakeholder meeting", 2), ("Proposal review", 1), ("Order", 1),
              ("Call back later", 5), ("Send information", 5), ("No decision", 2), ("No sale", 1)],
    "Priya": [("Second meeting", 3), ("Stakeholder meeting", 2), ("Proposal review", 2), ("Pilot agreed", 1),
              ("Order", 1), ("Call back later", 4), ("Send information", 4), ("No decision", 3)],
    "Daniel": [("Second meeting", 2), ("Proposal review", 1), ("Order", 1), ("Call back later", 7),
               ("Send information", 6), ("No decision", 2), ("No sale", 1)],
}

# Light-red background for stalled deals (conditional formatting).
STALLED_STYLE = "Stalled deal"
RED_FILL, RED_TEXT = 0xF8D0CC, 0x9C0006
HEADER_FILL, NOTE_GREY, HELPER_FILL = 0xDDE5EE, 0x666666, 0xF2F2F2


def earlier_entries(rng, reached, entered):
    """Stage-entry dates for every open stage up to `reached`, ending with `entered`."""
    dates = {reached: entered}
    day = entered
    for stage in reversed(OPEN_STAGES[:OPEN_STAGES.index(reached)]):
        day -= timedelta(days=rng.randint(9, 24))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        dates[stage] = day
    return dates


def pipeline_rows():
    """The Pipeline sheet, one tuple per deal, sorted by rep and then stage."""
    rng = random.Random(2026)
    rows = []
    for deal, account, rep, amount, stage, reached, entered, commitment, close in DEALS:
        entries = earlier_entries(rng, reached or stage, entered) if entered else {}
        rows.append((deal, account, rep, amount, stage,
                     *[entries.get(s) for s in OPEN_STAGES], commitment, close))
    return sorted(rows, key=lambda row: (REPS.index(row[2]), STAGES.index(row[4]), -row[3]))


def working_days(first, last, holidays):
    day, days = first, []
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def conversation_rows(deals):
    """The conversation log: date, rep, deal, outcome, sorted by date."""
    rng = random.Random(11)
    days = working_days(date(2026, 10, 1), date(2026, 11, 25), {date(2026, 11, 26)})
    rows = []
    for rep in REPS:
        outcomes = [outcome for outcome, count in CONVERSATIONS[rep] for _ in range(count)]
        rng.shuffle(outcomes)
        rep_deals = [row for row in deals if row[2] == rep]
        talking = [row[0] for row in rep_deals if row[4] not in CLOSED]
        for outcome in outcomes:
            # An order or a no-sale ends a deal: it is the conversation on its close date.
            ending = {"Order": "Closed Won", "No sale": "Closed Lost"}.get(outcome)
            if ending:
                deal = next(row for row in rep_deals if row[4] == ending)
                rows.append((deal[-1], rep, deal[0], outcome))
            else:
                rows.append((rng.choice(days), rep, rng.choice(talking), outcome))
    rows.sort(key=lambda row: (row[0], REPS.index(row[1]), row[2]))
    # People type: a few outcomes in other cases or with a stray space still count.
    variants = [str.lower, str.upper, lambda text: text + " ", str.lower, lambda text: " " + text]
    for index, variant in zip(range(6, len(rows), 15), variants):
        when, rep, deal, outcome = rows[index]
        rows[index] = (when, rep, deal, variant(outcome))
    return rows


class Workbook:
    """Thin helpers over one Calc document."""

    def __init__(self, document):
        self.document = document
        null = document.NullDate
        self.null_date = date(null.Year, null.Month, null.Day)
        self.formats = {}

    def serial(self, day):
        return (day - self.null_date).days

    def number_format(self, code):
        if code not in self.formats:
            formats = self.document.NumberFormats
            locale = uno.createUnoStruct("com.sun.star.lang.Locale", "en", "US", "")
            key = formats.queryKey(code, locale, False)
            self.formats[code] = key if key != -1 else formats.addNew(code, locale)
        return self.formats[code]

    def put(self, sheet, address, value, fmt=None):
        cell = sheet.getCellRangeByName(address)
        if value is None:
            cell.setString("")
        elif isinstance(value, date):
            cell.setValue(self.serial(value))
            fmt = fmt or "YYYY-MM-DD"
        elif isinstance(value, str) and value.startswith("="):
            cell.setFormula(value)
        elif isinstance(value, str):
            cell.setString(value)
        else:
            cell.setValue(value)
        if fmt:
            cell.NumberFormat = self.number_format(fmt)
        return cell

    def fmt(self, sheet, address, code):
        sheet.getCellRangeByName(address).NumberFormat = self.number_format(code)

    def name(self, name, absolute_reference):
        ranges = self.document.NamedRanges
        if ranges.hasByName(name):
            ranges.removeByName(name)
        ranges.addNewByName(name, absolute_reference, CellAddress(0, 0, 0), 0)


def widths(sheet, centimetres):
    columns = sheet.Columns
    for index, width in enumerate(centimetres):
        columns.getByIndex(index).Width = int(width * 1000)


def align(cells, how):
    cells.HoriJustify = uno.Enum("com.sun.star.table.CellHoriJustify", how)


def header(cells):
    cells.CharWeight = 150.0  # com.sun.star.awt.FontWeight.BOLD
    cells.CellBackColor = HEADER_FILL
    line = BorderLine2()
    line.OuterLineWidth = line.LineWidth = 26
    line.Color = 0x44546A
    cells.BottomBorder = line


def table_head(book, sheet, row, titles, wrapped=False):
    """A table's heading row from column A: the first title names the rows, the
    others head figures and stand right-aligned over them. Wrapped, long titles
    take two or three lines of a taller row."""
    last = chr(ord("A") + len(titles) - 1)
    for column, text in zip("ABCDEFGHIJ", titles):
        book.put(sheet, f"{column}{row}", text)
    cells = sheet.getCellRangeByName(f"A{row}:{last}{row}")
    header(cells)
    if wrapped:
        cells.IsTextWrapped = True
        cells.VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "BOTTOM")
        sheet.Rows.getByIndex(row - 1).Height = 1300
    align(sheet.getCellRangeByName(f"B{row}:{last}{row}"), "RIGHT")


def note(cell):
    align(cell, "LEFT")
    cell.ParaIndent = 250
    cell.CharColor = NOTE_GREY
    cell.CharPosture = uno.Enum("com.sun.star.awt.FontSlant", "ITALIC")


def build_rules(book, sheet, lines):
    for row, line in enumerate(lines, start=1):
        if line.strip():
            book.put(sheet, f"A{row}", line)
    book.put(sheet, "B1", f"=RULES_CHECK($A$1:$A${RULES_ROWS})")
    note(book.put(sheet, "B2", "OK means Calc reads the rules above; otherwise it names the line and column to fix."))
    sheet.getCellRangeByName(f"A1:A{RULES_ROWS}").CharFontName = "DejaVu Sans Mono"
    widths(sheet, [24.0, 12.0])


def build_pipeline(book, sheet, deals):
    titles = ["Deal", "Account", "Rep", "Amount", "Stage", "Entered Qualification", "Entered Discovery",
              "Entered Proposal", "Entered Negotiation", "Last buyer commitment", "Close date"]
    for column, title in enumerate(titles):
        sheet.getCellByPosition(column, 0).setString(title)
    head = sheet.getCellRangeByPosition(0, 0, len(titles) - 1, 0)
    header(head)
    head.IsTextWrapped = True
    for index, row in enumerate(deals, start=2):
        for column, value in zip("ABCDEFGHIJK", row):
            book.put(sheet, f"{column}{index}", value)
    last = len(deals) + 1
    book.fmt(sheet, f"D2:D{last}", "#,##0")
    book.fmt(sheet, f"F2:K{last}", "YYYY-MM-DD")
    # Helper columns for the Dashboard's include arguments: one TRUE or FALSE per
    # deal, which a normal formula can pass (an expression over the close dates
    # would arrive as one value).
    helpers = [("This quarter", "=K{row}<=QuarterEnd"), ("Next quarter", "=AND(K{row}>QuarterEnd;K{row}<=NextQuarterEnd)")]
    for column, (title, formula) in zip("LM", helpers):
        book.put(sheet, f"{column}1", title)
        for row in range(2, last + 1):
            book.put(sheet, f"{column}{row}", formula.format(row=row))
        align(sheet.getCellRangeByName(f"{column}2:{column}{last}"), "CENTER")
    helper_head = sheet.getCellRangeByName("L1:M1")
    header(helper_head)
    helper_head.IsTextWrapped = True
    sheet.getCellRangeByName(f"L2:M{last}").CellBackColor = HELPER_FILL
    book.name("ThisQuarter", f"$Pipeline.$L$2:$L${last}")
    book.name("NextQuarter", f"$Pipeline.$M$2:$M${last}")
    widths(sheet, [5.2, 4.6, 2.0, 2.4, 3.0] + [2.7] * 6 + [2.2, 2.2])
    sheet.Rows.getByIndex(0).Height = 1000
    return last


def build_conversations(book, sheet, conversations):
    for column, title in enumerate(["Date", "Rep", "Deal", "Outcome"]):
        sheet.getCellByPosition(column, 0).setString(title)
    header(sheet.getCellRangeByPosition(0, 0, 3, 0))
    for index, (when, rep, deal, outcome) in enumerate(conversations, start=2):
        book.put(sheet, f"A{index}", when)
        book.put(sheet, f"B{index}", rep)
        book.put(sheet, f"C{index}", deal)
        book.put(sheet, f"D{index}", outcome)
    widths(sheet, [2.6, 2.2, 5.4, 4.4])
    return len(conversations) + 1


def stalled_style(document):
    styles = document.StyleFamilies.getByName("CellStyles")
    if not styles.hasByName(STALLED_STYLE):
        styles.insertByName(STALLED_STYLE, document.createInstance("com.sun.star.style.CellStyle"))
    style = styles.getByName(STALLED_STYLE)
    style.ParentStyle = "Default"
    style.CellBackColor = RED_FILL
    style.CharColor = RED_TEXT
    return STALLED_STYLE


# Where the Dashboard keeps things; the demo and the tests find them by the
# named expressions defined here.
COVERAGE_ROW = 11            # header; then all open pipeline, this quarter, next quarter
REP_ROW = 19                 # header; one row per rep, then the team
CHART_ROWS = (31, 47)        # the two charts, side by side, at the top of page 2
SPLIT_ROW = 49               # header of "Where the pipeline goes"
RATE_ROW = 57                # header of the advance rates
DEALS_ROW = 65               # header of the deals table, from page 3 on
INPUT_FILL = 0xFFF2CC


class Ranges:
    """The Pipeline columns and the Dashboard's status column, as formula text."""

    def __init__(self, deals_last):
        p = lambda column: f"$Pipeline.${column}$2:${column}${deals_last}"  # noqa: E731
        self.amounts, self.reps, self.stages, self.closes = p("D"), p("C"), p("E"), p("K")
        self.advances = f"$Pipeline.$F$2:$J${deals_last}"
        first = DEALS_ROW + 1
        self.first, self.last = first, first + deals_last - 2
        self.status = f"$Dashboard.$G${first}:$G${self.last}"
        self.deal_amounts = f"$D${first}:$D${self.last}"

    def open_amount(self, *criteria):
        """Open deals' amounts (every stage but the closed ones), with more SUMIFS criteria."""
        return ";".join([f'SUMIFS({self.amounts};{self.stages};"<>Closed Won";{self.stages};"<>Closed Lost"',
                         *criteria]) + ")"

    def open_count(self, *criteria):
        return ";".join([f'COUNTIFS({self.stages};"<>Closed Won";{self.stages};"<>Closed Lost"', *criteria]) + ")"

    def real_coverage(self, target, include=None):
        arguments = [self.amounts, self.stages, self.advances, self.closes, target, "AsOf", RULES]
        return f"=REAL_COVERAGE({';'.join(arguments + ([include] if include else []))})"


def build_inputs(book, sheet):
    """The title and the input cells; their names exist before any formula uses them."""
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    title = put("A1", "Pipeline truth: team dashboard")
    title.CharHeight = 16.0
    title.CharWeight = 150.0
    note(put("A2", "Every figure follows the yellow inputs below, the rep quotas and the thresholds on the Rules sheet."))
    sheet.getCellRangeByName("A2").ParaIndent = 0

    inputs = [
        ("As of", AS_OF, None, "A fixed date keeps this report reproducible; type =TODAY() to follow the calendar."),
        ("Target (remaining quota)", TARGET, "#,##0", "What the team still has to win this quarter; try another figure."),
        ("Quarter end", QUARTER_END, None, "This quarter's deals close on or before this date."),
        ("Next quarter target", NEXT_TARGET, "#,##0", "The next quarter's quota, for an early look at its coverage."),
    ]
    for row, (label, value, fmt, text) in enumerate(inputs, start=4):
        put(f"A{row}", label)
        put(f"B{row}", value, fmt).CellBackColor = INPUT_FILL
        note(put(f"C{row}", text))
    put("A8", "Next quarter end")
    put("B8", "=EOMONTH(QuarterEnd;3)", "YYYY-MM-DD")
    note(put("C8", "Three months after the quarter end; next quarter's deals close after the quarter end, up to this date."))
    for name, cell in (("AsOf", "B4"), ("Target", "B5"), ("QuarterEnd", "B6"), ("NextTarget", "B7"),
                       ("NextQuarterEnd", "B8")):
        book.name(name, f"$Dashboard.${cell[0]}${cell[1:]}")

    put("A9", "Rules")
    put("B9", f"=RULES_CHECK({RULES})")
    rules_check = sheet.getCellRangeByName("B9:I9")
    rules_check.merge(True)
    rules_check.IsTextWrapped = True
    rules_check.VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")
    sheet.Rows.getByIndex(8).Height = 900    # merged cells do not grow by themselves
    sheet.getCellRangeByName("A9").VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")


def build_coverage(book, sheet, r):
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    head = COVERAGE_ROW
    titles = ["Coverage (pipeline / target)", "Nominal", "Real", "Nominal pipeline", "Real pipeline, weighted",
              "Open deals", "Real deals"]
    table_head(book, sheet, head, titles, wrapped=True)
    periods = [("All open pipeline", "Target", None),
               ("This quarter", "Target", "ThisQuarter"),
               ("Next quarter", "NextTarget", "NextQuarter")]
    for row, (label, target, include) in enumerate(periods, start=head + 1):
        criteria = [include, "TRUE()"] if include else []
        put(f"A{row}", label)
        put(f"B{row}", f"={r.open_amount(*criteria)}/{target}", '0.00"x"')
        put(f"C{row}", r.real_coverage(target, include), '0.00"x"')
        put(f"D{row}", f"=B{row}*{target}", "#,##0")
        put(f"E{row}", f"=C{row}*{target}", "#,##0")
        put(f"F{row}", f"={r.open_count(*criteria)}")
        put(f"G{row}", "=COUNTIFS(" + ";".join([r.status, '"real"', *criteria]) + ")")
    first = head + 1
    sheet.getCellRangeByName(f"A{first}:C{first}").CharWeight = 150.0
    sheet.getCellRangeByName(f"B{first}:C{first}").CharHeight = 14.0
    texts = ["This quarter: deals closing on or before the quarter end; it and all open pipeline are over the "
             "Target, the next quarter over its own target.",
             "Nominal: open deals at their full amount (unweighted), as pipeline is usually reported. Real: open, "
             "counted deals that moved",
             "forward within their stall limit and are not past their close date, at amount x stage weight "
             "(weighted, by the stage weights on the Rules sheet)."]
    for row, text in enumerate(texts, start=head + 4):
        note(put(f"A{row}", text))
    book.name("NominalCoverage", f"$Dashboard.$B${first}")
    book.name("RealCoverage", f"$Dashboard.$C${first}")
    book.name("QuarterCoverage", f"$Dashboard.$A${first + 1}:$E${first + 2}")


def build_reps(book, sheet, r, rate_rows):
    """This quarter by rep: coverage, advance and win rate, and the pipeline still to open."""
    head, first = REP_ROW, REP_ROW + 1
    team = first + len(REPS)
    titles = ["This quarter by rep", "Remaining quota", "Nominal coverage", "Real coverage, weighted",
              "Advance rate", "Win rate, by amount", "Required coverage", "Real pipeline, unweighted",
              "Still to open, unweighted"]
    table_head(book, sheet, head, titles, wrapped=True)
    for row, rep in enumerate(REPS, start=first):
        rep_row(book, sheet, r, row, rep, rate_rows[rep])
    team_row(book, sheet, r, first, team, rate_rows["Team"])
    for columns, fmt in (("B", "#,##0"), ("CD", '0.00"x"'), ("EF", "0%"), ("G", '0.00"x"'), ("HI", "#,##0")):
        book.fmt(sheet, f"{columns[0]}{first}:{columns[-1]}{team}", fmt)
    sheet.getCellRangeByName(f"A{team}:I{team}").CharWeight = 150.0
    sheet.getCellRangeByName(f"I{first}:I{team}").CharColor = RED_TEXT
    rep_notes(book, sheet, team)
    book.name("RepTable", f"$Dashboard.$A${first}:$I${team}")
    return first, team


THIS_QUARTER = ["ThisQuarter", "TRUE()"]     # SUMIFS criteria: the helper column is TRUE


def rep_row(book, sheet, r, row, rep, rate_row):
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    mine = [r.reps, f"$A{row}"]
    put(f"A{row}", rep)
    put(f"B{row}", QUOTAS[rep]).CellBackColor = INPUT_FILL
    put(f"C{row}", f"={r.open_amount(*mine, *THIS_QUARTER)}/B{row}")
    # One rep this quarter: an array formula, so the include expression is
    # evaluated for every deal (typed normally it would arrive as one value).
    sheet.getCellRangeByName(f"D{row}").setArrayFormula(
        r.real_coverage(f"B{row}", f"({r.reps}=$A{row})*ThisQuarter"))
    put(f"E{row}", f"=$B${rate_row}")
    sheet.getCellRangeByName(f"F{row}").setArrayFormula(
        f"=WIN_RATE({r.stages};{r.amounts};{RULES};{r.reps}=$A{row})")
    put(f"G{row}", f"=1/F{row}")
    # The required multiple applies to unweighted real pipeline: the amounts of
    # the rep's deals whose status is real, not REAL_COVERAGE's weighted sum.
    put(f"H{row}", f'=SUMIFS({r.amounts};{r.status};"real";{";".join(mine + THIS_QUARTER)})')
    put(f"I{row}", f"=MAX(0;B{row}*G{row}-H{row})")


def team_row(book, sheet, r, first, team, rate_row):
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    put(f"A{team}", "Team")
    put(f"B{team}", f"=SUM(B{first}:B{team - 1})")
    put(f"C{team}", f"={r.open_amount(*THIS_QUARTER)}/B{team}")
    put(f"D{team}", r.real_coverage(f"B{team}", "ThisQuarter"))
    put(f"E{team}", f"=$B${rate_row}")
    put(f"F{team}", f"=WIN_RATE({r.stages};{r.amounts};{RULES})")
    put(f"G{team}", f"=1/F{team}")
    put(f"H{team}", f"=SUM(H{first}:H{team - 1})")
    # One rep's surplus fills no other rep's quota, so the team's shortfall is
    # the sum of the reps', not the team's quota against the team's pipeline.
    put(f"I{team}", f"=SUM(I{first}:I{team - 1})")


def rep_notes(book, sheet, team):
    quota = ("Remaining quota: type each rep's (yellow). The team's is their sum, "
             '"&IF(B{team}=Target;"here equal to the Target above.";'
             '"which differs from the Target above by "&FIXED(B{team}-Target;0)&".")').format(team=team)
    notes = ['="' + quota,
             "Coverage and still to open: the deals closing by the quarter end. Advance rate: every conversation "
             "(Conversations sheet).",
             "Win rate = won amount / decided amount, over every Closed Won and Closed Lost deal of the rep "
             "(Pipeline sheet).",
             "Required coverage = 1 / win rate, a multiple of UNWEIGHTED real pipeline: compare it with real "
             "pipeline (unweighted) / quota,",
             "never with the weighted real coverage. Still to open = quota x required coverage - real pipeline "
             "(unweighted), at least 0.",
             "The team's still to open is the sum of the reps': one rep's surplus fills no other rep's quota."]
    for row, text in enumerate(notes, start=team + 1):
        note(book.put(sheet, f"A{row}", text))


def build_split(book, sheet, r):
    """Where the pipeline goes: every deal's amount by status, the second chart's data."""
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    head = SPLIT_ROW
    table_head(book, sheet, head, ["Where the pipeline goes", "Amount", "Deals"])
    reasons = [("Real (counts, before weights)", "real"), ("Stalled", "stalled*"),
               ("Past close date", "past close*"), ("No advance by the as-of date", "no advance*"),
               ("Not counted (Prospecting)", "not counted*"), ("Closed", "closed")]
    table = f"$G${r.first}:$G${r.last}"
    for row, (label, pattern) in enumerate(reasons, start=head + 1):
        put(f"A{row}", label)
        put(f"B{row}", f'=SUMIF({table};"{pattern}";{r.deal_amounts})', "#,##0")
        put(f"C{row}", f'=COUNTIF({table};"{pattern}")')
    stalled = sheet.getCellRangeByName(f"C{head + 2}")
    stalled.CharColor = RED_TEXT
    stalled.CharWeight = 150.0
    note(put(f"D{head + 1}", "Every deal on the Pipeline sheet, by its status in the"))
    note(put(f"D{head + 2}", "deals table below, at its full amount."))
    last = head + len(reasons)
    book.name("PipelineSplit", f"$Dashboard.$A${head + 1}:$C${last}")
    return head, last


def build_rates(book, sheet, talks_last):
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    head = RATE_ROW
    table_head(book, sheet, head, ["Advance rate", "Rate", "Conversations"])
    reps = f"$Conversations.$B$2:$B${talks_last}"
    outcomes = f"$Conversations.$D$2:$D${talks_last}"
    rows = {}
    for row, rep in enumerate(REPS, start=head + 1):
        rows[rep] = row
        put(f"A{row}", rep)
        cell = sheet.getCellRangeByName(f"B{row}")
        cell.setArrayFormula(f"=ADVANCE_RATE({outcomes};{RULES};({reps}=A{row}))")
        cell.NumberFormat = book.number_format("0%")
        put(f"C{row}", f"=COUNTIF({reps};A{row})")
    team = head + 1 + len(REPS)
    rows["Team"] = team
    put(f"A{team}", "Team")
    put(f"B{team}", f"=ADVANCE_RATE({outcomes};{RULES})", "0%")
    put(f"C{team}", f"=COUNTA({outcomes})")
    sheet.getCellRangeByName(f"A{team}:C{team}").CharWeight = 150.0
    note(put(f"D{head + 1}", "Share of sales conversations that ended with the buyer"))
    note(put(f"D{head + 2}", "committing to a next step (Conversations sheet)."))
    book.name("AdvanceRates", f"$Dashboard.$A${head + 1}:$B${team}")
    return rows


def build_deals(book, sheet, r):
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731
    first, last = r.first, r.last
    titles = ["Deal", "Rep", "Stage", "Amount", "Stall days", "Limit", "Status"]
    for column, text in enumerate(titles):
        sheet.getCellByPosition(column, first - 2).setString(text)
    header(sheet.getCellRangeByPosition(0, first - 2, len(titles) - 1, first - 2))
    for offset in range(last - first + 1):
        row, source = first + offset, 2 + offset
        put(f"A{row}", f"=$Pipeline.A{source}")
        put(f"B{row}", f"=$Pipeline.C{source}")
        put(f"C{row}", f"=$Pipeline.E{source}")
        put(f"D{row}", f"=$Pipeline.D{source}", "#,##0")
        put(f"E{row}", f"=STALL_DAYS($Pipeline.F{source}:J{source};AsOf;{RULES})")
        put(f"F{row}", f'=IF(OR(C{row}="Closed Won";C{row}="Closed Lost");"";STALL_LIMIT(C{row};{RULES}))')
        put(f"G{row}", f"=DEAL_STATUS(C{row};$Pipeline.F{source}:J{source};$Pipeline.K{source};AsOf;{RULES})")
    align(sheet.getCellRangeByName(f"D{first - 1}:F{first - 1}"), "RIGHT")
    # An error text (e.g. no advance yet) shows in red, cut at the column's edge;
    # the Status column says it in full.
    book.fmt(sheet, f"E{first}:E{last}", '0;-0;0;[RED]@')
    statuses = sheet.getCellRangeByName(f"G{first - 1}:G{last}")
    align(statuses, "LEFT")
    statuses.ParaIndent = 300
    book.name("Deals", f"$Dashboard.$A${first}:$G${last}")
    note(put(f"A{first - 2}", "Deals: rows in red have not moved forward within their stage's stall limit."))
    sheet.getCellRangeByName(f"A{first - 2}").ParaIndent = 0

    # Highlight stalled deals, across the width the status text runs into.
    # Errors are texts and text > number is TRUE in Calc, hence the ISNUMBER guards.
    deals_range = sheet.getCellRangeByName(f"A{first}:I{last}")
    entries = deals_range.ConditionalFormat
    entries.clear()
    entries.addNew(office.props(
        Operator=CONDITION_FORMULA,
        Formula1=f"AND(ISNUMBER($E{first});ISNUMBER($F{first});$E{first}>$F{first})",
        StyleName=stalled_style(book.document),
        SourcePosition=CellAddress(sheet.RangeAddress.Sheet, 0, first - 1)))
    deals_range.ConditionalFormat = entries


def add_chart(sheet, name, area, ranges, title, colors, horizontal=False):
    """A bar chart over `area` (e.g. "A29:D45") of the cell ranges `ranges`,
    first row and first column being the series names and the categories."""
    cells = sheet.getCellRangeByName(area)
    top_left = cells.getCellByPosition(0, 0)
    bottom_right = cells.getCellByPosition(cells.Columns.Count - 1, cells.Rows.Count - 1)
    x, y = top_left.Position.X, top_left.Position.Y
    rect = Rectangle(x + 150, y + 150, bottom_right.Position.X + bottom_right.Size.Width - x - 300,
                     bottom_right.Position.Y + bottom_right.Size.Height - y - 300)
    charts = sheet.getCharts()
    if charts.hasByName(name):
        charts.removeByName(name)
    charts.addNewByName(name, rect, [sheet.getCellRangeByName(cell_range).RangeAddress for cell_range in ranges],
                        True, True)
    chart = charts.getByName(name).getEmbeddedObject()
    chart.HasMainTitle = True
    chart.Title.String = title
    chart.Title.CharHeight = 11.0
    chart.HasLegend = len(colors) > 1
    if chart.HasLegend:
        chart.Legend.Alignment = uno.Enum("com.sun.star.chart.ChartLegendPosition", "BOTTOM")
    chart.Diagram.Vertical = horizontal
    chart.Diagram.DataCaption = VALUE_CAPTION
    system = chart.getFirstDiagram().getCoordinateSystems()[0]
    if horizontal:
        # Categories from the top down, in the order of the table.
        axis = system.getAxisByDimension(0, 0)
        scale = axis.getScaleData()
        scale.Orientation = uno.Enum("com.sun.star.chart2.AxisOrientation", "REVERSE")
        axis.setScaleData(scale)
    series = system.getChartTypes()[0].getDataSeries()
    for one, color in zip(series, colors):
        one.Color = color


def build_charts(sheet, rep_first, rep_team, split_head, split_last):
    top, bottom = CHART_ROWS
    add_chart(sheet, "CoverageByRep", f"A{top}:D{bottom}",
              [f"A{REP_ROW}:A{rep_team - 1}", f"C{REP_ROW}:D{rep_team - 1}"],
              "This quarter: nominal against real coverage", [0xA6A6A6, 0x1F4E79])
    add_chart(sheet, "WhereThePipelineGoes", f"E{top}:I{bottom}", [f"A{split_head}:B{split_last}"],
              "Where the pipeline goes (amount by status)", [0x1F4E79], horizontal=True)


def build_dashboard(book, sheet, deals_last, talks_last):
    r = Ranges(deals_last)
    build_coverage(book, sheet, r)
    rate_rows = build_rates(book, sheet, talks_last)
    rep_first, rep_team = build_reps(book, sheet, r, rate_rows)
    split_head, split_last = build_split(book, sheet, r)
    build_deals(book, sheet, r)
    widths(sheet, [5.4, 2.6, 3.1, 2.6, 2.4, 2.4, 2.6, 2.7, 2.7])
    # Page 1 the figures, page 2 the charts and their tables, then the deals.
    for row in (CHART_ROWS[0], DEALS_ROW - 1):
        sheet.Rows.getByIndex(row - 1).IsStartOfNewPage = True
    build_charts(sheet, rep_first, rep_team, split_head, split_last)
    page_setup(book.document, sheet)


def page_setup(document, sheet):
    """Landscape and one page wide, so the Dashboard prints (and exports to PDF) legibly."""
    styles = document.StyleFamilies.getByName("PageStyles")
    if not styles.hasByName("Dashboard"):
        styles.insertByName("Dashboard", document.createInstance("com.sun.star.style.PageStyle"))
    style = styles.getByName("Dashboard")
    style.IsLandscape = True
    style.Width, style.Height = 29700, 21000
    style.ScaleToPagesX = 1
    style.ScaleToPagesY = 0
    style.LeftMargin = style.RightMargin = 1200
    style.TopMargin = style.BottomMargin = 1200
    style.HeaderIsOn = False
    style.CenterHorizontally = True
    sheet.PageStyle = "Dashboard"


def build(document):
    book = Workbook(document)
    document.Wildcards = True           # COUNTIF(...;"stalled*") on the Dashboard
    document.RegularExpressions = False
    sheets = document.Sheets
    while sheets.getCount() > 1:
        sheets.removeByName(sheets.getByIndex(1).getName())
    sheets.getByIndex(0).setName("Dashboard")
    for index, name in enumerate(["Pipeline", "Conversations", "Rules"], start=1):
        sheets.insertNewByName(name, index)

    lines = RULES_FILE.read_text(encoding="utf-8").splitlines()
    if len(lines) > RULES_ROWS:
        raise SystemExit(f"{RULES_FILE} has {len(lines)} lines; the Rules range holds {RULES_ROWS}")
    build_rules(book, sheets.getByName("Rules"), lines)
    build_inputs(book, sheets.getByName("Dashboard"))
    deals = pipeline_rows()
    deals_last = build_pipeline(book, sheets.getByName("Pipeline"), deals)
    talks_last = build_conversations(book, sheets.getByName("Conversations"), conversation_rows(deals))
    build_dashboard(book, sheets.getByName("Dashboard"), deals_last, talks_last)
    controller = document.getCurrentController()
    if controller is not None:
        controller.setActiveSheet(sheets.getByName("Dashboard"))
    document.calculateAll()


if __name__ == "__main__":
    office.workbook_maker(__doc__, build)
