#!/usr/bin/env bash
# The benchmark, in one command: builds the benchmark variant of the extension
# (build-bench/truepipe-bench.oxt, TRUEPIPE_BENCH=ON: the floor functions), generates a realistic
# pipeline, times the engine alone and truepipe in real headless LibreOffice
# against the floors and the native formulas, and writes the figures into
# docs/PERFORMANCE.md and the chart docs/performance.png.
#
#   scripts/bench.sh [SIZES]          # default 10000,100000,1000000
#   TRUEPIPE_BENCH_REPEAT=7 scripts/bench.sh
#   scripts/bench.sh --smoke          # 2,000 deals once and a weekly review of 500:
#                                     # every check, no figures written (scripts/test.sh runs it)
#   TRUEPIPE_REVIEW_SIZES=1000,10000 scripts/bench.sh   # the weekly review's sizes
#                                     # (default 1000,10000,100000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
smoke=0
if [ "${1:-}" = --smoke ]; then
    smoke=1
    shift
fi
if [ $smoke -eq 1 ]; then
    sizes=2000
    review_sizes=500
    repeat=1
else
    sizes="${1:-10000,100000,1000000}"
    review_sizes="${TRUEPIPE_REVIEW_SIZES:-1000,10000,100000}"
    repeat="${TRUEPIPE_BENCH_REPEAT:-5}"
fi
build="$root/build-bench"
results="$build/results"
[ $smoke -eq 0 ] || results="$build/results-smoke"

"$root/scripts/deps.sh" bench
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUEPIPE_BENCH=ON -DTRUEPIPE_TESTS=OFF > /dev/null
cmake --build "$build" -j "$(nproc)"

largest=$(tr ',' '\n' <<< "$sizes" | sort -n | tail -1)
mkdir -p "$results"
data="$build/data"
# Generated again when too small or written by an older generator (other columns).
if [ ! -f "$data/facts.json" ] || [ "$root/bench/generate.py" -nt "$data/facts.json" ] ||
    [ "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['deals'])" "$data/facts.json")" -lt "$largest" ]; then
    echo "Generating $largest deals"
    python3 "$root/bench/generate.py" "$data" "$largest"
fi
read -r as_of per_deal < <(python3 -c "import json,sys; f=json.load(open(sys.argv[1])); print(f['as_of'], f['target_per_deal'])" "$data/facts.json")

echo "The engine alone"
engine="$build/bench/truepipe_engine_bench"
echo "[" > "$results/engine.json"
first=1
for n in ${sizes//,/ }; do
    head -n "$((n + 1))" "$data/deals.csv" > "$data/deals-$n.csv"
    line=$("$engine" "$data/deals-$n.csv" --as-of "$as_of" --target "$(python3 -c "print($per_deal * $n)")" \
        --rules "$data/bench.rules")
    echo "  $line"
    [ $first -eq 1 ] || echo "," >> "$results/engine.json"
    echo "$line" >> "$results/engine.json"
    first=0
done
echo "]" >> "$results/engine.json"
{
    echo "{"
    for as in cells inline omitted; do
        echo "\"$as\": $("$engine" --rules-lookup "$data/bench.rules" --as "$as")"
        [ "$as" = omitted ] || echo ","
    done
    echo "}"
} > "$results/lookups.json"
cat "$results/lookups.json"

echo "truepipe in LibreOffice Calc"
/usr/bin/python3 "$root/bench/run.py" --oxt "$build/truepipe-bench.oxt" --data "$data" --out "$results/calc.json" \
    --sizes "$sizes" --repeat "$repeat"

echo "The weekly review in LibreOffice Calc"
/usr/bin/python3 "$root/bench/review.py" --oxt "$build/truepipe-bench.oxt" --out "$results/review.json" \
    --sizes "$review_sizes" --repeat "$repeat"

if [ $smoke -eq 1 ]; then
    # The report and chart from a copy of the page, so a smoke run changes nothing.
    cp "$root/docs/PERFORMANCE.md" "$results/PERFORMANCE.md"
    python3 "$root/bench/report.py" --calc "$results/calc.json" --engine "$results/engine.json" \
        --lookups "$results/lookups.json" --doc "$results/PERFORMANCE.md" --chart "$results/performance.png"
    python3 "$root/bench/review_report.py" --review "$results/review.json" --doc "$results/PERFORMANCE.md" \
        --chart "$results/review.png"
    echo "Benchmark smoke run passed (results in $results)"
    exit 0
fi
python3 "$root/bench/report.py" --calc "$results/calc.json" --engine "$results/engine.json" \
    --lookups "$results/lookups.json" --doc "$root/docs/PERFORMANCE.md" --chart "$root/docs/performance.png"
python3 "$root/bench/review_report.py" --review "$results/review.json" --doc "$root/docs/PERFORMANCE.md" \
    --chart "$root/docs/review.png"
echo "Figures written to docs/PERFORMANCE.md, docs/performance.png and docs/review.png"
