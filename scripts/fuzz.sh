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
targets=(${TRUEPIPE_FUZZ_TARGETS:-rules_parser rules_check stall_days stall_limit advance_rate deal_status real_coverage})

"$root/scripts/deps.sh" fuzz
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
        *) echo 512 ;;
    esac
}

run_target() {
    local target="$1"
    mkdir -p "$build/scratch/$target" "$build/findings/$target" "$build/logs"
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$(max_len_of "$target")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/findings/$target/" \
        "$build/scratch/$target" "$root/tests/fuzz/corpus/$target" > "$build/logs/$target.log" 2>&1
}

# One line from libFuzzer's own numbers: executions, coverage, features, corpus.
summary_of() {
    local target="$1" log="$build/logs/$1.log" status="$2"
    local runs cov ft corpus findings
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    findings=$(find "$build/findings/$target" -type f | wc -l)
    printf '%-14s %6ss  executions %-10s cov %-6s ft %-7s corpus %-6s findings %s%s\n' "$target" "$seconds" \
        "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$findings" \
        "$([ "$status" -eq 0 ] || echo "  (exit $status, see $log)")"
}

declare -A status
failed=0
for ((i = 0; i < ${#targets[@]}; i += parallel)); do
    batch=("${targets[@]:i:parallel}")
    declare -A pids=()
    for target in "${batch[@]}"; do
        run_target "$target" &
        pids[$target]=$!
    done
    for target in "${batch[@]}"; do
        if wait "${pids[$target]}"; then status[$target]=0; else status[$target]=$?; failed=1; fi
    done
    unset pids
done

echo "Fuzzing for ${seconds}s per target (logs in $build/logs/):"
for target in "${targets[@]}"; do
    summary_of "$target" "${status[$target]}"
done
exit "$failed"
