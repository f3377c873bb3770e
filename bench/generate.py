"""Writes the benchmark's pipeline: deterministic, realistic deals and
conversations, and the rules they are judged by.

    python3 bench/generate.py OUT_DIR [DEALS]

OUT_DIR/deals.csv     amount,stage,advance,close,include (the engine benchmark reads it)
OUT_DIR/calc.csv      amount,stage,advance,close,outcome,rep,include: the same deals plus one
                      conversation outcome and the deal's rep per row (Calc loads it)
OUT_DIR/bench.rules   business days with holidays, per-stage limits and weights, won and lost stages
OUT_DIR/facts.json    as_of, quarter end, target per deal, the stage table and holidays the native
                      formulas use

Dates are Calc day serials (days since 1899-12-30). Empty fields are empty cells.
`include` is TRUE or FALSE: whether the deal closes this quarter, as a helper
column `=D2<=QuarterEnd` computes it (so TRUE for an empty close date).

The reps come from a random stream of their own and include from the close
date, so the other columns are the same deals with or without them.
"""

import datetime
import json
import random
import sys
from pathlib import Path

EPOCH = datetime.date(1899, 12, 30)
AS_OF = datetime.date(2026, 11, 30)
QUARTER_END = datetime.date(2026, 12, 31)
HOLIDAYS = [datetime.date(2026, 1, 1), datetime.date(2026, 4, 3), datetime.date(2026, 4, 6),
            datetime.date(2026, 5, 1), datetime.date(2026, 5, 25), datetime.date(2026, 8, 31),
            datetime.date(2026, 11, 26), datetime.date(2026, 12, 24), datetime.date(2026, 12, 25),
            datetime.date(2027, 1, 1)]
# stage, share of deals, stall limit, weight, counted (open and not not-counted)
STAGES = [
    ("Prospecting", 0.10, 14, 1.0, 0),
    ("Qualification", 0.18, 10, 0.2, 1),
    ("Discovery", 0.18, 15, 0.4, 1),
    ("Proposal", 0.16, 10, 0.6, 1),
    ("Negotiation", 0.12, 8, 0.8, 1),
    ("Closed Won", 0.13, 30, 1.0, 0),
    ("Closed Lost", 0.13, 30, 1.0, 0),
]
ADVANCES = ["Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"]
CONTINUATIONS = ["Call back later", "Send information", "No decision"]
REPS = ["Ana", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo"]
DEFAULT_DEALS = 1_000_000


def serial(day):
    return (day - EPOCH).days


def rules_text():
    lines = ["# truepipe benchmark rules", "calendar business-days"]
    lines += [f"holiday {day.isoformat()}" for day in HOLIDAYS]
    lines.append("stall-limit 30 days")
    for name, _, limit, weight, counted in STAGES:
        if name == "Closed Won":
            lines.append(f'stage "{name}" won')
        elif name == "Closed Lost":
            lines.append(f'stage "{name}" lost')
        elif not counted:
            lines.append(f'stage "{name}" not-counted stall-limit {limit} days')
        else:
            lines.append(f'stage "{name}" stall-limit {limit} days weight {weight}')
    lines.append("advance " + ", ".join(f'"{name}"' for name in ADVANCES))
    lines.append("continuation " + ", ".join(f'"{name}"' for name in CONTINUATIONS))
    return "\n".join(lines) + "\n"


def deals(count, seed=7):
    """(amount, stage, advance, close, outcome, rep, include) rows; None is an
    empty cell."""
    rng = random.Random(seed)
    reps = random.Random(seed + 1)
    quarter_end = serial(QUARTER_END)
    names = [stage[0] for stage in STAGES]
    shares = [stage[1] for stage in STAGES]
    as_of = serial(AS_OF)
    for _ in range(count):
        stage = rng.choices(names, shares)[0]
        amount = rng.randint(1, 200) * 1000
        roll = rng.random()
        if roll < 0.03:
            advance = None                           # never moved
        elif roll < 0.08:
            advance = as_of + rng.randint(1, 30)     # moves after the as-of date
        else:
            advance = as_of - rng.randint(0, 60)
        closed = stage.startswith("Closed")
        close = None if closed and rng.random() < 0.5 else as_of + rng.randint(-30, 180)
        outcome = rng.choice(ADVANCES) if rng.random() < 0.4 else rng.choice(CONTINUATIONS)
        include = close is None or close <= quarter_end
        yield amount, stage, advance, close, outcome, reps.choice(REPS), include


def field(value):
    return "" if value is None else str(value)


def main():
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_DEALS
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "deals.csv", "w") as engine, open(out / "calc.csv", "w") as calc:
        engine.write("amount,stage,advance,close,include\n")
        calc.write("amount,stage,advance,close,outcome,rep,include\n")
        for amount, stage, advance, close, outcome, rep, include in deals(count):
            row = f"{amount},{stage},{field(advance)},{field(close)}"
            flag = "TRUE" if include else "FALSE"
            engine.write(f"{row},{flag}\n")
            calc.write(f"{row},{outcome},{rep},{flag}\n")
    (out / "bench.rules").write_text(rules_text())
    facts = {
        "deals": count,
        "as_of": serial(AS_OF),
        "quarter_end": serial(QUARTER_END),
        "target_per_deal": 25_000.0,  # the remaining quota grows with the pipeline
        "holidays": [serial(day) for day in HOLIDAYS],
        "stages": [{"name": name, "limit": limit, "weight": weight, "counted": counted}
                   for name, _, limit, weight, counted in STAGES],
        "advances": ADVANCES,
        "continuations": CONTINUATIONS,
        "won": "Closed Won",
        "lost": "Closed Lost",
    }
    (out / "facts.json").write_text(json.dumps(facts, indent=1) + "\n")


if __name__ == "__main__":
    main()
