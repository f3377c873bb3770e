"""The weekly review's figures and chart for docs/PERFORMANCE.md, from what
bench/review.py measured. Only the part between <!-- review:begin --> and
<!-- review:end --> is replaced.

    python3 bench/review_report.py --review review.json --doc docs/PERFORMANCE.md --chart docs/review.png
"""

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import statistics

from report import count, seconds


def turns(size):
    """review / floor of each turn (the two were timed one after the other)."""
    return [review / floor for review, floor in zip(size["review"]["runs"], size["floor"]["runs"])]

BEGIN = "<!-- review:begin -->"
END = "<!-- review:end -->"


def figures(report):
    machine = report["machine"]
    lines = [
        f"Measured on {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"Linux {machine['kernel']}, {machine['libreoffice']}; median of {report['repeat']} recalculations of "
        f"each kind, the kinds taking turns. review / floor is the ratio of the medians; each turn's "
        f"ratio (a review and the floor timed one after the other) shows the spread.",
        "",
        "| deals (snapshot / today) | DEAL_CHANGE cells | floor | review | review / floor | each turn: median (range) "
        "| one edit: floor | one edit: review | edit: review / floor | first edit after a full recalculation: "
        "floor, review |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report["sizes"]:
        lines.append(
            f"| {count(size['snapshot'])} / {count(size['deals'])} | {count(size['ids'])} "
            f"| {seconds(size['floor']['median'])} | {seconds(size['review']['median'])} "
            f"| {size['ratio']:.2f}x | {statistics.median(turns(size)):.2f}x ({min(turns(size)):.2f}-{max(turns(size)):.2f}x) "
            f"| {seconds(size['floor_edit']['median'])} | {seconds(size['review_edit']['median'])} "
            f"| {size['review_edit']['median'] / size['floor_edit']['median']:.2f}x "
            f"| {seconds(size['floor_first_edit']['median'])}, {seconds(size['review_first_edit']['median'])} |")
    sizes = report["sizes"]
    steps = [(a, b) for a, b in zip(sizes, sizes[1:])]
    if steps:
        lines.append("")
        parts = []
        for a, b in steps:
            deals = b["ids"] / a["ids"]
            parts.append(f"{count(a['n'])} to {count(b['n'])}: {deals:.1f}x the deals, "
                         f"{b['review']['median'] / a['review']['median']:.1f}x the review's time "
                         f"({b['floor']['median'] / a['floor']['median']:.1f}x the floor's, "
                         f"{b['review_edit']['median'] / a['review_edit']['median']:.1f}x an edit's)")
        lines.append("Scaling: " + "; ".join(parts) + ".")
    lines.append("")
    lines.append("Checked in every run: each DEAL_CHANGE text and each PIPELINE_FLOW line equal what "
                 "`bench/review_oracle.py` computes in Python, before and after the edits; start plus the "
                 "categories is end; the DEAL_CHANGE cells of each category are as many as its deals line; "
                 "a full recalculation read each table once and an edit read the deals table once again. "
                 "Categories at the largest N: " +
                 ", ".join(f"{name} {count(number)}" for name, number in sizes[-1]["categories"].items()) + ".")
    return "\n".join(lines)


def chart(report, path):
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data.tsv"
        data.write_text("".join(
            f"{size['ids']}\t{size['floor']['median']}\t{size['review']['median']}"
            f"\t{size['floor_edit']['median']}\t{size['review_edit']['median']}\t{size['review_first_edit']['median']}\n" for size in report["sizes"]))
        ids = [size["ids"] for size in report["sizes"]]
        script = f"""
set terminal pngcairo size 1000,700 font "DejaVu Sans,11" noenhanced
set output "{path}"
set logscale xy
set xrange [{min(ids) / 2}:{max(ids) * 2}]
set xlabel "deals (DEAL_CHANGE cells)"
set ylabel "recalculation, seconds"
set format x "%.0s%c"
set key top left
set grid
set title "The weekly review in LibreOffice Calc: 28 PIPELINE_FLOW cells and one DEAL_CHANGE per deal"
plot "{data}" using 1:3 with linespoints lw 2 pt 7 title "review, full recalculation", \\
     "" using 1:2 with linespoints lw 2 pt 5 dt 2 title "floor: both tables read once, empty calls", \\
     "" using 1:5 with linespoints lw 2 pt 11 title "review, after one edit in the deals", \\
     "" using 1:4 with linespoints lw 2 pt 13 dt 3 title "floor, after one edit in the deals", \\
     "" using 1:6 with linespoints lw 2 pt 9 dt 4 title "review, the first edit after a full recalculation"
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def write_report(report, doc, chart_path):
    text = doc.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    doc.write_text(text[:start] + "\n" + figures(report) + "\n" + text[end:])
    if chart_path:
        chart(report, chart_path.resolve())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--review", type=Path, required=True)
    parser.add_argument("--doc", type=Path, required=True)
    parser.add_argument("--chart", type=Path)
    options = parser.parse_args()
    write_report(json.loads(options.review.read_text()), options.doc, options.chart)


if __name__ == "__main__":
    main()
