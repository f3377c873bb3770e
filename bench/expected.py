"""What the benchmark's one-formula cases must give, computed in Python from the
generated deals and facts.json alone, without Calc or truepipe: a second
witness beside the native formulas, which share Calc with what they check.

    expected_values(calc_csv, facts) -> {case name: value}

The case names are those of run.py. The include column is the helper column of
the generated deals (TRUE: the deal closes this quarter).
"""

import csv
import datetime

EPOCH = datetime.date(1899, 12, 30)


def number(field):
    return None if field == "" else float(field)


def business_days_after(latest, as_of, holidays, memo):
    """Working days d with latest < d <= as_of (Monday to Friday, not a holiday)."""
    if latest not in memo:
        days = 0
        for day in range(int(latest) + 1, int(as_of) + 1):
            if (EPOCH + datetime.timedelta(days=day)).weekday() < 5 and day not in holidays:
                days += 1
        memo[latest] = days
    return memo[latest]


def real_pipeline(row, facts, stages, holidays, memo):
    """The deal's amount times its stage weight when it is real, else 0."""
    stage = stages[row["stage"]]
    advance, close = number(row["advance"]), number(row["close"])
    as_of = facts["as_of"]
    if not stage["counted"] or advance is None or advance > as_of or close is None or close < as_of:
        return 0.0
    if business_days_after(advance, as_of, holidays, memo) > stage["limit"]:
        return 0.0
    return float(row["amount"]) * stage["weight"]


def ratio(part, whole):
    return part / whole if whole else None


def expected_values(calc_csv, facts):
    stages = {stage["name"]: stage for stage in facts["stages"]}
    holidays = set(facts["holidays"])
    advances, continuations = set(facts["advances"]), set(facts["continuations"])
    memo = {}
    deals = 0
    pipeline = {"all": 0.0, "in": 0.0}
    outcomes = {"all": [0, 0], "in": [0, 0]}  # advanced, continued
    won = {"count": 0, "amount": 0.0}
    decided = {"count": 0, "amount": 0.0}
    with open(calc_csv, newline="") as source:
        for row in csv.DictReader(source):
            deals += 1
            in_scope = row["include"] == "TRUE"
            real = real_pipeline(row, facts, stages, holidays, memo)
            advanced = row["outcome"] in advances
            if not advanced and row["outcome"] not in continuations:
                raise SystemExit(f"generated outcome {row['outcome']!r} is in neither list")
            scopes = ("all", "in") if in_scope else ("all",)
            for scope in scopes:
                pipeline[scope] += real
                outcomes[scope][0 if advanced else 1] += 1
            if in_scope and row["stage"] in (facts["won"], facts["lost"]):
                amount = float(row["amount"])
                decided["count"] += 1
                decided["amount"] += amount
                if row["stage"] == facts["won"]:
                    won["count"] += 1
                    won["amount"] += amount
    target = facts["target_per_deal"] * deals
    return {
        "real_coverage": pipeline["all"] / target,
        "advance_rate": ratio(outcomes["all"][0], sum(outcomes["all"])),
        "real_coverage_include": pipeline["in"] / target,
        "advance_rate_include": ratio(outcomes["in"][0], sum(outcomes["in"])),
        "win_rate_count": ratio(won["count"], decided["count"]),
        "win_rate_amount": ratio(won["amount"], decided["amount"]),
    }
