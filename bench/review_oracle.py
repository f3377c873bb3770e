"""The weekly review's benchmark data, and what PIPELINE_FLOW and DEAL_CHANGE
must give for it, computed in Python from the README's categories table alone
(no Calc, no truepipe code): a witness that shares nothing with what it checks.

    generate(n) -> data       a snapshot of n deals, today's export of them, the rules
    review(data) -> {"texts": {id: DEAL_CHANGE text}, "flow": {line: (amount, deals)}}

Dates are Calc day serials (days since 1899-12-30); None is an empty cell.
"""

import datetime
import random

from generate import HOLIDAYS, STAGES, REPS, rules_text, serial

EPOCH = datetime.date(1899, 12, 30)
SNAPSHOT_DATE = serial(datetime.date(2026, 11, 23))  # last Monday
AS_OF = serial(datetime.date(2026, 11, 30))          # this Monday
PERIOD_END = serial(datetime.date(2026, 12, 31))     # the quarter's last day

# The waterfall's lines, as a review sheet lists them.
LINES = ["start", "new", "pulled in", "became real", "increased", "unchanged", "decreased", "no longer real",
         "pushed out", "won", "lost", "closed", "removed", "end"]

# A CRM export: the review reads ID, Amount, Stage, Advance Date, Close Date
# (and Owner when asked for one rep); the other four columns are there because
# exports have them.
HEADER = ["ID", "Account", "Amount", "Stage", "Advance Date", "Close Date", "Owner", "Region", "Lead Source",
          "Next Step"]
ID, ACCOUNT, AMOUNT, STAGE, ADVANCE, CLOSE, OWNER, REGION, SOURCE, NEXT = range(len(HEADER))
REGIONS = ["EMEA", "North America", "APAC", "LATAM"]
SOURCES = ["Inbound", "Outbound", "Partner", "Event", "Referral"]
NEXT_STEPS = ["Call back", "Send proposal", "Demo booked", "Waiting on legal", "Follow up", "Security review"]

OPEN = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"]
DISQUALIFIED = "Disqualified"  # closed, neither won nor lost
# name -> (counted, stall limit, weight, decision): decision is won, lost, closed or None (open)
STAGE_RULES = {name: (bool(counted), limit, weight, None) for name, _, limit, weight, counted in STAGES}
STAGE_RULES["Closed Won"] = (False, 0, 1.0, "won")
STAGE_RULES["Closed Lost"] = (False, 0, 1.0, "lost")
STAGE_RULES[DISQUALIFIED] = (False, 0, 1.0, "closed")


def iso(day):
    return (EPOCH + datetime.timedelta(days=int(day))).isoformat()


def rules_lines():
    return rules_text().splitlines() + [f'stage "{DISQUALIFIED}" closed']


# ---- The data ------------------------------------------------------------------------


