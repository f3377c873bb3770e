"""Builds examples/pipeline-template.ods: a team pipeline with a Dashboard that
tells nominal from real coverage, in real headless Calc with truepipe installed.

    /usr/bin/python3 examples/make_template.py --oxt build/truepipe.oxt \
        --out examples/pipeline-template.ods

The data are literal tables (plus a seeded generator for the dates of earlier
stages and for the conversation log) and the as-of date is fixed, so every run
gives the same workbook and the same figures. The rules are examples/team.rules,
one line per cell on the Rules sheet.
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
from com.sun.star.table import BorderLine2, CellAddress  # noqa: E402

AS_OF = date(2026, 11, 30)
TARGET = 1_200_000
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
HEADER_FILL, NOTE_GREY = 0xDDE5EE, 0x666666


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
    widths(sheet, [5.2, 4.6, 2.0, 2.4, 3.0] + [2.7] * 6)
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


def build_dashboard(book, sheet, deals_last, talks_last):
    p = lambda column: f"$Pipeline.${column}$2:${column}${deals_last}"  # noqa: E731
    amounts, stages, advances, closes = p("D"), p("E"), f"$Pipeline.$F$2:$J${deals_last}", p("K")
    put = lambda address, value, fmt=None: book.put(sheet, address, value, fmt)  # noqa: E731

    title = put("A1", "Pipeline truth: team dashboard")
    title.CharHeight = 16.0
    title.CharWeight = 150.0
    note(put("A2", "Every figure follows the As-of date and the Target below, and the thresholds on the Rules sheet."))
    sheet.getCellRangeByName("A2").ParaIndent = 0

    put("A4", "As of")
    put("B4", AS_OF)
    note(put("C4", "A fixed date keeps this report reproducible; type =TODAY() to follow the calendar."))
    put("A5", "Target (remaining quota)")
    put("B5", TARGET, "#,##0")
    note(put("C5", "What is still to be won this quarter; try another figure."))
    put("A6", "Rules")
    put("B6", f"=RULES_CHECK({RULES})")
    rules_check = sheet.getCellRangeByName("B6:G6")
    rules_check.merge(True)
    rules_check.IsTextWrapped = True
    rules_check.VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")
    sheet.Rows.getByIndex(5).Height = 900    # merged cells do not grow by themselves
    sheet.getCellRangeByName("A6").VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")
    for cell in ("B4", "B5"):
        sheet.getCellRangeByName(cell).CellBackColor = 0xFFF2CC   # the inputs
    book.name("AsOf", "$Dashboard.$B$4")
    book.name("Target", "$Dashboard.$B$5")

    first, last = 30, 30 + deals_last - 2
    table = f"$G${first}:$G${last}"
    amount_column = f"$D${first}:$D${last}"

    header(sheet.getCellRangeByName("A8:C8"))
    put("A8", "Coverage")
    put("B8", "Nominal")
    put("C8", "Real")
    align(sheet.getCellRangeByName("B8:C8"), "RIGHT")
    put("A9", "Coverage (pipeline / target)")
    put("B9", f'=(SUM({amounts})-SUMIF({stages};"Closed Won";{amounts})-SUMIF({stages};"Closed Lost";{amounts}))/Target',
        '0.00"x"')
    put("C9", f"=REAL_COVERAGE({amounts};{stages};{advances};{closes};Target;AsOf;{RULES})", '0.00"x"')
    sheet.getCellRangeByName("A9:C9").CharWeight = 150.0
    sheet.getCellRangeByName("B9:C9").CharHeight = 14.0
    put("A10", "Pipeline amount")
    put("B10", "=B9*Target", "#,##0")
    put("C10", "=C9*Target", "#,##0")
    put("A11", "Open deals")
    put("B11", f'=COUNTA({stages})-COUNTIF({stages};"Closed Won")-COUNTIF({stages};"Closed Lost")')
    put("C11", f'=COUNTIF({table};"real")')
    note(put("D9", "Nominal: every open deal at its full amount."))
    note(put("D10", "Real: open, counted deals that moved forward within their"))
    note(put("D11", "stall limit and are not past their close date, by stage weight."))
    book.name("NominalCoverage", "$Dashboard.$B$9")
    book.name("RealCoverage", "$Dashboard.$C$9")

    header(sheet.getCellRangeByName("A13:C13"))
    put("A13", "Where the pipeline goes")
    put("B13", "Deals")
    put("C13", "Amount")
    align(sheet.getCellRangeByName("B13:C13"), "RIGHT")
    reasons = [("Real (counts, before weights)", "real"), ("Stalled", "stalled*"),
               ("Past close date", "past close*"), ("No advance by the as-of date", "no advance*"),
               ("Not counted (Prospecting)", "not counted*"), ("Closed", "closed")]
    for row, (label, pattern) in enumerate(reasons, start=14):
        put(f"A{row}", label)
        put(f"B{row}", f'=COUNTIF({table};"{pattern}")')
        put(f"C{row}", f'=SUMIF({table};"{pattern}";{amount_column})', "#,##0")
    sheet.getCellRangeByName("B15").CharColor = RED_TEXT
    sheet.getCellRangeByName("B15").CharWeight = 150.0

    header(sheet.getCellRangeByName("A21:C21"))
    put("A21", "Advance rate")
    put("B21", "Rate")
    put("C21", "Conversations")
    align(sheet.getCellRangeByName("B21:C21"), "RIGHT")
    reps = f"$Conversations.$B$2:$B${talks_last}"
    outcomes = f"$Conversations.$D$2:$D${talks_last}"
    for row, rep in enumerate(REPS, start=22):
        put(f"A{row}", rep)
        cell = sheet.getCellRangeByName(f"B{row}")
        cell.setArrayFormula(f'=ADVANCE_RATE(IF({reps}=A{row};{outcomes};"");{RULES})')
        cell.NumberFormat = book.number_format("0%")
        put(f"C{row}", f"=COUNTIF({reps};A{row})")
    team = 22 + len(REPS)
    put(f"A{team}", "Team")
    put(f"B{team}", f"=ADVANCE_RATE({outcomes};{RULES})", "0%")
    put(f"C{team}", f"=COUNTA({outcomes})")
    sheet.getCellRangeByName(f"A{team}:C{team}").CharWeight = 150.0
    note(put("D22", "Share of sales conversations that ended with the buyer"))
    note(put("D23", "committing to a next step (Conversations sheet)."))
    book.name("AdvanceRates", f"$Dashboard.$A$22:$B${team}")

    titles = ["Deal", "Rep", "Stage", "Amount", "Stall days", "Limit", "Status"]
    for column, text in enumerate(titles):
        sheet.getCellByPosition(column, first - 2).setString(text)
    header(sheet.getCellRangeByPosition(0, first - 2, len(titles) - 1, first - 2))
    for offset in range(deals_last - 1):
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

    # Highlight stalled deals. Errors are texts and text > number is TRUE in Calc,
    # hence the ISNUMBER guards.
    deals_range = sheet.getCellRangeByName(f"A{first}:G{last}")
    entries = deals_range.ConditionalFormat
    entries.clear()
    entries.addNew(office.props(
        Operator=CONDITION_FORMULA,
        Formula1=f"AND(ISNUMBER($E{first});ISNUMBER($F{first});$E{first}>$F{first})",
        StyleName=stalled_style(book.document),
        SourcePosition=CellAddress(sheet.RangeAddress.Sheet, 0, first - 1)))
    deals_range.ConditionalFormat = entries

    widths(sheet, [5.6, 2.7, 3.2, 2.4, 2.2, 1.6, 7.8])
    page_setup(book.document, sheet)


def page_setup(document, sheet):
    """One page wide, so the Dashboard prints (and exports to PDF) legibly."""
    styles = document.StyleFamilies.getByName("PageStyles")
    if not styles.hasByName("Dashboard"):
        styles.insertByName("Dashboard", document.createInstance("com.sun.star.style.PageStyle"))
    style = styles.getByName("Dashboard")
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
