#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang, ASan, UBSan) and runs each
# for SECONDS (default 60), starting from its checked-in corpus
# tests/fuzz/corpus/<target>/. New inputs go to build-fuzz/scratch/<target>/ and
# crashes, timeouts and leaks to build-fuzz/findings/<target>/; the checked-in
# corpus is never written. Prints one line per target and exits non-zero if any
# target found something.
#
#   scripts/fuzz.sh [SECONDS]
#   TRUEPIPE_FUZZ_PARALLEL=2 scripts/fuzz.sh 600    # two targets at a time
#   TRUEPIPE_FUZZ_TARGETS="rules_parser stall_days" scripts/fuzz.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
parallel="${TRUEPIPE_FUZZ_PARALLEL:-1}"
targets=(${TRUEPIPE_FUZZ_TARGETS:-rules_parser rules_check stall_days stall_limit advance_rate deal_status real_coverage win_rate review})

"$root/scripts/deps.sh"
cd "$root"
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz -j "$(nproc)"

build="$root/build-fuzz"
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

# Rules texts are longer than one deal table's cells.
max_len_of() {
    case "$1" in
        rules_parser | rules_check) echo 4096 ;;
        real_coverage) echo 1024 ;;
        review) echo 2048 ;;
        *) echo 512 ;;
    esac
}

# The rules language's keywords help the mutations that reach past the first word.
dict_of() {
    case "$1" in
        rules_parser | rules_check) echo "-dict=$root/tests/fuzz/rules.dict" ;;
    esac
}

run_target() {
    local target="$1" status=0 start
    start=$(date +%s)
    mkdir -p "$build/scratch/$target" "$build/findings/$target"
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$(max_len_of "$target")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $(dict_of "$target") \
        -artifact_prefix="$build/findings/$target/" \
        "$build/scratch/$target" "$root/tests/fuzz/corpus/$target" > "$build/logs/$target.log" 2>&1 || status=$?
    echo "$status $(($(date +%s) - start))" > "$build/logs/$target.status"
}
export -f run_target max_len_of dict_of
export root build seconds

# One line from libFuzzer's own numbers: executions, coverage, features, corpus.
summary_of() {
    local target="$1" log="$build/logs/$1.log" status="$2" elapsed="$3"
    local runs cov ft corpus findings
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    findings=$(find "$build/findings/$target" -type f | wc -l)
    printf '%-14s %5ss  executions %-10s cov %-6s ft %-7s corpus %-6s findings %s%s\n' "$target" "$elapsed" \
        "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$findings" \
        "$([ "$status" -eq 0 ] || echo "  (exit $status, see $log)")"
}

# A queue of targets, `parallel` at a time: a target that stops early on a
# finding frees its slot for the next.
mkdir -p "$build/logs"
rm -f "$build"/logs/*.status
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_target {}'

echo "Fuzzing for ${seconds}s per target (logs in $build/logs/):"
failed=0
for target in "${targets[@]}"; do
    read -r status elapsed < "$build/logs/$target.status" || { status=1 elapsed=0; }
    [ "$status" -eq 0 ] || failed=1
    summary_of "$target" "$status" "$elapsed"
done
exit "$failed"