def generate(n, seed=11):
    rng = random.Random(seed * 1_000_003 + n)

    def extras():
        return [f"Account {rng.randint(1, max(1, n // 3))}", rng.choice(REGIONS), rng.choice(SOURCES),
                rng.choice(NEXT_STEPS)]

    def row(deal_id, amount, stage, advance, close, owner):
        account, region, source, step = extras()
        return [deal_id, account, float(amount), stage, advance, close, owner, region, source, step]

    snapshot = []
    for i in range(n):
        stage = rng.choices(OPEN + ["Closed Won", "Closed Lost", DISQUALIFIED],
                            [0.12, 0.20, 0.20, 0.18, 0.14, 0.07, 0.07, 0.02])[0]
        advance = None if rng.random() < 0.03 else SNAPSHOT_DATE - rng.randint(0, 25)
        if stage in OPEN:
            close = SNAPSHOT_DATE + rng.randint(-15, 90)
        else:
            close = None if rng.random() < 0.5 else SNAPSHOT_DATE - rng.randint(0, 60)
        snapshot.append(row(f"D{i + 1:07d}", rng.randint(1, 200) * 1000, stage, advance, close, rng.choice(REPS)))

    today = []
    for before in snapshot:
        now = list(before)
        roll = rng.random()
        if roll < 0.03:
            continue  # removed from the CRM
        if before[STAGE] in OPEN:
            if roll < 0.08:
                now[STAGE], now[CLOSE] = "Closed Won", AS_OF - rng.randint(0, 6)
                now[ADVANCE] = now[CLOSE]
            elif roll < 0.11:
                now[STAGE], now[CLOSE] = "Closed Lost", AS_OF - rng.randint(0, 6)
            elif roll < 0.12:
                now[STAGE] = DISQUALIFIED
            elif roll < 0.22:  # moved forward a stage
                position = OPEN.index(before[STAGE])
                now[STAGE] = OPEN[position + 1] if position + 1 < len(OPEN) else "Closed Won"
                now[ADVANCE] = AS_OF - rng.randint(0, 6)
            elif roll < 0.30:  # the amount changed, sometimes the close date with it
                now[AMOUNT] = float(max(1, round(before[AMOUNT] * rng.choice([0.5, 0.8, 1.2, 1.5]) / 1000)) * 1000)
                if rng.random() < 0.3:
                    now[CLOSE] = before[CLOSE] + rng.randint(-30, 45)
            elif roll < 0.38:  # the close date moved, often across the period's end
                now[CLOSE] = before[CLOSE] + rng.choice([-1, 1]) * rng.randint(5, 60)
            elif roll < 0.43:  # a meeting: a new advance date, the same stage
                now[ADVANCE] = AS_OF - rng.randint(0, 6)
        if rng.random() < 0.02:
            now[OWNER] = rng.choice(REPS)
        now[NEXT] = rng.choice(NEXT_STEPS)
        today.append(now)
    for i in range(n, n + max(1, round(0.04 * n))):  # new this week
        if rng.random() < 0.1:
            close = AS_OF - rng.randint(0, 6)
            today.append(row(f"D{i + 1:07d}", rng.randint(1, 200) * 1000, "Closed Won", close, close,
                             rng.choice(REPS)))
        else:
            today.append(row(f"D{i + 1:07d}", rng.randint(1, 200) * 1000, rng.choice(OPEN),
                             AS_OF - rng.randint(0, 10), AS_OF + rng.randint(0, 120), rng.choice(REPS)))
    ids = [deal[ID] for deal in snapshot]
    known = set(ids)
    ids += [deal[ID] for deal in today if deal[ID] not in known]
    return {"n": n, "header": HEADER, "snapshot": snapshot, "today": today, "ids": ids,
            "rules": rules_lines(), "snapshot_date": SNAPSHOT_DATE, "as_of": AS_OF, "period_end": PERIOD_END}


# ---- The review, as the README's categories table says -----------------------------------


class Calendar:
    """Business days: Monday to Friday, not a holiday."""

    def __init__(self):
        self.holidays = {serial(day) for day in HOLIDAYS}
        self.memo = {}

    def days_after(self, latest, day):
        """Counted days d with latest < d <= day."""
        key = (latest, day)
        if key not in self.memo:
            self.memo[key] = sum(1 for d in range(int(latest) + 1, int(day) + 1)
                                 if (EPOCH + datetime.timedelta(days=d)).weekday() < 5 and d not in self.holidays)
        return self.memo[key]


def judge(row, day, calendar, period_end):
    """A deal as one table has it on that table's day: (row, in scope, real,
    value, why it is not real)."""
    if row is None:
        return None, False, False, 0.0, None
    counted, limit, weight, decision = STAGE_RULES[row[STAGE]]
    close = row[CLOSE]
    in_scope = close is not None and close <= period_end
    if decision is not None:
        why = "closed"
    elif not counted:
        why = f"not counted: {row[STAGE]}"
    else:
        advance = row[ADVANCE]
        if advance is None or advance > day:
            why = f"no advance on or before {iso(day)}"
        else:
            stalled = calendar.days_after(advance, day)
            if stalled > limit:
                why = f"stalled: {stalled} {'day' if stalled == 1 else 'days'} in {row[STAGE]} (limit {limit})"
            elif close < day:
                why = f"past close date {iso(close)}"
            else:
                why = None
    real = in_scope and why is None
    return row, in_scope, real, (row[AMOUNT] * weight if real else 0.0), why


def same_amount(a, b):
    return a == b or float(f"{a:.15g}") == float(f"{b:.15g}")


def classify(then, now, period_end):
    then_row, then_scope, then_real, then_value, _ = then
    now_row, now_scope, now_real, now_value, _ = now
    if not then_scope and not now_scope:
        return None
    closed = lambda row: STAGE_RULES[row[STAGE]][3] is not None  # noqa: E731
    if then_row and now_row and closed(then_row) and closed(now_row):
        return None
    if now_row and closed(now_row):
        return STAGE_RULES[now_row[STAGE]][3]
    if not then_row:
        return "new"
    if not now_row:
        return "removed"
    if then_scope and now_row[CLOSE] is not None and now_row[CLOSE] > period_end:
        return "pushed out"
    if then_row[CLOSE] is not None and then_row[CLOSE] > period_end and now_scope:
        return "pulled in"
    if not then_real and now_real:
        return "became real"
    if then_real and not now_real:
        return "no longer real"
    if then_real and not same_amount(now_value, then_value):
        return "increased" if now_value > then_value else "decreased"
    return "unchanged"


def amount_text(amount):
    return "none" if amount is None else f"{amount:.15g}"


def changes(before, today):
    said = []
    if before[STAGE].casefold() != today[STAGE].casefold():
        said.append(f"{before[STAGE]} → {today[STAGE]}")
    if before[CLOSE] != today[CLOSE]:
        date = lambda day: "none" if day is None else iso(day)  # noqa: E731
        said.append(f"close {date(before[CLOSE])} → {date(today[CLOSE])}")
    if (before[AMOUNT] is None) != (today[AMOUNT] is None) or (
            before[AMOUNT] is not None and not same_amount(before[AMOUNT], today[AMOUNT])):
        said.append(f"amount {amount_text(before[AMOUNT])} → {amount_text(today[AMOUNT])}")
    if before[OWNER].casefold() != today[OWNER].casefold():
        said.append(f"owner {before[OWNER]} → {today[OWNER]}")
    return said


def review(data):
    calendar = Calendar()
    period_end = data["period_end"]
    snapshot = {row[ID]: row for row in data["snapshot"]}
    today = {row[ID]: row for row in data["today"]}
    amounts = {line: 0.0 for line in LINES}
    deals = {line: 0 for line in LINES}
    texts = {}
    for deal_id in data["ids"]:
        before, now_row = snapshot.get(deal_id), today.get(deal_id)
        then = judge(before, data["snapshot_date"], calendar, period_end)
        now = judge(now_row, data["as_of"], calendar, period_end)
        category = classify(then, now, period_end)
        if category is None:
            texts[deal_id] = "out of scope"
            continue
        amounts[category] += now[3] - then[3]
        deals[category] += 1
        amounts["start"] += then[3]
        amounts["end"] += now[3]
        deals["start"] += 1 if then[2] else 0
        deals["end"] += 1 if now[2] else 0
        said = changes(before, now_row) if before and now_row else []
        if category == "no longer real":
            said.append(now[4] or "real")
        texts[deal_id] = category + "".join((": " if i == 0 else "; ") + part for i, part in enumerate(said))
    return {"texts": texts, "flow": {line: (amounts[line], float(deals[line])) for line in LINES}}


if __name__ == "__main__":
    import collections
    import sys
    data = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    result = review(data)
    print(collections.Counter(text.split(":")[0] for text in result["texts"].values()))
    print(result["flow"])
